"""Dates and times as people type them, in English and Spanish, on python-dateutil.

`parse(text, now, lang)` returns an aware datetime in the zone of `now`; `parse_day`
returns a day in the past or present (for "when did this happen"). Both languages are
understood whatever the UI language; only a numeric date such as 3/12 follows it (day
first in Spanish). Nothing is guessed: dateutil's fuzzy mode silently drops words
("in 3 days" becomes the 3rd of this month), so it is never used, and every word must
be understood. What is not understood raises `DateError` with examples.

Decisions on the edge cases:
- A weekday ("friday", "el viernes") is the next one that is not over: today if today
  is that weekday and the time is still ahead, else in a week. "next friday" and "el
  próximo viernes" always skip today. "this friday" / "este viernes" is this week's.
- A time alone ("10", "a las 18:30") that is already past today means tomorrow.
- A date without a time gets DEFAULT_TIME (10:00); the preview says so.
- "3/12" is 12 March in English and 3 December in Spanish. A day-month date without a
  year is the next one that is not over.
- A time that does not exist on a daylight-saving day (02:30 when clocks go forward)
  is an error; one that happens twice (clocks go back) is the first.
- "31 de febrero", "2026-02-30": an error naming the month, never a silent 3 March.
- Month arithmetic clamps: 31 January + 1 month = 28 (or 29) February.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from nettui.domain.text import fold
from nettui.i18n import N_, _, day_long_with_year, month_year, ngettext

# Both languages are understood whatever the interface speaks; each lists its own first.
EXAMPLES = N_(
    "today, tomorrow 10am, friday 18:30, next friday, in 3 days, 3 Dec 10:00, 2026-12-03, "
    "hoy, mañana a las 10, el viernes a las 10, el próximo viernes, en 2 semanas, "
    "3 de diciembre a las 18h"
)
PAST_EXAMPLES = N_(
    "today, yesterday, 3 days ago, 2026-03-12, 12 Mar 2024, hoy, ayer, hace 2 semanas"
)
DEFAULT_TIME = time(10, 0)

WEEKDAYS = {
    "monday": 0, "mon": 0, "lunes": 0,
    "tuesday": 1, "tue": 1, "tues": 1, "martes": 1,
    "wednesday": 2, "wed": 2, "miercoles": 2,
    "thursday": 3, "thu": 3, "thurs": 3, "jueves": 3,
    "friday": 4, "fri": 4, "viernes": 4,
    "saturday": 5, "sat": 5, "sabado": 5,
    "sunday": 6, "sun": 6, "domingo": 6,
}  # fmt: skip
MONTHS = {
    "january": 1, "jan": 1, "enero": 1, "ene": 1,
    "february": 2, "feb": 2, "febrero": 2,
    "march": 3, "mar": 3, "marzo": 3,
    "april": 4, "apr": 4, "abril": 4, "abr": 4,
    "may": 5, "mayo": 5,
    "june": 6, "jun": 6, "junio": 6,
    "july": 7, "jul": 7, "julio": 7,
    "august": 8, "aug": 8, "agosto": 8, "ago": 8,
    "september": 9, "sep": 9, "sept": 9, "septiembre": 9, "setiembre": 9,
    "october": 10, "oct": 10, "octubre": 10,
    "november": 11, "nov": 11, "noviembre": 11,
    "december": 12, "dec": 12, "diciembre": 12, "dic": 12,
}  # fmt: skip
UNITS = {
    "day": "days", "days": "days", "dia": "days", "dias": "days",
    "week": "weeks", "weeks": "weeks", "semana": "weeks", "semanas": "weeks",
    "month": "months", "months": "months", "mes": "months", "meses": "months",
    "year": "years", "years": "years", "ano": "years", "anos": "years",
}  # fmt: skip
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "un": 1, "una": 1, "uno": 1, "two": 2, "dos": 2,
                "three": 3, "tres": 3, "four": 4, "cuatro": 4, "six": 6, "seis": 6}  # fmt: skip
_RELATIVE_DAYS = {"today": 0, "hoy": 0, "tomorrow": 1, "manana": 1, "pasado manana": 2,
                  "day after tomorrow": 2}  # fmt: skip
_PAST_DAYS = {"today": 0, "hoy": 0, "yesterday": 1, "ayer": 1, "anteayer": 2}

# Words that only join the others: "el viernes a las 10", "on friday at 10".
_FILLER = {"el", "la", "los", "las", "a", "at", "on", "de", "del", "the", "en", "por", "this"}


class DateError(ValueError):
    """Text that is not a date nettui understands; the message says what would work."""


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


# -- times ---------------------------------------------------------------------------------

_TIME_PATTERNS = [
    # 10:30, 18:30h, 10.30, 6:30pm
    re.compile(r"^(?P<h>\d{1,2})[:.](?P<m>\d{2})\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?h?$"),
    # 10am, 6 pm, 18h, 10
    re.compile(r"^(?P<h>\d{1,2})\s*(?P<ampm>am|pm|a\.m\.|p\.m\.|h)?$"),
]
_NOON = {"noon", "midday", "mediodia"}


def _parse_time(text: str) -> time | None:
    """A time of day, or None if `text` is not one."""
    text = text.strip()
    if text in _NOON:
        return time(12, 0)
    if text in ("midnight", "medianoche"):
        return time(0, 0)
    for pattern in _TIME_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        hour = int(match.group("h"))
        minute = int(match.groupdict().get("m") or 0)
        ampm = (match.group("ampm") or "").replace(".", "")
        if ampm in ("am", "pm"):
            if not 1 <= hour <= 12:
                raise DateError(
                    _("{text!r}: with am or pm the hour goes from 1 to 12.").format(text=text)
                )
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        if hour > 23 or minute > 59:
            raise DateError(_("{text!r} is not a time of day (00:00 to 23:59).").format(text=text))
        return time(hour, minute)
    return None


def _split_time(text: str) -> tuple[str, time | None]:
    """Take a trailing time off `text`: "el viernes a las 10" -> ("el viernes", 10:00)."""
    # "a las 10", "at 10am", "10:30", "18h" at the end
    match = re.search(
        r"(?:^|\s)(?:(?:a las|a la|at|@)\s+)?"
        r"(\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|h)?|noon|midday|mediodia|midnight|medianoche)$",
        text,
    )
    if not match:
        return text, None
    found = _parse_time(match.group(1))
    if found is None:
        return text, None
    rest = text[: match.start()].strip()
    # A bare number after a month name is a day, not a time: "3 de diciembre", "dec 3".
    bare = re.fullmatch(r"\d{1,2}", match.group(1).strip())
    before = rest.split()[-1] if rest.split() else ""
    if (
        bare
        and (before in MONTHS or before == "de")
        and "a las" not in match.group(0)
        and "at" not in match.group(0)
    ):
        return text, None
    return rest, found


# -- days ----------------------------------------------------------------------------------


def _weekday(words: list[str], today: date, at: time | None, now: datetime) -> date | None:
    """A weekday phrase, or None. `at` decides whether today's is still ahead."""
    words = [w for w in words if w not in _FILLER]
    if not words or words[-1] not in WEEKDAYS:
        return None
    target = WEEKDAYS[words[-1]]
    modifiers = words[:-1]
    ahead = (target - today.weekday()) % 7
    if modifiers in (["next"], ["proximo"], ["que", "viene"]) or modifiers == ["siguiente"]:
        return today + timedelta(days=ahead or 7)
    if modifiers in (["este"], ["esta"]):
        return today + timedelta(days=ahead)
    if modifiers:
        return None
    if ahead == 0:
        moment = datetime.combine(today, at or DEFAULT_TIME, now.tzinfo)
        return today if moment > now else today + timedelta(days=7)
    return today + timedelta(days=ahead)


