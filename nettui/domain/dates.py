"""Dates as people type them, in English and Spanish, on python-dateutil.

This module holds what the people features need today: a day in the past or present
("today", "ayer", "3 days ago", "hace 2 semanas", "2026-03-12", "12 Mar 2024").
Future dates and times for meetups come with the meetups issue. Nothing is guessed:
dateutil's fuzzy mode silently drops words, so it is never used; text that is not
understood raises `DateError` with examples of what works.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from nettui.domain.text import fold

EXAMPLES = "today, yesterday, 3 days ago, 2026-03-12, 12 Mar 2024, hoy, ayer, hace 2 semanas"

_RELATIVE_DAYS = {"today": 0, "hoy": 0, "yesterday": 1, "ayer": 1, "anteayer": 2}
_UNITS = {
    "day": "days",
    "days": "days",
    "dia": "days",
    "dias": "days",
    "week": "weeks",
    "weeks": "weeks",
    "semana": "weeks",
    "semanas": "weeks",
    "month": "months",
    "months": "months",
    "mes": "months",
    "meses": "months",
    "year": "years",
    "years": "years",
    "ano": "years",
    "anos": "years",
}
_AGO_EN = re.compile(r"^(\d+|a|an|one)\s+(\w+)\s+ago$")
_AGO_ES = re.compile(r"^hace\s+(\d+|un|una)\s+(\w+)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Only these words may appear around the numbers of an absolute date.
_MONTHS = (
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december"
)
_MONTH_WORDS = set(_MONTHS.split())


class DateError(ValueError):
    """Text that is not a date nettui understands; the message says what would work."""


def _amount(word: str) -> int:
    return 1 if word in ("a", "an", "one", "un", "una") else int(word)


def parse_day(text: str, today: date) -> date:
    """The day meant by `text`, relative to `today`; never a guess."""
    cleaned = " ".join(fold(text).split())
    if not cleaned:
        raise DateError(f"A date is needed. Try: {EXAMPLES}.")
    if cleaned in _RELATIVE_DAYS:
        return today - timedelta(days=_RELATIVE_DAYS[cleaned])
    match = _AGO_EN.match(cleaned) or _AGO_ES.match(cleaned)
    if match and match.group(2) in _UNITS:
        from dateutil.relativedelta import relativedelta  # imported on use: fast CLI start

        delta = relativedelta(**{_UNITS[match.group(2)]: _amount(match.group(1))})
        return today - delta
    if _ISO_DATE.match(cleaned):
        try:
            return date.fromisoformat(cleaned)
        except ValueError:
            raise DateError(f"{text!r} is not a real day (check the month and day).") from None
    words = re.findall(r"[a-z]+", cleaned)
    if words and all(w in _MONTH_WORDS for w in words) and re.search(r"\d", cleaned):
        from dateutil import parser as dateutil_parser

        try:
            return dateutil_parser.parse(
                cleaned, dayfirst=True, default=datetime(today.year, 1, 1)
            ).date()
        except (ValueError, OverflowError):
            pass
    raise DateError(f"{text!r} is not a date nettui understands. Try: {EXAMPLES}.")


def moment_of_day(day: date, today: date, now: datetime) -> datetime:
    """An aware moment for something that happened on `day`: now if today, else noon."""
    if day == today:
        return now
    return datetime.combine(day, time(12, 0)).astimezone()
