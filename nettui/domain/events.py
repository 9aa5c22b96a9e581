"""Events (a conference, a fair, a talk) as people type them, and what meeting someone
there leaves behind: pure rules, shared by `nettui event` and the app's event page.

Decisions:
- An event is recorded before or after it happens, so its date is read by
  `parse_either`: a date without a year is the nearest such day, past or coming
  (3 Dec seen on 6 Dec is three days ago; 3 Jan seen on 6 Dec is next month); the past
  forms work ("yesterday", "ayer", "3 days ago", "hace 3 días"); a date with a year is
  that date.
- A date without a time ("2026-11-20", "el viernes") makes an all-day event: it starts
  at midnight and lasts whole days (one unless a length says more). A date with a time
  lasts until the end of that day unless a length is given.
- A length is hours ("3h", "90 min", "2 horas", as a meetup's) or days ("2 days",
  "2 días", "3d", "1 week"), at most 31 days.
- An all-day event is reasoned on in local calendar days, never in hours: one of three
  days across a change of the clocks lasts 71 or 73 hours (its ends carry two offsets).
- "me" (and "yo") is the user: never someone met there nor someone going.
- An event "has happened" once it has started: the evening of its first day counts.
- Someone met at a multi-day event is met on the day it is now if the event is still
  on, else on its first day.
- A note on someone met there is one line: "needs …" / "necesita …" / "busca …" /
  "looking for …" becomes a need of theirs, "offers …" / "ofrece …" / "can help with
  …" an offer, anything else is what they do (their role, when they have none yet).
  The whole note is kept in the line of their history either way: "Met at …" when
  the event is where you first met in person, "Saw again at …" when met before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from nettui.domain.dates import (
    _AGO_EN,
    _AGO_ES,
    _PAST_DAYS,
    _RELATIVE_DAYS,
    DEFAULT_TIME,
    UNITS,
    DateError,
    _absolute,
    _not_understood,
    _number,
    _relative,
    _split_time,
    _weekday,
    _zone_moment,
    has_time,
    parse,
    parse_duration,
)
from nettui.domain.errors import ValidationError
from nettui.domain.models import ME, Event, NeedOfferKind
from nettui.domain.text import fold
from nettui.i18n import N_, _

MAX_DAYS = 31

_DAY_WORDS = {"d": 1, "day": 1, "days": 1, "dia": 1, "dias": 1,
              "w": 7, "week": 7, "weeks": 7, "semana": 7, "semanas": 7}  # fmt: skip
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "un": 1, "una": 1, "uno": 1, "two": 2, "dos": 2,
                "three": 3, "tres": 3, "four": 4, "cuatro": 4, "five": 5, "cinco": 5}  # fmt: skip
_DAYS = re.compile(r"^(\d+|[a-z]+)\s*([a-z]+)$")


EITHER_EXAMPLES = N_(
    "3 Dec, 3 Dec 9:00, 2026-12-03, yesterday, 3 days ago, friday, tomorrow, "
    "3 de diciembre, ayer, hace 3 días, el viernes"
)
# A date without a year is the nearest such day: from half a year before today.
_HALF_YEAR = timedelta(days=182)


def parse_either(text: str, now: datetime, lang: str = "en") -> datetime:
    """A moment that may be past or coming, in the zone of `now`: what `parse`
    understands, and also the past ("yesterday", "ayer", "3 days ago", "hace 3 días",
    with a time or not). A date without a year ("3 Dec", "3/12") is the nearest such
    day, past or coming: 3 Dec seen on 6 Dec is three days ago, 3 Jan next month. A
    date with a year is that date; weekdays and "in N days" are ahead, as in `parse`."""
    from dateutil.relativedelta import relativedelta

    cleaned = " ".join(fold(text).replace(",", " ").split())
    if not cleaned:
        raise DateError(_("Say when. Try: {examples}.").format(examples=_(EITHER_EXAMPLES)))
    today = now.date()
    rest, at = _split_time(cleaned)
    day: date | None = None
    ago = _AGO_EN.match(rest) or _AGO_ES.match(rest)
    if rest in _PAST_DAYS and rest not in _RELATIVE_DAYS:
        day = today - timedelta(days=_PAST_DAYS[rest])
    elif ago and ago.group(2) in UNITS:
        day = today - relativedelta(**{UNITS[ago.group(2)]: _number(ago.group(1)) or 1})
    elif (
        rest
        and rest not in _RELATIVE_DAYS
        and _weekday(rest.split(), today, at, now) is None
        and _relative(rest.split(), today) is None
    ):
        words = " ".join(w for w in rest.split() if w not in ("el", "on", "the"))
        day = _absolute(words, today - _HALF_YEAR, lang)
        if day is None:
            raise _not_understood(text, EITHER_EXAMPLES)
    if day is None:
        return parse(text, now, lang)
    return _zone_moment(day, at or DEFAULT_TIME, now.tzinfo, text)


def parse_length(text: str) -> timedelta | None:
    """How long an event lasts: None when nothing was typed (the default applies)."""
    cleaned = " ".join(fold(text).split())
    if not cleaned:
        return None
    match = _DAYS.match(cleaned)
    if match and match.group(2) in _DAY_WORDS:
        count = match.group(1)
        n = int(count) if count.isdigit() else _COUNT_WORDS.get(count)
        days = n * _DAY_WORDS[match.group(2)] if n is not None else 0
        if days > MAX_DAYS:
            raise DateError(
                _("{text!r} is too long: an event lasts at most {n} days.").format(
                    text=text, n=MAX_DAYS
                )
            )
        if days >= 1:
            return timedelta(days=days)
    try:
        return parse_duration(cleaned)
    except DateError:
        raise DateError(
            _("{text!r} is not a length. Try: 3h, 90 min, 2 days, 2 días, 1 week.").format(
                text=text
            )
        ) from None


def event_span(
    when: str, length: str, now: datetime, lang: str = "en"
) -> tuple[datetime, datetime]:
    """(start, end) of an event from what was typed (see the module's decisions)."""
    start = parse_either(when, now, lang)
    lasts = parse_length(length)
    if not has_time(when) and (lasts is None or lasts % timedelta(days=1) == timedelta(0)):
        start = _midnight(start.date(), start)
        days = lasts.days if lasts is not None else 1
        return start, _midnight(start.date() + timedelta(days=days), start)
    if lasts is None:
        return start, _midnight(start.date() + timedelta(days=1), start)
    return start, start + lasts


def _midnight(day: date, like: datetime) -> datetime:
    return datetime.combine(day, time(0), like.tzinfo)


def has_started(event: Event, now: datetime) -> bool:
    return datetime.fromisoformat(event.start) <= now


def is_upcoming(event: Event, now: datetime) -> bool:
    """Not over yet: its page lists who to meet there."""
    return datetime.fromisoformat(event.end) > now


def met_moment(event: Event, now: datetime) -> datetime:
    """When someone met at `event` is logged as met: today while the event is on, else
    its first day; at its start time, or noon for an all-day event."""
    start = datetime.fromisoformat(event.start)
    end = datetime.fromisoformat(event.end)
    if start <= now < end and now.date() != start.astimezone(now.tzinfo).date():
        return now
    days = whole_days(start, end, now.tzinfo)
    if days:
        return datetime.combine(days[0], time(12), now.tzinfo)
    return start


def whole_days(start: datetime, end: datetime, zone: tzinfo | None) -> tuple[date, date] | None:
    """The first and last day of an all-day event (midnight to midnight, local), or
    None. On calendar days in `zone`, not in hours: across a change of the clocks an
    event of three whole days lasts 71 or 73 hours, and its ends carry two offsets."""
    first, after = start.astimezone(zone), end.astimezone(zone)
    if first.time() != time(0) or after.time() != time(0) or after.date() <= first.date():
        return None
    return first.date(), after.date() - timedelta(days=1)


@dataclass(frozen=True)
class Note:
    """A one-line note on someone met: a need, an offer, or what they do."""

    kind: NeedOfferKind | None  # None: what they do
    text: str


_NEED_WORDS = ("needs", "need", "necesita", "necesito", "busca", "busco",
               "looking for", "is looking for", "wants", "quiere")  # fmt: skip
_OFFER_WORDS = ("offers", "offer", "ofrece", "ofrezco", "can help with",
                "puede ayudar con", "could help with")  # fmt: skip


def read_note(text: str) -> Note | None:
    """What a note says, or None for an empty one."""
    words = text.split()
    if not words:
        return None
    folded = [fold(w) for w in words]
    for kind, starts in ((NeedOfferKind.NEED, _NEED_WORDS), (NeedOfferKind.OFFER, _OFFER_WORDS)):
        for start in sorted(starts, key=len, reverse=True):
            said = start.split()
            rest = words[len(said) :]
            if folded[: len(said)] == said and rest:
                return Note(kind, " ".join(rest))
    return Note(None, " ".join(words))


def met_summary(event_name: str, note: str, first: bool = True) -> str:
    """The line someone's history keeps of meeting them at an event: "Met at X" when
    it is where you met in person first (someone new, or known online only), "Saw
    again at X" for someone met in person before."""
    said = (_("Met at {event}") if first else _("Saw again at {event}")).format(
        event=event_name.strip()
    )
    note = " ".join(note.split())
    return f"{said}: {note}" if note else said


def refuse_me(ref: str) -> None:
    """ "me" ("yo") is the user: never someone met at an event, nor someone going."""
    if fold(" ".join(ref.split())) in {ME, "yo", fold(_("me"))}:
        raise ValidationError(_("{ref!r}: that's you. Name someone else.").format(ref=ref.strip()))


def compact(text: str) -> str:
    """A name folded and without spaces or punctuation: "pycon es" is "PyConES"."""
    return "".join(c for c in fold(text) if c.isalnum())


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(text))