def _relative(words: list[str], today: date) -> date | None:
    """ "in 3 days", "en 2 semanas", "dentro de un mes"."""
    from dateutil.relativedelta import relativedelta

    if words[:2] == ["dentro", "de"]:
        words = ["en", *words[2:]]
    if len(words) == 3 and words[0] in ("in", "en"):
        amount, unit = _number(words[1]), UNITS.get(words[2])
        if amount is not None and unit:
            return today + relativedelta(**{unit: amount})
    return None


def _absolute(text: str, today: date, lang: str) -> date | None:
    """ "2026-12-03", "3 Dec", "December 3", "3 de diciembre de 2026", "3/12"."""
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if iso:
        return _real_day(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), text)
    numeric = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?", text)
    if numeric:
        first, second = int(numeric.group(1)), int(numeric.group(2))
        if lang == "es":  # the day first, as Spanish writes it
            return _year_of(first, second, numeric.group(3), today, text)
        return _year_of(second, first, numeric.group(3), today, text)
    words = [w for w in re.findall(r"[a-z]+|\d+", text) if w not in ("de", "of", "the")]
    if len(words) in (2, 3):
        day: int | None = None
        month: int | None = None
        year = None
        if words[0].isdigit() and words[1] in MONTHS:
            day, month = int(words[0]), MONTHS[words[1]]
        elif words[0] in MONTHS and words[1].isdigit():
            day, month = int(words[1]), MONTHS[words[0]]
        if day is not None and month is not None:
            if len(words) == 3:
                if not words[2].isdigit():
                    return None
                year = words[2]
            return _year_of(day, month, year, today, text)
    return None


