"""Events (a conference, a fair, a talk) as people type them, and what meeting someone
there leaves behind: pure rules, shared by `nettui event` and the app's event page.

Decisions:
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
  The whole note is kept in the "Met at …" line of their history either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from nettui.domain.dates import DateError, has_time, parse, parse_duration
from nettui.domain.errors import ValidationError
from nettui.domain.models import ME, Event, NeedOfferKind
from nettui.domain.text import fold
from nettui.i18n import _

MAX_DAYS = 31

_DAY_WORDS = {"d": 1, "day": 1, "days": 1, "dia": 1, "dias": 1,
              "w": 7, "week": 7, "weeks": 7, "semana": 7, "semanas": 7}  # fmt: skip
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "un": 1, "una": 1, "uno": 1, "two": 2, "dos": 2,
                "three": 3, "tres": 3, "four": 4, "cuatro": 4, "five": 5, "cinco": 5}  # fmt: skip
_DAYS = re.compile(r"^(\d+|[a-z]+)\s*([a-z]+)$")


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
    start = parse(when, now, lang)
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


def met_summary(event_name: str, note: str) -> str:
    """The line someone's history keeps of meeting them at an event."""
    said = _("Met at {event}").format(event=event_name.strip())
    note = " ".join(note.split())
    return f"{said}: {note}" if note else said


def refuse_me(ref: str) -> None:
    """ "me" ("yo") is the user: never someone met at an event, nor someone going."""
    if fold(" ".join(ref.split())) in {ME, "yo", fold(_("me"))}:
        raise ValidationError(_("{ref!r}: that's you. Name someone else.").format(ref=ref.strip()))


def compact(text: str) -> str:
    """A name folded and without spaces or punctuation: "pycon es" is "PyConES"."""
    return "".join(c for c in fold(text) if c.isalnum())


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
