from datetime import date

import pytest

from nettui.domain.dates import DateError, parse_day

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("Hoy", TODAY),
        ("yesterday", date(2026, 11, 27)),
        ("ayer", date(2026, 11, 27)),
        ("3 days ago", date(2026, 11, 25)),
        ("hace 2 semanas", date(2026, 11, 14)),
        ("hace un mes", date(2026, 10, 28)),
        ("a year ago", date(2025, 11, 28)),
        ("2026-03-12", date(2026, 3, 12)),
        ("12 Mar 2024", date(2024, 3, 12)),
        ("March 12 2024", date(2024, 3, 12)),
    ],
)
def test_days_people_type(text, expected):
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "someday", "in 3 days", "2026-02-31", "3/12", "lunch"])
def test_no_guessing(text):
    with pytest.raises(DateError, match="Try:|real day|needed"):
        parse_day(text, TODAY)