def _real_day(year: int, month: int, day: int, text: str) -> date:
    if not 1 <= month <= 12:
        raise DateError(_("{text!r}: there is no month {month}.").format(text=text, month=month))
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(
            _("{text!r}: {month} has no day {day}.").format(
                text=text, month=month_year(date(year, month, 1)), day=day
            )
        ) from None


def _year_of(day: int, month: int, year: str | None, today: date, text: str) -> date:
    if year is not None:
        number = int(year)
        return _real_day(number + 2000 if number < 100 else number, month, day, text)
    found = _real_day(today.year, month, day, text) if not (month == 2 and day == 29) else None
    if found is None:  # 29 February: the next leap year's
        year_ = today.year
        while True:
            try:
                found = date(year_, 2, 29)
            except ValueError:
                year_ += 1
                continue
            if found >= today:
                return found
            year_ += 1
    return found if found >= today else _real_day(today.year + 1, month, day, text)


# -- the whole phrase ----------------------------------------------------------------------


def _zone_moment(day: date, at: time, zone: tzinfo | None, text: str) -> datetime:
    """`day` at `at` in `zone`, refusing a wall time that does not exist that day."""
    from dateutil import tz

    moment = datetime.combine(day, at, zone)  # fold=0: of a repeated hour, the first
    if zone is not None and not tz.datetime_exists(moment):
        raise DateError(
            _(
                "{text!r}: {time} does not exist on {day} (the clocks go forward). "
                "Pick another time."
            ).format(text=text, time=f"{at:%H:%M}", day=day.isoformat())
        )
    return moment


def parse(text: str, now: datetime, lang: str = "en") -> datetime:
    """The moment meant by `text`, in the zone of `now` (which must be aware)."""
    cleaned = " ".join(fold(text).replace(",", " ").split())
    if not cleaned:
        raise DateError(_("Say when. Try: {examples}.").format(examples=_(EXAMPLES)))
    today = now.date()
    rest, at = _split_time(cleaned)
    words = rest.split()
    day: date | None = None
    if not rest:
        if at is None:
            raise _not_understood(text, EXAMPLES)
        day = today if datetime.combine(today, at, now.tzinfo) > now else today + timedelta(1)
    elif rest in _RELATIVE_DAYS:
        day = today + timedelta(days=_RELATIVE_DAYS[rest])
    else:
        day = (
            _weekday(words, today, at, now)
            or _relative(words, today)
            or _absolute(" ".join(w for w in words if w not in ("el", "on", "the")), today, lang)
        )
    if day is None:
        raise _not_understood(text, EXAMPLES)
    return _zone_moment(day, at or DEFAULT_TIME, now.tzinfo, text)


