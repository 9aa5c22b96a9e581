"""Meetups, the agenda, the calendar file and the Dashboard's numbers, on a real store."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import icalendar
from dateutil import tz

from nettui.domain import network
from nettui.domain.models import Meetup, NeedOffer, Person
from nettui.io.ics import meetups_to_ics
from nettui.store.repository import Repository
from tests.cli_in_process import run_nettui

MADRID = tz.gettz("Europe/Madrid")
NOW = datetime(2026, 11, 27, 15, 0, tzinfo=MADRID)


def meetup(people: list[str], start: datetime, hours: float = 1, **kw) -> Meetup:
    return Meetup(
        title=kw.pop("title", "Coffee"),
        people=people,
        start=start.isoformat(),
        end=(start + timedelta(hours=hours)).isoformat(),
        **kw,
    )


def test_done_makes_everyone_met_keeps_the_first_date_and_logs_it(repo, db_path):
    ana = repo.add_person(Person(name="Ana", met_in_person="2020-05-01"))
    bea = repo.add_person(Person(name="Bea"))
    planned = repo.plan_meetup(meetup([ana.id, bea.id], NOW - timedelta(hours=3)))
    repo.meetup_done(planned.id, outcome="Great", photo_together=True)
    with Repository(db_path) as fresh:
        assert fresh.person(ana.id).met_in_person == "2020-05-01"  # the first date is kept
        assert fresh.person(bea.id).met_in_person == (NOW - timedelta(hours=3)).date().isoformat()
        assert fresh.person(bea.id).last_contact is not None
        [logged] = fresh.interactions_of(bea.id)
        assert logged.in_person and "Great" in logged.summary and "photo" in logged.summary
        done = fresh.meetup(planned.id)
        assert (done.status, done.photo_together, done.outcome) == ("done", True, "Great")


def test_overlaps_cancel_and_agenda(repo):
    ana = repo.add_person(Person(name="Ana"))
    first = repo.plan_meetup(meetup([ana.id], NOW + timedelta(days=1)))
    clash = meetup([ana.id], NOW + timedelta(days=1, minutes=30))
    assert [m.id for m in repo.overlapping(clash)] == [first.id]
    later = meetup([ana.id], NOW + timedelta(days=1, hours=1))  # starts as the first ends
    assert repo.overlapping(later) == []
    repo.plan_meetup(clash)
    repo.cancel_meetup(clash.id)
    assert [m.id for m in repo.agenda(NOW)] == [first.id]
    assert repo.agenda(NOW, NOW + timedelta(hours=2)) == []


def test_agenda_text_holds_their_needs_and_my_offers(repo):
    ana = repo.add_person(Person(name="Ana"))
    repo.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text="Busco fotógrafo"))
    repo.add_need_offer(NeedOffer(person_id="me", kind="offer", text="Hago fotografía"))
    text = repo.agenda_text(ana.id)
    assert "Their needs:\n- Busco fotógrafo" in text
    assert "What I can offer:\n- Hago fotografía" in text


def test_the_calendar_file_parses_and_holds_every_planned_meetup():
    planned = [
        meetup(
            ["p1"],
            NOW + timedelta(days=1),
            title="Coffee with Ana",
            place="Café Central",
            agenda="Her needs:\n- a lawyer",
        ),
        meetup(["p1", "p2"], datetime(2027, 7, 1, 18, 30, tzinfo=MADRID), hours=2, title="Dinner"),
    ]
    cancelled = meetup(["p2"], NOW + timedelta(days=2), title="Gone", status="cancelled")
    people = {"p1": ("Ana García", "ana@example.org"), "p2": ("Bea", None)}
    blob = meetups_to_ics([*planned, cancelled], people, "Europe/Madrid")
    calendar = icalendar.Calendar.from_ical(blob)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"{m.id}@nettui" for m in planned}
    for m in planned:
        event = events[f"{m.id}@nettui"]
        assert event.decoded("dtstart") == datetime.fromisoformat(m.start)
        assert event.decoded("dtend") == datetime.fromisoformat(m.end)
        assert event["dtstart"].params["TZID"] == "Europe/Madrid"
        assert str(event["summary"]) == m.title
    coffee = events[f"{planned[0].id}@nettui"]
    assert str(coffee["location"]) == "Café Central"
    assert "Ana García" in str(coffee["description"]) and "a lawyer" in str(coffee["description"])
    assert "mailto:ana@example.org" in str(coffee["attendee"])
    summer = events[f"{planned[1].id}@nettui"].decoded("dtstart")
    assert summer.utcoffset() == timedelta(hours=2)  # summer time in July
    again = icalendar.Calendar.from_ical(meetups_to_ics(planned, people, "Europe/Madrid"))
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == set(events)  # stable UIDs
    utc_only = icalendar.Calendar.from_ical(meetups_to_ics(planned, people, None))
    [first, *_] = utc_only.walk("VEVENT")
    assert first.decoded("dtstart") == datetime.fromisoformat(planned[0].start)


def test_dashboard_numbers():
    people = {
        "a": {"id": "a", "name": "Ana", "met_in_person": "2025-01-01"},
        "b": {"id": "b", "name": "Bea", "met_in_person": None},
        "c": {
            "id": "c",
            "name": "Cris",
            "met_in_person": None,
            "cadence": "FREQ=MONTHLY",
            "last_contact": "2026-09-01",
        },
        "d": {"id": "d", "name": "Dani", "met_in_person": None},
    }
    interactions = [{"person_id": "b", "at": "2026-11-01T10:00:00+01:00"}] * 3 + [
        {"person_id": "d", "at": "2026-10-01T10:00:00+01:00"}
    ]
    meetups = [
        {
            "id": "m1",
            "title": "Coffee",
            "people": ["a"],
            "status": "done",
            "start": "2026-11-03T10:00:00+01:00",
            "end": "2026-11-03T11:00:00+01:00",
        },
        {
            "id": "m2",
            "title": "Lunch",
            "people": ["b"],
            "status": "planned",
            "start": "2026-11-29T13:00:00+01:00",
            "end": "2026-11-29T14:00:00+01:00",
        },
        {
            "id": "m4",
            "title": "Monday",
            "people": ["b"],
            "status": "planned",
            "start": "2026-11-30T13:00:00+01:00",
            "end": "2026-11-30T14:00:00+01:00",
        },
        {
            "id": "m3",
            "title": "Later",
            "people": ["b"],
            "status": "planned",
            "start": "2026-12-20T13:00:00+01:00",
            "end": "2026-12-20T14:00:00+01:00",
        },
    ]
    board = network.build(people, interactions, meetups, NOW, can_help={"d": "a lawyer"})
    assert (board.known, board.met) == (4, 1)
    assert [i.person_id for i in board.meet_next] == ["d", "b", "c"]  # 1+3, 3, overdue 2
    assert "you can help: a lawyer" in board.meet_next[0].detail
    assert [i.meetup_id for i in board.this_week] == ["m2"]  # Monday starts the next week
    sunday_start = network.build(people, interactions, meetups, NOW, week_starts=6)
    assert [i.meetup_id for i in sunday_start.this_week] == []  # the week ended Friday
    assert [i.person_id for i in board.overdue] == ["c"]
    assert board.per_month[-1] == 1 and sum(board.per_month) == 1 and len(board.per_month) == 12
    assert network.overdue_people(people.values(), date(2026, 10, 1)) == []


def test_the_dashboard_of_the_store_reads_only_some_fields_and_shows_the_same(db_path):
    """The store decodes only the fields each count needs; the Dashboard comes out as
    it does from the whole records."""
    from nettui.demo import build_demo

    with Repository(db_path) as setup:
        build_demo(setup)
    repo = Repository(db_path)
    planned = [m for m in repo.meetups() if m.status == "planned"]
    now = datetime.fromisoformat(planned[0].start).astimezone(MADRID) - timedelta(hours=1)
    tables = {
        name: dict(repo.storage.table(name)) for name in ("people", "interactions", "meetups")
    }
    whole = network.build(
        tables["people"], tables["interactions"].values(), tables["meetups"].values(), now
    )
    board = repo.dashboard(now)
    assert board == whole
    assert board.known > 0 and board.met > 0 and board.meet_next and board.this_week
    assert board.overdue and sum(board.per_month) > 0


def test_cli_meet_agenda_done_export(cli_env, db_path, tmp_path):
    def run(*args, code=0):
        result = run_nettui(cli_env, *args)
        assert result.returncode == code, result.stderr
        return result

    run("add", "Ana García", "--email", "ana@example.org")
    meetup_id = run("meet", "ana", "--when", "mañana a las 10", "--place", "Café").stdout.strip()
    clash = run("meet", "ana", "--when", "mañana 10:30")
    assert "overlaps" in clash.stderr
    rows = json.loads(run("agenda", "--json").stdout)
    assert rows[0]["id"] == meetup_id
    assert rows[0]["people"] == ["Ana García"] and rows[0]["place"] == "Café"
    assert datetime.fromisoformat(rows[0]["start"]).hour == 10
    out = tmp_path / "meetups.ics"
    run("export", "--format", "ics", "-o", str(out))
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert len(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")) == 2
    bad = run("done", meetup_id[:6], "--next", "someday", code=2)
    assert "Try:" in bad.stderr  # nothing was recorded
    assert json.loads(run("show", "ana", "--json").stdout)["met_in_person"] is None
    run(
        "done",
        meetup_id[:6],
        "--notes",
        "Great",
        "--photo",
        "--need",
        "Busca abogada",
        "--next",
        "en 3 meses",
    )
    shown = json.loads(run("show", "ana", "--json").stdout)
    assert shown["met_in_person"] is not None
    assert [n["text"] for n in shown["needs"]] == ["Busca abogada"]
    planned = json.loads(run("agenda", "--json", "--days", "120").stdout)
    assert meetup_id not in [m["id"] for m in planned]  # done: off the agenda
    assert len(planned) == 2  # the overlapping one, and the next meetup in 3 months
    bad = run("meet", "ana", "--when", "31 de febrero", code=2)
    assert "has no day 31" in bad.stderr
    run("done", "zzzz", code=1)


def test_a_future_meetup_recorded_as_done_moves_to_when_it_was_recorded(repo, db_path):
    from nettui.store.errors import AlreadyRecorded

    ana = repo.add_person(Person(name="Ana"))
    now = datetime.now().astimezone()
    future = (now + timedelta(days=6)).replace(hour=10, minute=0, second=0, microsecond=0)
    planned = repo.plan_meetup(meetup([ana.id], future, hours=1.5))
    repo.meetup_done(planned.id, outcome="Great")
    after = datetime.now().astimezone()
    with Repository(db_path) as fresh:
        done = fresh.meetup(planned.id)
        start, end = datetime.fromisoformat(done.start), datetime.fromisoformat(done.end)
        # Recorded at one moment, minutes kept: that moment's day (either side of
        # midnight), which the person's first meeting and the interaction agree with.
        assert now.replace(second=0, microsecond=0) <= start <= after
        day = start.astimezone().date()  # under Past, with the day it happened
        assert end - start == timedelta(hours=1.5)  # its length kept
        person = fresh.person(ana.id)
        assert person.met_in_person == person.last_contact == day.isoformat()
        [logged] = fresh.interactions_of(ana.id)
        assert datetime.fromisoformat(logged.at).astimezone().date() == day
    # A second time: refused, and no second interaction.
    try:
        repo.record_outcome(planned.id, outcome="Again", need="More")
    except AlreadyRecorded as error:
        assert "already recorded" in str(error)
    else:
        raise AssertionError("recorded twice")
    assert len(repo.interactions_of(ana.id)) == 1 and repo.needs_offers() == []


def test_a_past_meetup_recorded_as_done_keeps_its_date(repo):
    ana = repo.add_person(Person(name="Ana"))
    past = (datetime.now().astimezone() - timedelta(days=3)).replace(second=0, microsecond=0)
    planned = repo.plan_meetup(meetup([ana.id], past))
    done = repo.meetup_done(planned.id)
    assert datetime.fromisoformat(done.start) == past
    assert repo.person(ana.id).met_in_person == past.date().isoformat()


def test_cli_done_of_a_future_meetup_says_it_moved(cli_env):
    def run(*args, code=0):
        result = run_nettui(cli_env, *args)
        assert result.returncode == code, result.stderr
        return result

    run("add", "Ana García")
    meetup_id = run("meet", "ana", "--when", "in 6 days").stdout.strip()
    said = run("done", meetup_id).stdout
    assert "Moved to " in said and ", when it was recorded (it was planned for " in said
    [row] = json.loads(run("show", "ana", "--json").stdout)["meetups"]
    assert row["start"][:10] == json.loads(run("show", "ana", "--json").stdout)["met_in_person"]
    past = run("meet", "ana", "--when", "today 0:00").stdout.strip()
    assert "Moved" not in run("done", past).stdout


def test_a_meetup_on_the_dashboard_names_its_people_once():
    """A default title ("Coffee with Ana García") names them: no "with Ana García" after
    it; a title of the user's own ("Lunch") still says who."""
    from nettui.domain.network import Planned, _meetup_item

    people = {"a": {"name": "Ana García"}, "b": {"name": "Bea Ruiz"}}

    def item(title: str) -> tuple[str, str]:
        planned = Planned("", "", title, "Café Central", "a", "m1", ("a", "b"))
        shown = _meetup_item(planned, "Fri 10:00", people)
        return shown.label, shown.detail

    assert item("Coffee with Ana García and Bea Ruiz") == (
        "Fri 10:00  Coffee with Ana García and Bea Ruiz",
        "Café Central",
    )
    assert item("Lunch")[1] == "with Ana García, Bea Ruiz · Café Central"


