"""Events: lengths and spans as typed, notes on people met, and meeting people at an
event on a real store (one transaction each, nothing written on a refusal)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from nettui.domain.dates import DateError
from nettui.domain.events import (
    describe_span,
    event_span,
    met_moment,
    parse_length,
    read_note,
)
from nettui.domain.models import Event, NeedOfferKind, Person
from nettui.i18n import set_language
from nettui.store.errors import Ambiguous, NotFound
from nettui.store.events import NotYet
from nettui.store.repository import Repository
from tests.cli_in_process import run_nettui

# The machine's own zone: the store turns moments into days in it.
NOW = datetime(2026, 11, 27, 21, 0).astimezone()


def event(name: str = "PyConES", days_ago: int = 1, days: int = 2, **kw) -> Event:
    start = datetime.combine(NOW.date() - timedelta(days=days_ago), datetime.min.time(), NOW.tzinfo)
    return Event(
        name=name,
        start=start.isoformat(),
        end=(start + timedelta(days=days)).isoformat(),
        **kw,
    )


# -- domain ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3h", timedelta(hours=3)),
        ("90 min", timedelta(minutes=90)),
        ("2 days", timedelta(days=2)),
        ("2 días", timedelta(days=2)),
        ("dos dias", timedelta(days=2)),
        ("3d", timedelta(days=3)),
        ("1 week", timedelta(days=7)),
        ("", None),
    ],
)
def test_a_length_in_hours_or_days_in_both_languages(text, expected):
    assert parse_length(text) == expected


@pytest.mark.parametrize("text", ["soon", "2 lunas"])
def test_a_length_not_understood_says_what_works(text):
    with pytest.raises(DateError, match="2 días"):
        parse_length(text)


def test_a_date_without_a_time_is_an_all_day_event_of_whole_days():
    start, end = event_span("2026-12-03", "2 días", NOW, "es")
    assert (start.hour, start.minute) == (0, 0) and start.date().isoformat() == "2026-12-03"
    assert end - start == timedelta(days=2)
    start, end = event_span("3 de diciembre", "", NOW, "es")
    assert end - start == timedelta(days=1) and start.hour == 0


def test_a_date_with_a_time_lasts_its_length_or_to_the_end_of_the_day():
    start, end = event_span("2026-12-03 18:00", "2h", NOW)
    assert (start.hour, end.hour) == (18, 20)
    start, end = event_span("3 Dec 9:00", "", NOW)
    assert start.hour == 9 and end == start.replace(hour=0) + timedelta(days=1)


def test_the_span_is_said_in_words_in_both_languages():
    start, end = event_span("2026-12-03", "2 days", NOW)
    assert describe_span(start, end, NOW) == (
        "Thursday, December 3, 2026 to Friday, December 4, 2026 (in 6 days)"
    )
    set_language("es")
    assert "jueves, 3 de diciembre de 2026, todo el día" in describe_span(
        *event_span("2026-12-03", "", NOW), NOW
    )


@pytest.mark.parametrize(
    ("note", "kind", "text"),
    [
        ("needs a labour lawyer", NeedOfferKind.NEED, "a labour lawyer"),
        ("Necesita abogado laboralista", NeedOfferKind.NEED, "abogado laboralista"),
        ("is looking for a CTO", NeedOfferKind.NEED, "a CTO"),
        ("ofrece mentoría en UX", NeedOfferKind.OFFER, "mentoría en UX"),
        ("can help with hiring", NeedOfferKind.OFFER, "hiring"),
        ("Data engineer at Glovo", None, "Data engineer at Glovo"),
        ("needs", None, "needs"),  # a verb alone is no need
    ],
)
def test_a_note_is_a_need_an_offer_or_what_they_do(note, kind, text):
    said = read_note(note)
    assert said is not None and (said.kind, said.text) == (kind, text)
    assert read_note("   ") is None


def test_someone_met_at_a_long_event_is_met_today_while_it_is_on():
    on = event(days_ago=1, days=3)
    assert met_moment(on, NOW) == NOW
    over = event(days_ago=10, days=2)
    assert met_moment(over, NOW).date() == NOW.date() - timedelta(days=10)


# -- the store ------------------------------------------------------------------------------


def test_a_known_person_met_there_keeps_an_earlier_first_meeting(repo, db_path):
    old = repo.add_person(Person(name="Ana García", met_in_person="2020-05-01"))
    later = repo.add_person(Person(name="José Núñez", met_in_person="2026-11-26"))
    online = repo.add_person(Person(name="Bea López"))
    conf = repo.add_event(event(days_ago=5))
    for name in ("ana garcia", "JOSE NUNEZ", "Bea López"):
        repo.met_at_event(conf.id, name, now=NOW)
    day = (NOW.date() - timedelta(days=5)).isoformat()
    with Repository(db_path) as fresh:
        assert fresh.person(old.id).met_in_person == "2020-05-01"
        assert fresh.person(later.id).met_in_person == day  # moved to the earlier meeting
        assert fresh.person(online.id).met_in_person == day
        [logged] = fresh.interactions_of(online.id)
        assert logged.in_person and logged.summary == "Met at PyConES"
        stored = fresh.event(conf.id)
        assert stored.met == [old.id, later.id, online.id] == stored.people


def test_someone_new_is_added_met_there_with_the_note_as_a_need(repo, db_path):
    conf = repo.add_event(event(days_ago=2))
    met = repo.met_at_event(conf.id, "Lucía Prieto", "necesita financiación", now=NOW)
    assert met.new
    with Repository(db_path) as fresh:
        person = fresh.person(met.person.id)
        assert person.how_we_met == "PyConES"
        assert person.met_in_person == (NOW.date() - timedelta(days=2)).isoformat()
        [need] = fresh.needs_offers_of(person.id)
        assert (need.kind, need.text) == ("need", "financiación")
        assert (
            fresh.interactions_of(person.id)[0].summary == "Met at PyConES: necesita financiación"
        )


def test_a_note_on_what_they_do_fills_an_empty_role_only(repo):
    conf = repo.add_event(event())
    known = repo.add_person(Person(name="Ana García", role="Abogada"))
    repo.met_at_event(conf.id, "Ana García", "now does UX", now=NOW)
    new = repo.met_at_event(conf.id, "Carla Ruiz", "UX researcher", now=NOW)
    assert repo.person(known.id).role == "Abogada"
    assert repo.person(new.person.id).role == "UX researcher"


def test_two_people_with_the_name_or_a_future_event_write_nothing(repo, db_path):
    repo.add_person(Person(name="Ana"))
    repo.add_person(Person(name="Ana"))
    conf = repo.add_event(event())
    later = repo.add_event(event("Tech Fest", days_ago=-3))
    before = db_path.read_bytes()
    with pytest.raises(Ambiguous, match="could be 2 people"):
        repo.met_at_event(conf.id, "ana", now=NOW)
    with pytest.raises(NotYet, match="Tech Fest has not happened yet"):
        repo.met_at_event(later.id, "Carla Ruiz", now=NOW)
    assert db_path.read_bytes() == before
    assert repo.count_people() == 2


def test_an_event_is_found_by_id_prefix_or_folded_name(repo):
    conf = repo.add_event(event("PyConES"))
    repo.add_event(event("Conferencia Tech Sevilla"))
    repo.add_event(event("Conferencia Tech Madrid"))
    assert repo.resolve_event(conf.id[:6]).id == conf.id
    assert repo.resolve_event("pycon es").id == conf.id
    assert repo.resolve_event("PYCON").id == conf.id
    with pytest.raises(Ambiguous, match="could be 2 events"):
        repo.resolve_event("conferencia tech")
    with pytest.raises(NotFound):
        repo.resolve_event("FOSDEM")


def test_meet_them_there_is_the_people_going_never_met_in_person(repo):
    online = repo.add_person(Person(name="Bea López"))
    met = repo.add_person(Person(name="Ana García", met_in_person="2024-01-01"))
    fest = repo.add_event(event("Tech Fest", days_ago=-3))
    repo.going_to_event(fest.id, online.id)
    repo.going_to_event(fest.id, met.id)
    repo.going_to_event(fest.id, online.id)  # twice is once
    fest = repo.event(fest.id)
    assert fest.people == [online.id, met.id]
    assert [p.name for p in repo.online_only_going(fest)] == ["Bea López"]


def test_merging_two_records_of_one_person_keeps_them_met_there(repo, db_path):
    conf = repo.add_event(event())
    first = repo.add_person(Person(name="Ana García"))
    second = repo.met_at_event(conf.id, "Ana G.", now=NOW).person
    repo.merge_people(first.id, second.id)
    with Repository(db_path) as fresh:
        assert fresh.event(conf.id).met == [first.id]


# -- the command line ------------------------------------------------------------------------


def nettui(env, *args, code=0):
    result = run_nettui(env, *args)
    assert result.returncode == code, (result.stdout, result.stderr)
    return result


def test_the_cli_adds_an_event_meets_people_there_and_lists_it(cli_env):
    nettui(cli_env, "add", "José Núñez", "--handle", "twitter:@jnunez")
    event_id = nettui(
        cli_env, "event", "add", "PyConES", "--when", "2025-11-20", "--length", "2 días",
        "--place", "Sevilla",
    ).stdout.strip()  # fmt: skip
    assert len(event_id) == 32
    out = nettui(cli_env, "event", "met", "pycon es", "jose nunez", "--note", "necesita abogado")
    assert "Met in person for the first time: José Núñez" in out.stdout
    out = nettui(cli_env, "event", "met", event_id[:6], "Carla Ruiz", "--note", "UX researcher")
    assert "New: Carla Ruiz" in out.stdout
    [row] = json.loads(nettui(cli_env, "events", "--json").stdout)
    assert list(row) == ["id", "name", "start", "end", "place", "people", "met"]
    assert row["met"] == ["José Núñez", "Carla Ruiz"] and row["place"] == "Sevilla"
    assert row["start"].startswith("2025-11-20T00:00:00")
    assert row["end"].startswith("2025-11-22T00:00:00")
    shown = json.loads(nettui(cli_env, "show", "José Núñez", "--json").stdout)
    assert shown["met_in_person"] == "2025-11-20"
    assert [n["text"] for n in shown["needs"]] == ["abogado"]


def test_the_cli_refuses_ambiguity_the_future_and_half_a_name(cli_env, db_path):
    nettui(cli_env, "add", "Ana")
    nettui(cli_env, "add", "Ana")
    nettui(cli_env, "add", "Bea López")
    nettui(cli_env, "event", "add", "PyConES", "--when", "2025-11-20")
    nettui(cli_env, "event", "add", "Tech Fest", "--when", "in 10 days")
    before = db_path.read_bytes()
    out = nettui(cli_env, "event", "met", "pycones", "ana", code=2)
    assert "could be 2 people" in out.stderr and "Traceback" not in out.stderr
    out = nettui(cli_env, "event", "met", "tech fest", "Carla", code=2)
    assert out.stderr.strip() == "nettui: Tech Fest has not happened yet."
    out = nettui(cli_env, "event", "met", "pycones", "Bea", code=2)
    assert "did you mean Bea López" in out.stderr and "--new" in out.stderr
    out = nettui(
        cli_env, "event", "add", "X", "--when", "2025-11-20", "--length", "40 days", code=2
    )
    assert "at most 31 days" in out.stderr
    assert db_path.read_bytes() == before
    nettui(cli_env, "event", "met", "pycones", "Bea", "--new")
    nettui(cli_env, "event", "going", "tech", "Bea López")
    rows = json.loads(nettui(cli_env, "events", "--json").stdout)
    assert [r["name"] for r in rows] == ["PyConES", "Tech Fest"]  # soonest first
    assert rows[1]["people"] == ["Bea López"] and rows[1]["met"] == []


def test_the_cli_speaks_spanish(cli_env):
    nettui(cli_env, "event", "add", "Charla", "--when", "2025-11-20")
    out = nettui(cli_env, "--lang", "es", "event", "met", "charla", "Carla Ruiz")
    assert "Nueva persona: Carla Ruiz" in out.stdout