def _not_understood(text: str, examples: str) -> DateError:
    return DateError(
        _("{text!r} is not a date nettui understands. Try: {examples}.").format(
            text=text, examples=_(examples)
        )
    )


def local_now() -> datetime:
    """Now, in the user's time zone with its daylight-saving rules (TZ or the system's).

    `datetime.now().astimezone()` would carry today's fixed offset into a meetup
    planned after the clocks change.
    """
    from dateutil import tz

    return clock(tz.gettz() or tz.tzlocal())


# Where every "now" of the app comes from (through local_now): tests that need a fixed
# day replace this one name, whichever modules imported local_now.
clock: Callable[[tzinfo], datetime] = datetime.now


def has_time(text: str) -> bool:
    """Did the user give a time (or will DEFAULT_TIME be used)?"""
    cleaned = " ".join(fold(text).replace(",", " ").split())
    return _split_time(cleaned)[1] is not None


# -- the past (interactions, first meetings) ------------------------------------------------

_AGO_EN = re.compile(r"^(\d+|a|an|one)\s+(\w+)\s+ago$")
_AGO_ES = re.compile(r"^hace\s+(\d+|un|una)\s+(\w+)$")


def parse_day(text: str, today: date) -> date:
    """A day in the past or present: "today", "ayer", "3 days ago", "2026-03-12"."""
    from dateutil.relativedelta import relativedelta

    cleaned = " ".join(fold(text).split())
    if not cleaned:
        raise DateError(_("A date is needed. Try: {examples}.").format(examples=_(PAST_EXAMPLES)))
    if cleaned in _PAST_DAYS:
        return today - timedelta(days=_PAST_DAYS[cleaned])
    match = _AGO_EN.match(cleaned) or _AGO_ES.match(cleaned)
    if match and match.group(2) in UNITS:
        amount = _number(match.group(1)) or 1
        return today - relativedelta(**{UNITS[match.group(2)]: amount})
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", cleaned)
    if iso:
        return _real_day(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), cleaned)
    words = [w for w in re.findall(r"[a-z]+|\d+", cleaned) if w not in ("de", "of")]
    if len(words) == 3 and words[2].isdigit():
        found = _absolute(cleaned, today, "en")
        if found is not None:
            return found
    raise _not_understood(text, PAST_EXAMPLES)


def moment_of_day(day: date, today: date, now: datetime) -> datetime:
    """An aware moment for something that happened on `day`: now if today, else noon."""
    if day == today:
        return now
    return datetime.combine(day, time(12, 0)).astimezone()


# -- durations and cadences ----------------------------------------------------------------


def parse_duration(text: str) -> timedelta:
    """ "1h", "90 min", "1:30", "1 hora", "2 hours", "45m"."""
    cleaned = fold(text).strip().replace(" ", "")
    if not cleaned:
        return timedelta(hours=1)
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", cleaned)
    if match:
        return timedelta(hours=int(match.group(1)), minutes=int(match.group(2)))
    match = re.fullmatch(
        r"(?:(\d+(?:[.,]\d+)?)(?:h|hr|hrs|hour|hours|hora|horas))?"
        r"(?:(\d+)(?:m|min|mins|minute|minutes|minuto|minutos))?",
        cleaned,
    )
    if match and (match.group(1) or match.group(2)):
        hours = float((match.group(1) or "0").replace(",", "."))
        minutes = int(match.group(2) or 0)
        duration = timedelta(hours=hours, minutes=minutes)
        if timedelta(0) < duration <= timedelta(hours=24):
            return duration
    raise DateError(
        _("{text!r} is not a duration. Try: 1h, 90 min, 1:30, 2 horas.").format(text=text)
    )


