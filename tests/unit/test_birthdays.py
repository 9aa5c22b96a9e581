"""Birthdays and anniversaries: the next one of each (leap days, the turn of the year,
no year), the window's edges, and `nettui birthdays` in both languages."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from dateutil import tz

from nettui.domain.birthdays import (
    ANNIVERSARY,
    BIRTHDAY,
    next_occurrence,
    soonest_first,
    upcoming,
    what,
    when,
)
from nettui.domain.models import Person
from nettui.store.repository import Repository
from tests.cli_in_process import run_nettui
from tests.clock import freeze_clock

# A Sunday in December, in Madrid.
NOW = datetime(2026, 12, 6, 11, 0, tzinfo=tz.gettz("Europe/Madrid"))
TODAY = NOW.date()


@pytest.mark.parametrize(
    ("value", "today", "expected"),
    [
        ("1990-12-08", TODAY, (date(2026, 12, 8), 36)),
        ("1990-12-06", TODAY, (date(2026, 12, 6), 36)),  # today is on or after today
        ("1990-12-05", TODAY, (date(2027, 12, 5), 37)),  # yesterday's: next year's
        # the turn of the year: 2 January seen on 20 December is 13 days away
        ("1990-01-02", date(2026, 12, 20), (date(2027, 1, 2), 37)),
        ("--01-02", date(2026, 12, 20), (date(2027, 1, 2), None)),  # no year, no age
        # 29 February: on the 28th in a common year, on the 29th in a leap year
        ("2000-02-29", date(2027, 1, 10), (date(2027, 2, 28), 27)),
        ("2000-02-29", date(2028, 1, 10), (date(2028, 2, 29), 28)),
        ("2000-02-29", date(2027, 2, 28), (date(2027, 2, 28), 27)),
        ("2000-02-29", date(2027, 3, 1), (date(2028, 2, 29), 28)),
        ("--02-29", date(2100, 2, 1), (date(2100, 2, 28), None)),  # 2100 is not a leap year
        ("2000-02-28", date(2028, 2, 28), (date(2028, 2, 28), 28)),  # the 28th stays
    ],
)
def test_the_next_occurrence_and_the_age_then(value, today, expected):
    assert next_occurrence(value, today) == expected


def people(**values: dict[str, str]) -> list[dict[str, str]]:
    return [{"id": person_id, **fields} for person_id, fields in values.items()]


def test_the_window_holds_today_to_n_days_after_it_both_included():
    found = people(
        today={"birthday": "1990-12-06"},
        edge={"birthday": "1990-12-20"},  # 14 days away
        past_edge={"birthday": "1990-12-21"},  # 15 days away
        yesterday={"birthday": "1990-12-05"},
    )
    assert {u.person_id for u in upcoming(found, TODAY, 14)} == {"today", "edge"}
    assert {u.person_id for u in upcoming(found, TODAY, 15)} == {"today", "edge", "past_edge"}
    assert {u.person_id for u in upcoming(found, TODAY, 0)} == {"today"}
    # a whole year ahead: yesterday's comes back, 364 days away
    every = {u.person_id: u.days_away for u in upcoming(found, TODAY, 366)}
    assert every == {"today": 0, "edge": 14, "past_edge": 15, "yesterday": 364}


def test_a_birthday_early_in_january_is_in_a_window_seen_in_december():
    found = upcoming(people(ana={"birthday": "1990-01-02"}), date(2026, 12, 20), 14)
    assert [(u.day, u.years, u.days_away) for u in found] == [(date(2027, 1, 2), 37, 13)]


def test_anniversaries_come_with_their_kind_and_years():
    found = upcoming(people(luis={"birthday": "--12-10", "anniversary": "2015-12-10"}), TODAY, 30)
    assert sorted((u.kind, u.years) for u in found) == [(ANNIVERSARY, 11), (BIRTHDAY, None)]


def test_a_value_that_is_no_date_is_passed_over():
    """A hand-edited file: the others are still listed, and nothing raises."""
    found = people(
        bad={"birthday": "someday", "anniversary": "1990-13-01"},
        odd={"birthday": "--02-30"},
        number={"birthday": 19900122},
        ana={"birthday": "1990-12-08"},
    )
    assert [u.person_id for u in upcoming(found, TODAY, 30)] == ["ana"]


def test_soonest_first_then_by_name_accents_folded_a_birthday_before_an_anniversary():
    names = {"ana": "Ana Ruiz", "alvaro": "Álvaro Sanz", "zoe": "Zoe Leal", "luis": "luis Gil"}
    found = upcoming(
        people(
            zoe={"birthday": "1980-12-07"},
            ana={"birthday": "1990-12-08"},
            alvaro={"birthday": "--12-08"},
            luis={"anniversary": "2015-12-08", "birthday": "1985-12-08"},
        ),
        TODAY,
        30,
    )
    order = [(u.person_id, u.kind) for u in soonest_first(found, names.__getitem__)]
    assert order == [
        ("zoe", BIRTHDAY),
        ("alvaro", BIRTHDAY),
        ("ana", BIRTHDAY),
        ("luis", BIRTHDAY),
        ("luis", ANNIVERSARY),
    ]


def test_what_and_when_in_words_in_both_languages():
    from nettui.i18n import set_language

    found = upcoming(
        people(
            a={"birthday": "1990-12-06"},
            b={"birthday": "--12-07"},
            c={"anniversary": "2015-12-11"},
            d={"anniversary": "--12-11"},
            e={"anniversary": "2025-12-11"},
        ),
        TODAY,
        30,
    )
    said = {u.person_id: f"{what(u)} ({when(u)})" for u in found}
    assert said == {
        "a": "turns 36 (today)",
        "b": "birthday (tomorrow)",
        "c": "anniversary, 11 years (in 5 days)",
        "d": "anniversary (in 5 days)",
        "e": "anniversary, 1 year (in 5 days)",
    }
    set_language("es")
    said = {u.person_id: f"{what(u)} ({when(u)})" for u in found}
    assert said["a"] == "cumple 36 (hoy)"
    assert said["b"] == "cumpleaños (mañana)"
    assert said["c"] == "aniversario, 11 años (dentro de 5 días)"


# -- the command ---------------------------------------------------------------------------


@pytest.fixture
def store(db_path, monkeypatch) -> None:
    """A store on disk with birthdays, anniversaries and one person with neither."""
    freeze_clock(monkeypatch, NOW)
    with Repository(db_path) as repo:
        repo.add_person(Person(name="Ana Ruiz", birthday="1990-12-08"))
        repo.add_person(Person(name="Álvaro Sanz", birthday="--12-08"))
        repo.add_person(Person(name="Luis Gómez", birthday="1985-12-06", anniversary="2015-12-20"))
        repo.add_person(Person(name="Zoe Leal", birthday="2000-02-29"))
        repo.add_person(Person(name="Marta Vidal", birthday="1970-01-05"))  # 30 days away
        repo.add_person(Person(name="Pablo Sin Fecha"))


def test_the_command_lists_the_next_30_days_soonest_first(store, cli_env):
    result = run_nettui(cli_env, "birthdays")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "2026-12-06  Luis Gómez  turns 41 (today)",
        "2026-12-08  Álvaro Sanz  birthday (in 2 days)",
        "2026-12-08  Ana Ruiz  turns 36 (in 2 days)",
        "2026-12-20  Luis Gómez  anniversary, 11 years (in 14 days)",
        "2027-01-05  Marta Vidal  turns 57 (in 30 days)",
    ]
    assert result.stderr == ""


def test_the_command_in_spanish(store, cli_env):
    result = run_nettui(cli_env, "--lang", "es", "birthdays", "--days", "2")
    assert result.stdout.splitlines() == [
        "2026-12-06  Luis Gómez  cumple 41 (hoy)",
        "2026-12-08  Álvaro Sanz  cumpleaños (dentro de 2 días)",
        "2026-12-08  Ana Ruiz  cumple 36 (dentro de 2 días)",
    ]


def test_the_json_keeps_the_contract_and_adds_the_kind(store, cli_env):
    result = run_nettui(cli_env, "birthdays", "--days", "366", "--json")
    assert result.returncode == 0
    rows = json.loads(result.stdout)
    by_name = {(r["person"]["name"], r["kind"]): r for r in rows}
    assert set(rows[0]) == {"person", "date", "age", "kind"}
    assert set(rows[0]["person"]) == {"id", "name"}
    assert by_name[("Ana Ruiz", "birthday")]["date"] == "2026-12-08"
    assert by_name[("Ana Ruiz", "birthday")]["age"] == 36
    assert by_name[("Álvaro Sanz", "birthday")]["age"] is None
    # 29 February, in 2027 (a common year): the 28th
    assert by_name[("Zoe Leal", "birthday")]["date"] == "2027-02-28"
    assert by_name[("Zoe Leal", "birthday")]["age"] == 27
    assert by_name[("Luis Gómez", "anniversary")]["age"] == 11
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert "Pablo Sin Fecha" not in {r["person"]["name"] for r in rows}


def test_nothing_in_the_window_is_a_sentence_and_exit_0(db_path, cli_env, monkeypatch):
    freeze_clock(monkeypatch, NOW)
    with Repository(db_path) as repo:
        repo.add_person(Person(name="Ana Ruiz", birthday="1990-12-28"))
    result = run_nettui(cli_env, "birthdays", "--days", "7")
    assert (result.returncode, result.stdout) == (
        0,
        "No birthdays or anniversaries in the next 7 days.\n",
    )
    assert run_nettui(cli_env, "birthdays", "--days", "0").stdout == (
        "No birthdays or anniversaries today.\n"
    )
    assert run_nettui(cli_env, "birthdays", "--days", "1").stdout == (
        "No birthdays or anniversaries today or tomorrow.\n"
    )
    spanish = run_nettui(cli_env, "--lang", "es", "birthdays", "--days", "1")
    assert spanish.stdout == "Ni hoy ni mañana hay cumpleaños o aniversarios.\n"
    as_json = run_nettui(cli_env, "birthdays", "--days", "7", "--json")
    assert (as_json.returncode, json.loads(as_json.stdout)) == (0, [])


@pytest.mark.parametrize("days", ["x", "-1", "367", "1.5", ""])
def test_days_not_a_whole_number_from_0_to_366_is_exit_2_and_one_sentence(
    store, cli_env, db_path, days
):
    before = db_path.read_bytes()
    result = run_nettui(cli_env, "birthdays", "--days", days)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert f"{days!r} is not a whole number from 0 to 366" in result.stderr
    assert "Traceback" not in result.stderr
    assert db_path.read_bytes() == before
