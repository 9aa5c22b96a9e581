"""Events, after review: part of a name that two people share, the same person met twice
at one event, a deleted person in events, "me" met at an event, all-day events across
a change of the clocks, and a length too long. A real store, as a user leaves it."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

import pytest
from dateutil import tz

from nettui.domain.dates import DateError
from nettui.domain.events import describe_span, event_span, met_moment, parse_length
from nettui.domain.models import Event, Person
from nettui.store.repository import Repository
from tests.cli_in_process import run_nettui

NOW = datetime(2026, 11, 27, 21, 0).astimezone()
MADRID = tz.gettz("Europe/Madrid")


def event(name: str = "PyConES", days_ago: int = 1, days: int = 2) -> Event:
    start = datetime.combine(NOW.date() - timedelta(days=days_ago), time(0), NOW.tzinfo)
    return Event(name=name, start=start.isoformat(), end=(start + timedelta(days=days)).isoformat())


def nettui(env, *args, code=0):
    result = run_nettui(env, *args)
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result


# -- 1. part of a name two people share -------------------------------------------------------


def test_part_of_a_name_two_people_share_is_refused_listing_both(cli_env, db_path):
    first = nettui(cli_env, "add", "Bea López").stdout.strip()
    second = nettui(cli_env, "add", "Bea López").stdout.strip()
    nettui(cli_env, "event", "add", "PyConES", "--when", "2025-11-20")
    before = db_path.read_bytes()
    out = nettui(cli_env, "event", "met", "pycones", "Bea", code=2)
    assert first[:8] in out.stderr and second[:8] in out.stderr
    assert "--new" in out.stderr and "New:" not in out.stdout
    assert db_path.read_bytes() == before
    # Said plainly, someone new called Bea is taken.
    assert "New: Bea" in nettui(cli_env, "event", "met", "pycones", "Bea", "--new").stdout


@pytest.mark.parametrize("part", ["Lopez", "lóp", "Bea Lo"])
def test_a_part_of_a_name_from_a_later_word_is_refused_too(cli_env, db_path, part):
    """A surname alone ("Lopez" for Bea López) is as much a part of a known name as the
    first name is: it made a new person "Lopez"."""
    nettui(cli_env, "add", "Bea López")
    nettui(cli_env, "event", "add", "PyConES", "--when", "2025-11-20")
    before = db_path.read_bytes()
    out = nettui(cli_env, "event", "met", "pycones", part, code=2)
    assert "Bea López" in out.stderr and "--new" in out.stderr
    assert db_path.read_bytes() == before


# -- 2. the same person met twice at one event -------------------------------------------------


def test_someone_met_twice_at_one_event_is_met_there_once(repo, db_path):
    conf = repo.add_event(event())
    first = repo.met_at_event(conf.id, "Lucía Prieto", "needs a CTO", now=NOW)
    again = repo.met_at_event(conf.id, "lucia prieto", "needs a CTO", now=NOW)
    assert (first.new, again.new, again.again) == (True, False, True)
    later = repo.met_at_event(conf.id, "Lucía Prieto", "offers mentoring in UX", now=NOW)
    assert later.again
    with Repository(db_path) as fresh:
        person_id = first.person.id
        assert len(fresh.interactions_of(person_id)) == 1  # one "Met at PyConES" line
        said = sorted((n.kind, n.text) for n in fresh.needs_offers_of(person_id))
        # The same need is not added twice; a new thing said is kept.
        assert said == [("need", "a CTO"), ("offer", "mentoring in UX")]
        stored = fresh.event(conf.id)
        assert stored.met == [person_id] == stored.people


def test_the_cli_says_someone_was_met_there_already(cli_env):
    nettui(cli_env, "event", "add", "PyConES", "--when", "2025-11-20")
    nettui(cli_env, "event", "met", "pycones", "Carla Ruiz", "--note", "needs a lawyer")
    out = nettui(cli_env, "event", "met", "pycones", "Carla Ruiz", "--note", "needs a lawyer")
    assert "Already met there: Carla Ruiz, at PyConES." in out.stdout
    shown = json.loads(nettui(cli_env, "show", "Carla Ruiz", "--json").stdout)
    assert [n["text"] for n in shown["needs"]] == ["a lawyer"]
    assert len(shown["interactions"]) == 1


# -- 3. a deleted person -----------------------------------------------------------------------


def test_deleting_someone_takes_them_off_events_and_undo_puts_them_back(repo, db_path):
    ana = repo.add_person(Person(name="Ana García"))
    bea = repo.add_person(Person(name="Bea López"))
    conf = repo.add_event(event())
    repo.met_at_event(conf.id, "Ana García", now=NOW)
    repo.going_to_event(conf.id, bea.id)
    repo.delete_person(ana.id)
    with Repository(db_path) as fresh:
        stored = fresh.event(conf.id)
        assert (stored.people, stored.met) == ([bea.id], [])
    repo.undo_delete()
    with Repository(db_path) as fresh:
        stored = fresh.event(conf.id)
        assert (stored.people, stored.met) == ([ana.id, bea.id], [ana.id])


def test_the_cli_delete_takes_them_off_events(cli_env):
    nettui(cli_env, "event", "add", "PyConES", "--when", "2025-11-20")
    nettui(cli_env, "event", "met", "pycones", "Carla Ruiz")
    nettui(cli_env, "event", "met", "pycones", "Pablo Sanz")
    nettui(cli_env, "delete", "Carla Ruiz", "--yes")
    [row] = json.loads(nettui(cli_env, "events", "--json").stdout)
    assert row["people"] == row["met"] == ["Pablo Sanz"]


# -- 5. "me" --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("event", "met", "pycones", "me"), "that's you"),
        (("event", "met", "pycones", " Me ", "--new"), "that's you"),
        (("event", "going", "pycones", "me"), "that's you"),
        (("--lang", "es", "event", "met", "pycones", "yo"), "eres tú"),
        (("--lang", "es", "event", "going", "pycones", "yo"), "eres tú"),
    ],
)
def test_me_is_not_someone_met_or_going(cli_env, db_path, args, said):
    nettui(cli_env, "event", "add", "PyConES", "--when", "2025-11-20")
    before = db_path.read_bytes()
    out = nettui(cli_env, *args, code=2)
    assert said in out.stderr.lower() and len(out.stderr.strip().splitlines()) == 1
    assert db_path.read_bytes() == before


# -- 6. all-day events across a change of the clocks ------------------------------------------


def test_an_all_day_event_across_the_clock_change_is_whole_days():
    # The clocks go back in Madrid on Sunday 25 October 2026.
    now = datetime(2026, 10, 20, 10, 0, tzinfo=MADRID)
    start, end = event_span("2026-10-24", "3 days", now)
    fair = Event(name="Feria", start=start.isoformat(), end=end.isoformat())
    assert fair.start.endswith("+02:00") and fair.end.endswith("+01:00")  # as stored
    assert describe_span(start, end, now) == (
        "Saturday, October 24, 2026 to Monday, October 26, 2026 (in 4 days)"
    )
    stored = (datetime.fromisoformat(fair.start), datetime.fromisoformat(fair.end))
    assert describe_span(*stored, now).startswith("Saturday, October 24, 2026 to Monday")
    after = datetime(2026, 11, 2, 10, 0, tzinfo=MADRID)
    met = met_moment(fair, after).astimezone(MADRID)
    assert (met.date().isoformat(), met.time()) == ("2026-10-24", time(12))


def test_someone_met_at_it_is_met_at_noon_on_its_first_day(repo, db_path):
    now = datetime(2026, 10, 20, 10, 0, tzinfo=MADRID)
    start, end = event_span("2026-10-24", "3 days", now)
    fair = repo.add_event(Event(name="Feria", start=start.isoformat(), end=end.isoformat()))
    after = datetime(2026, 11, 2, 10, 0, tzinfo=MADRID)
    met = repo.met_at_event(fair.id, "Carla Ruiz", now=after)
    [logged] = Repository(db_path).interactions_of(met.person.id)
    at = datetime.fromisoformat(logged.at).astimezone(MADRID)
    assert (at.date().isoformat(), at.time()) == ("2026-10-24", time(12))


# -- 7. a length too long -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["40 days", "5 weeks", "32 días"])
def test_a_length_over_a_month_says_at_most_31_days(text):
    with pytest.raises(DateError, match="at most 31 days"):
        parse_length(text)


# -- a third review --------------------------------------------------------------------------


def test_a_mistyped_id_or_an_empty_name_is_refused_not_someone_new(cli_env, db_path):
    nettui(cli_env, "event", "add", "PyConES", "--when", "2025-11-20")
    before = db_path.read_bytes()
    out = nettui(cli_env, "event", "met", "pycones", "deadbeef", code=2)
    assert "No one has the id deadbeef" in out.stderr and "--new" in out.stderr
    assert "Say who" in nettui(cli_env, "event", "met", "pycones", " ", code=2).stderr
    assert "Say which event" in nettui(cli_env, "event", "met", "", "Ana", code=2).stderr
    assert "Say which event" in nettui(cli_env, "event", "going", "", "Ana", code=2).stderr
    assert db_path.read_bytes() == before
    # Said plainly, a new person with such a name is taken.
    assert "New: deadbeef" in nettui(cli_env, "event", "met", "pycones", "deadbeef", "--new").stdout


def test_someone_added_to_an_event_that_has_started_was_there(cli_env):
    nettui(cli_env, "add", "Dora Met")
    nettui(cli_env, "event", "add", "PyConES", "--when", "2025-11-20")
    said = nettui(cli_env, "event", "going", "pycones", "Dora Met").stdout
    assert "Dora Met was at PyConES." in said