def name_matches(typed: str, name: str) -> bool:
    """Does what was typed name this event, by whole words or their starts (folded)?
    Either every word typed starts a word of the name ("sev tech", "pycon" for
    "PyConES 2026"), or, spaces ignored, it runs from the start of one of its words
    ("pycon es" is "PyConES", "tech sev" is "… Tech Sevilla"). Never from inside a
    word: "evil" is not "Sevilla Tech", "es" not "PyConES"."""
    said, words = _words(typed), _words(name)
    if not said:
        return False
    if all(any(w.startswith(s) for w in words) for s in said):
        return True
    wanted = "".join(said)
    return any("".join(words[n:]).startswith(wanted) for n in range(len(words)))


def describe_span(start: datetime, end: datetime, now: datetime) -> str:
    """When an event is, for its page and `event add`: "Friday, November 20, 2026, all
    day (in 3 days)", "… to Sunday, November 22, 2026", or "…, 09:00–18:00"."""
    from nettui.i18n import day_long_with_year, ngettext

    start, end = start.astimezone(now.tzinfo), end.astimezone(now.tzinfo)
    days = (start.date() - now.date()).days
    if days == 0:
        when = _("today")
    elif days > 0:
        when = ngettext("in {n} day", "in {n} days", days).format(n=days)
    else:
        when = ngettext("{n} day ago", "{n} days ago", -days).format(n=-days)
    all_day = whole_days(start, end, now.tzinfo)
    if all_day and all_day[0] == all_day[1]:
        said = _("{day}, all day").format(day=day_long_with_year(start))
    elif all_day:
        said = _("{first} to {last}").format(
            first=day_long_with_year(start), last=day_long_with_year(all_day[1])
        )
    elif end.date() == start.date() or (
        end.time() == time(0) and end.date() == start.date() + timedelta(days=1)
    ):
        said = f"{day_long_with_year(start)}, {start:%H:%M}–{end:%H:%M}"
    else:
        said = _("{first} to {last}").format(
            first=f"{day_long_with_year(start)}, {start:%H:%M}",
            last=f"{day_long_with_year(end)}, {end:%H:%M}",
        )
    return f"{said} ({when})"
