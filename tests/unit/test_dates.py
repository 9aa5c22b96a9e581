"""Dates as people type them: a table of phrases with a fixed now and time zone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from dateutil import tz

from nettui.domain.dates import (
    DateError,
    describe_cadence,
    next_due,
    parse,
    parse_cadence,
    parse_day,
    parse_duration,
)

MADRID = tz.gettz("Europe/Madrid")
# Friday 27 November 2026, 15:00 in Madrid.
NOW = datetime(2026, 11, 27, 15, 0, tzinfo=MADRID)


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> tuple[date, time]:
    return date(y, m, d), time(hh, mm)


PHRASES = [
    # relative days
    ("today 18:00", "en", at(2026, 11, 27, 18)),
    ("hoy a las 18:30", "es", at(2026, 11, 27, 18, 30)),
    ("tomorrow", "en", at(2026, 11, 28)),
    ("tomorrow at 10am", "en", at(2026, 11, 28, 10)),
    ("tomorrow 6pm", "en", at(2026, 11, 28, 18)),
    ("mañana", "es", at(2026, 11, 28)),
    ("mañana 10:00", "es", at(2026, 11, 28, 10)),
    ("mañana a las 9", "es", at(2026, 11, 28, 9)),
    ("manana a las 18h", "es", at(2026, 11, 28, 18)),
    ("pasado mañana", "es", at(2026, 11, 29)),
    ("day after tomorrow at noon", "en", at(2026, 11, 29, 12)),
    # weekdays (today is Friday 15:00)
    ("monday", "en", at(2026, 11, 30)),
    ("Monday 9:30", "en", at(2026, 11, 30, 9, 30)),
    ("el lunes", "es", at(2026, 11, 30)),
    ("el martes a las 10", "es", at(2026, 12, 1, 10)),
    ("miércoles", "es", at(2026, 12, 2)),
    ("el miercoles a las 18:30", "es", at(2026, 12, 2, 18, 30)),
    ("thursday at 7pm", "en", at(2026, 12, 3, 19)),
    ("friday 18:00", "en", at(2026, 11, 27, 18)),  # today, still ahead
    ("friday 10:00", "en", at(2026, 12, 4, 10)),  # today's is over: next week
    ("el viernes a las 10", "es", at(2026, 12, 4, 10)),
    ("el viernes a las 20", "es", at(2026, 11, 27, 20)),
    ("next friday", "en", at(2026, 12, 4)),
    ("next friday at 20:00", "en", at(2026, 12, 4, 20)),  # "next" always skips today
    ("el próximo viernes", "es", at(2026, 12, 4)),
    ("el proximo lunes a las 8", "es", at(2026, 11, 30, 8)),
    ("this friday 19:00", "en", at(2026, 11, 27, 19)),
    ("este viernes a las 19h", "es", at(2026, 11, 27, 19)),
    ("sábado", "es", at(2026, 11, 28)),
    ("sunday noon", "en", at(2026, 11, 29, 12)),
    ("el domingo a mediodía", "es", at(2026, 11, 29, 12)),
    # in N days / weeks / months
    ("in 3 days", "en", at(2026, 11, 30)),
    ("in 2 weeks", "en", at(2026, 12, 11)),
    ("in a month", "en", at(2026, 12, 27)),
    ("in 3 months at 9", "en", at(2027, 2, 27, 9)),
    ("en 3 días", "es", at(2026, 11, 30)),
    ("en 2 semanas a las 17:00", "es", at(2026, 12, 11, 17)),
    ("en un mes", "es", at(2026, 12, 27)),
    ("dentro de 6 meses", "es", at(2027, 5, 27)),
    # absolute dates
    ("2026-12-03", "en", at(2026, 12, 3)),
    ("2026-12-03 18:30", "en", at(2026, 12, 3, 18, 30)),
    ("3 Dec", "en", at(2026, 12, 3)),
    ("3 Dec 10:00", "en", at(2026, 12, 3, 10)),
    ("December 3", "en", at(2026, 12, 3)),
    ("dec 3 at 6pm", "en", at(2026, 12, 3, 18)),
    ("3 de diciembre", "es", at(2026, 12, 3)),
    ("3 de diciembre a las 18h", "es", at(2026, 12, 3, 18)),
    ("3 de diciembre de 2027", "es", at(2027, 12, 3)),
    ("15 enero", "es", at(2027, 1, 15)),  # January is over this year: next one
    ("1 nov", "en", at(2027, 11, 1)),
    ("3/12", "en", at(2027, 3, 12)),  # month first in English: 12 March
    ("3/12", "es", at(2026, 12, 3)),  # day first in Spanish: 3 December
    ("3/12/2027 9:00", "es", at(2027, 12, 3, 9)),
    ("29 feb", "en", at(2028, 2, 29)),  # the next leap day
    # times alone
    ("18:30", "en", at(2026, 11, 27, 18, 30)),
    ("a las 20", "es", at(2026, 11, 27, 20)),
    ("10am", "en", at(2026, 11, 28, 10)),  # already past today: tomorrow
    ("a las 9", "es", at(2026, 11, 28, 9)),
    ("noon", "en", at(2026, 11, 28, 12)),
    ("18h", "es", at(2026, 11, 27, 18)),
    # daylight saving (Madrid): 31 October 2027 02:30 happens twice, the first counts
    ("2027-10-31 02:30", "en", at(2027, 10, 31, 2, 30)),
]


@pytest.mark.parametrize(("text", "lang", "expected"), PHRASES)
def test_phrases(text, lang, expected):
    moment = parse(text, NOW, lang)
    assert (moment.date(), moment.timetz().replace(tzinfo=None)) == expected
    assert moment.tzinfo is not None


def test_the_table_is_big_enough():
    assert len(PHRASES) >= 60


def test_offsets_follow_daylight_saving():
    winter = parse("2026-12-03 10:00", NOW)
    summer = parse("2027-07-01 10:00", NOW)
    assert winter.utcoffset() == timedelta(hours=1)
    assert summer.utcoffset() == timedelta(hours=2)
    repeated = parse("2027-10-31 02:30", NOW)
    assert repeated.utcoffset() == timedelta(hours=2)  # the first 02:30


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        ("31 de febrero", "es", "February 20.. has no day 31"),
        ("2026-02-30", "en", "has no day 30"),
        ("2026-13-01", "en", "no month 13"),
        ("28 mar 2027 02:30", "en", "does not exist"),  # clocks go forward
        ("someday", "en", "Try:"),
        ("in 3 fortnights", "en", "Try:"),
        ("next month maybe", "en", "Try:"),
        ("viernes por la tarde", "es", "Try:"),
        ("25:00", "en", "not a time of day"),
        ("13pm", "en", "from 1 to 12"),
        ("", "en", "Say when"),
    ],
)
def test_what_is_not_understood_says_so(text, lang, message):
    with pytest.raises(DateError, match=message):
        parse(text, NOW, lang)


def test_dateutil_fuzzy_trap_is_avoided():
    # dateutil's fuzzy parse turns "in 3 days" into the 3rd of this month
    assert parse("in 3 days", NOW).date() == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 27)),
        ("ayer", date(2026, 11, 26)),
        ("3 days ago", date(2026, 11, 24)),
        ("hace 2 semanas", date(2026, 11, 13)),
        ("hace un mes", date(2026, 10, 27)),
        ("2026-03-12", date(2026, 3, 12)),
        ("12 Mar 2024", date(2024, 3, 12)),
    ],
)
def test_days_in_the_past(text, expected):
    assert parse_day(text, NOW.date()) == expected


@pytest.mark.parametrize("text", ["", "someday", "in 3 days", "2026-02-31", "3/12", "lunch"])
def test_past_days_no_guessing(text):
    with pytest.raises(DateError):
        parse_day(text, NOW.date())


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("every 3 months", "FREQ=MONTHLY;INTERVAL=3"),
        ("cada 3 meses", "FREQ=MONTHLY;INTERVAL=3"),
        ("cada 6 semanas", "FREQ=WEEKLY;INTERVAL=6"),
        ("every week", "FREQ=WEEKLY"),
        ("monthly", "FREQ=MONTHLY"),
        ("cada año", "FREQ=YEARLY"),
    ],
)
def test_cadences(text, rule):
    assert parse_cadence(text) == rule
    assert describe_cadence(rule).startswith("every")


def test_month_ends_clamp():
    assert next_due("FREQ=MONTHLY", date(2027, 1, 31)) == date(2027, 2, 28)
    assert next_due("FREQ=MONTHLY", date(2028, 1, 31)) == date(2028, 2, 29)
    assert next_due("FREQ=WEEKLY;INTERVAL=6", date(2026, 11, 27)) == date(2027, 1, 8)
    with pytest.raises(DateError, match="not a cadence"):
        parse_cadence("now and then")


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("", 60),
        ("1h", 60),
        ("90 min", 90),
        ("1:30", 90),
        ("2 horas", 120),
        ("45m", 45),
        ("1.5h", 90),
    ],
)
def test_durations(text, minutes):
    assert parse_duration(text) == timedelta(minutes=minutes)


def test_bad_duration():
    with pytest.raises(DateError, match="not a duration"):
        parse_duration("a while")