_CADENCE = re.compile(
    r"^(?:every|cada)\s+(?:(\d+|one|two|three|four|six|un|una|dos|tres|cuatro|seis)\s+)?(\w+)$"
)
_FREQ = {"days": "DAILY", "weeks": "WEEKLY", "months": "MONTHLY", "years": "YEARLY"}
_SIMPLE_CADENCES = {
    "weekly": "FREQ=WEEKLY", "semanal": "FREQ=WEEKLY",
    "monthly": "FREQ=MONTHLY", "mensual": "FREQ=MONTHLY",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3", "trimestral": "FREQ=MONTHLY;INTERVAL=3",
    "yearly": "FREQ=YEARLY", "anual": "FREQ=YEARLY",
}  # fmt: skip


def parse_cadence(text: str) -> str:
    """A keep-in-touch rule as RFC 5545 RRULE text: "every 3 months" -> FREQ=MONTHLY;INTERVAL=3."""
    cleaned = " ".join(fold(text).split())
    if cleaned in _SIMPLE_CADENCES:
        return _SIMPLE_CADENCES[cleaned]
    match = _CADENCE.match(cleaned)
    if match:
        amount = _number(match.group(1)) if match.group(1) else 1
        unit = UNITS.get(match.group(2))
        if amount and unit:
            rule = f"FREQ={_FREQ[unit]}"
            return rule if amount == 1 else f"{rule};INTERVAL={amount}"
    raise DateError(
        _(
            "{text!r} is not a cadence. Try: every 3 months, every 2 weeks, cada 6 semanas, "
            "monthly."
        ).format(text=text)
    )


def describe_cadence(rule: str) -> str:
    """ "FREQ=MONTHLY;INTERVAL=3" -> "every 3 months" (or "cada 3 meses"): text that
    parse_cadence reads back."""
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    interval = int(parts.get("INTERVAL", "1"))
    frequency = parts.get("FREQ", "")
    if frequency == "DAILY":
        words = ngettext("every day", "every {n} days", interval)
    elif frequency == "WEEKLY":
        words = ngettext("every week", "every {n} weeks", interval)
    elif frequency == "YEARLY":
        words = ngettext("every year", "every {n} years", interval)
    else:
        words = ngettext("every month", "every {n} months", interval)
    return words.format(n=interval)


@lru_cache(maxsize=8192)  # a network has few rules and few distinct last-contact days
def next_due(rule: str, last: date) -> date:
    """When the next contact is due after `last`, by the rule (month ends clamp)."""
    from dateutil.relativedelta import relativedelta

    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    interval = int(parts.get("INTERVAL", "1"))
    unit = {"DAILY": "days", "WEEKLY": "weeks", "MONTHLY": "months", "YEARLY": "years"}[
        parts["FREQ"]
    ]
    return last + relativedelta(**{unit: interval})


def describe(moment: datetime, now: datetime) -> str:
    """ "Friday, December 4, 2026, 10:00 (in 6 days)" for a live preview."""
    return f"{day_long_with_year(moment)}, {moment:%H:%M} ({_days_from(moment.date(), now.date())})"


def describe_day(day: date, today: date) -> str:
    """ "Friday, December 4, 2026 (in 6 days)": a whole day (a trip's), in a preview."""
    return f"{day_long_with_year(day)} ({_days_from(day, today)})"


def _days_from(day: date, today: date) -> str:
    days = (day - today).days
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days == -1:
        return _("yesterday")
    if days > 0:
        return ngettext("in {n} day", "in {n} days", days).format(n=days)
    return ngettext("{n} day ago", "{n} days ago", -days).format(n=-days)
