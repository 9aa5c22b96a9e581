"""Birthdays and anniversaries coming up: `nettui birthdays` and the Dashboard.

A person holds each as "1990-01-22", or "--01-22" when the year is not known
(domain/card.py). Its next occurrence is on or after today; 29 February falls on 28
February in a common year (the last day of February, as most calendars and people
keep it, rather than 1 March).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, NamedTuple

from nettui.domain.text import fold
from nettui.i18n import _, ngettext

BIRTHDAY, ANNIVERSARY = "birthday", "anniversary"
KINDS = (BIRTHDAY, ANNIVERSARY)  # also the order of a person's two on the same day
# All that finding them reads of a person (the store may decode only these).
FIELDS = ("id", *KINDS)


class Upcoming(NamedTuple):
    """One birthday or anniversary in the window."""

    day: date  # the next occurrence, on or after today
    person_id: str
    kind: str  # BIRTHDAY or ANNIVERSARY
    years: int | None  # the age then, or the years since the wedding; None without a year
    days_away: int  # 0 today, 1 tomorrow


def next_occurrence(value: str, today: date) -> tuple[date, int | None]:
    """The next `value` ("1990-01-22" or "--01-22") on or after `today`, and the
    years it has then (None without a year). Raises ValueError on anything else."""
    if value.startswith("--"):
        year, month, day = None, int(value[2:4]), int(value[5:7])
    else:
        year, month, day = int(value[:4]), int(value[5:7]), int(value[8:10])
    date(2000, month, day)  # checks the month and day (2000 had a 29 February)
    coming = _on(today.year, month, day)
    if coming < today:
        coming = _on(today.year + 1, month, day)
    return coming, (coming.year - year if year is not None else None)


def _on(year: int, month: int, day: int) -> date:
    if month == 2 and day == 29 and not _leap(year):
        return date(year, 2, 28)  # documented in the README: the last day of February
    return date(year, month, day)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def upcoming(people: Iterable[Mapping[str, Any]], today: date, days: int) -> list[Upcoming]:
    """Every birthday and anniversary of `people` from today to `days` days after it
    (both included: 0 is today only), in no particular order. A value that is not a
    partial date (a hand-edited file) is passed over: the person's page shows it."""
    found = []
    first = today.toordinal()
    for person in people:
        for kind in KINDS:
            value = person.get(kind)
            if not value:
                continue
            try:
                day, years = next_occurrence(value, today)
            except (ValueError, TypeError, AttributeError):  # not a text, or not a date
                continue
            away = day.toordinal() - first
            if away <= days:
                found.append(Upcoming(day, person["id"], kind, years, away))
    return found


def soonest_first(found: Iterable[Upcoming], name_of: Callable[[str], str]) -> list[Upcoming]:
    """Soonest first; on one day, by name (accents and case folded), a birthday before
    an anniversary."""
    return sorted(
        found, key=lambda u: (u.day, fold(name_of(u.person_id)), u.person_id, KINDS.index(u.kind))
    )


def what(item: Upcoming) -> str:
    """ "turns 36", "birthday", "anniversary, 10 years", "anniversary"."""
    if item.kind == BIRTHDAY:
        if item.years:  # 0: born today, which "turns 0" would say badly
            return _("turns {n}").format(n=item.years)
        return _("birthday")
    if item.years:
        return ngettext("anniversary, {n} year", "anniversary, {n} years", item.years).format(
            n=item.years
        )
    return _("anniversary")


def when(item: Upcoming) -> str:
    """ "today", "tomorrow", "in 5 days"."""
    if item.days_away == 0:
        return _("today")
    if item.days_away == 1:
        return _("tomorrow")
    return ngettext("in {n} day", "in {n} days", item.days_away).format(n=item.days_away)