def test_a_nearer_birthday_ranks_first_among_people_to_meet():
    """Equal otherwise, the one whose birthday is today comes before the one in ten days."""
    today = NOW.date()
    in_ten = today + timedelta(days=10)
    people = {
        "later": {"id": "later", "name": "Ana", "birthday": f"1990-{in_ten:%m-%d}"},
        "today": {"id": "today", "name": "Zoe", "birthday": f"1990-{today:%m-%d}"},
    }
    board = network.build(people, [], [], NOW)
    assert [i.person_id for i in board.meet_next] == ["today", "later"]


def test_with_nothing_this_week_every_meetup_of_the_next_day_shows():
    """Seen on a Sunday (the week starts on Monday), four coffees on Monday are all
    next: the Dashboard showed only the first."""
    sunday = datetime(2026, 11, 29, 18, 0, tzinfo=MADRID)
    people = {"a": {"id": "a", "name": "Ana", "met_in_person": None}}

    def coffee(meetup_id: str, day: int, hour: int) -> dict[str, object]:
        start = datetime(2026, 11, day, hour, 0, tzinfo=MADRID)
        return {
            "id": meetup_id,
            "title": f"Coffee {meetup_id}",
            "people": ["a"],
            "status": "planned",
            "start": start.isoformat(),
            "end": (start + timedelta(hours=1)).isoformat(),
        }

    meetups = [coffee("m10", 30, 10), coffee("m16", 30, 16), coffee("m12", 30, 12)]
    meetups.append(
        {
            **coffee("tue", 30, 10),
            "id": "tue",
            "start": "2026-12-01T10:00:00+01:00",
            "end": "2026-12-01T11:00:00+01:00",
        }
    )
    board = network.build(people, [], meetups, sunday)
    assert board.this_week == []
    assert [i.meetup_id for i in board.next_soon] == ["m10", "m12", "m16"]
