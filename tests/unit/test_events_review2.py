"""Events, after a second review: a date without a year is the nearest such day (an
event is recorded before or after it happens) and the past forms work; the line a
known person's history keeps says whether the event is where you first met; an
event's name matches by whole words or their starts, never from inside a word. The
real command on a real store, on a fixed day (Sunday 6 December 2026)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from nettui.domain.dates import DateError, local_now
from nettui.domain.events import name_matches, parse_either
from nettui.domain.models import Person
from nettui.store.repository import Repository
from tests.cli_in_process import run_nettui
from tests.clock import freeze_clock


@pytest.fixture
def sunday(monkeypatch) -> datetime:
    now = local_now().replace(2026, 12, 6, 17, 0, 0, 0)
    freeze_clock(monkeypatch, now)
    return now


def nettui(env, *args, code=0):
    result = run_nettui(env, *args)
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result


def start_day(env, event_id: str) -> str:
    rows = json.loads(nettui(env, "events", "--json").stdout)
    return next(r["start"][:10] for r in rows if r["id"] == event_id)


# -- 1. dates past or coming ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "when", "day"),
    [
        ("en", "3 Dec", "2026-12-03"),  # three days ago, not next year
        ("es", "3/12", "2026-12-03"),
        ("es", "3 de diciembre", "2026-12-03"),
        ("en", "3 Jan", "2027-01-03"),  # next month
        ("en", "yesterday", "2026-12-05"),
        ("es", "ayer", "2026-12-05"),
        ("en", "3 days ago", "2026-12-03"),
        ("es", "hace 3 días", "2026-12-03"),
        ("en", "3 Dec 2027", "2027-12-03"),  # a year given is that year
        ("en", "2025-12-03", "2025-12-03"),
        ("en", "tomorrow", "2026-12-07"),
    ],
)
def test_an_event_on_a_day_without_a_year_is_the_nearest_one(cli_env, sunday, lang, when, day):
    event_id = nettui(cli_env, "--lang", lang, "event", "add", "PyConES", "--when", when)
    assert start_day(cli_env, event_id.stdout.strip()) == day


def test_an_event_three_days_ago_takes_who_was_met_there(cli_env, sunday):
    out = nettui(cli_env, "event", "add", "PyConES", "--when", "3 Dec")
    assert "3 days ago" in out.stderr and "2027" not in out.stderr
    met = nettui(cli_env, "event", "met", "pycones", "Ana Ruiz", "--note", "needs a CTO")
    assert "New: Ana Ruiz" in met.stdout
    yesterday = nettui(cli_env, "--lang", "es", "event", "add", "Charla", "--when", "ayer 18h")
    assert "18:00" in yesterday.stderr and "hace 1 día" in yesterday.stderr


def test_the_rule_past_or_coming(sunday):
    assert parse_either("3 Dec 9:00", sunday).isoformat()[:16] == "2026-12-03T09:00"
    assert parse_either("hace 2 semanas a las 18h", sunday, "es").date().isoformat() == (
        "2026-11-22"
    )
    assert parse_either("5 Jun", sunday).date().isoformat() == "2027-06-05"
    assert parse_either("7 Jun", sunday).date().isoformat() == "2026-06-07"
    with pytest.raises(DateError, match="not a date nettui understands.*yesterday"):
        parse_either("someday", sunday)
    with pytest.raises(DateError, match="no day 31"):
        parse_either("31 de febrero", sunday)


# -- 3. "Met at" or "Saw again at" -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "first", "again"),
    [("en", "Met at PyConES", "Saw again at PyConES"),
     ("es", "Nos conocimos en PyConES", "Coincidimos en PyConES")],
)  # fmt: skip
def test_someone_met_before_is_seen_again_there(cli_env, db_path, sunday, lang, first, again):
    with Repository(db_path) as repo:
        old = repo.add_person(Person(name="Luis Gómez", met_in_person="2024-05-01"))
        online = repo.add_person(Person(name="Bea López"))
    nettui(cli_env, "event", "add", "PyConES", "--when", "2026-12-04")
    for name in ("Luis Gómez", "Bea López", "Ana Ruiz"):
        nettui(cli_env, "--lang", lang, "event", "met", "pycones", name)
    with Repository(db_path) as repo:
        said = {p.name: [i.summary for i in repo.interactions_of(p.id)] for p in repo.people()}
        assert said["Luis Gómez"] == [again]
        assert said["Bea López"] == [first] and said["Ana Ruiz"] == [first]
        assert repo.person(old.id).met_in_person == "2024-05-01"
        assert repo.person(online.id).met_in_person == "2026-12-04"


# -- 5. an event's name by words ---------------------------------------------------------------


def test_an_event_name_matches_by_words_never_inside_one(cli_env, sunday):
    nettui(cli_env, "event", "add", "Sevilla Tech", "--when", "2026-12-01")
    nettui(cli_env, "event", "add", "PyConES 2026", "--when", "2026-12-02")
    out = nettui(cli_env, "event", "met", "evil", "Ana Ruiz", code=1)
    assert "No event called 'evil'" in out.stderr
    nettui(cli_env, "event", "met", "es", "Ana Ruiz", code=1)  # inside "PyConES"
    assert "Sevilla Tech" in nettui(cli_env, "event", "met", "sev", "Ana Ruiz").stdout
    assert "Sevilla Tech" in nettui(cli_env, "event", "met", "tech sevilla", "Bea").stdout
    assert "PyConES" in nettui(cli_env, "event", "met", "pycon es", "Eva").stdout
    assert "PyConES" in nettui(cli_env, "event", "met", "pycon", "Eva").stdout


def test_name_matches_rule():
    assert name_matches("pycon es", "PyConES")
    assert name_matches("sev tech", "Conferencia Tech Sevilla")
    assert name_matches("conferencia", "Conferencia Tech Sevilla")
    assert not name_matches("evil", "Sevilla Tech")
    assert not name_matches("ech", "Sevilla Tech")
