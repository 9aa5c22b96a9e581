"""Trips: who is at a place during the trip, best first and why, and coffees planned in
the free slots (`nettui trip`), on a real store on disk with a fixed clock."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

import pytest
from dateutil import tz

from nettui.config import load
from nettui.domain.card import Address
from nettui.domain.errors import ValidationError
from nettui.domain.models import ME, Event, Interaction, Meetup, NeedOffer, NeedOfferKind, Person
from nettui.domain.trips import (
    Candidate,
    assign_slots,
    best_first,
    place_as_written,
    place_words,
    trip_days,
    whereabouts,
)
from nettui.store.repository import Repository
from nettui.store.trips import plan_trip, trip_candidates
from tests.cli_in_process import run_nettui
from tests.clock import freeze_clock

MADRID = tz.gettz("Europe/Madrid")
# Sunday 6 December 2026, 09:00 in Madrid: "el lunes" is the 7th.
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=MADRID)
SLOTS = [time(10), time(12), time(16), time(18)]
HOUR = timedelta(hours=1)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=MADRID)


def matches(place: str, **person: object) -> bool:
    where = whereabouts(person)
    return where is not None and where.match(place_words(place)) is not None


# -- where ---------------------------------------------------------------------------------


def test_a_place_matches_folded_and_by_whole_consecutive_words():
    assert matches("valladolid", location="Valladolid, España")
    assert matches("VALLADOLID", location="valladolid")
    assert matches("san sebastian", location="San Sebastián, Gipuzkoa")
    assert matches("leon", location="León")
    assert not matches("leon", location="Leonardo da Vinci 3, Madrid")
    assert not matches("sebastian san", location="San Sebastián")  # the order counts
    assert not matches("san sebastian", location="San Pedro, Sebastián")  # consecutive
    assert not matches("valladolid", location="")


def test_an_address_matches_by_locality_and_by_its_whole_region_only():
    home = {"addresses": [{"locality": "Donostia", "region": "Gipuzkoa"}]}
    assert matches("donostia", **home)
    assert matches("Gipuzkoa", **home)
    castilla = {"addresses": [{"locality": "Valladolid", "region": "Castilla y León"}]}
    assert not matches("leon", **castilla)  # a region is wider than the city visited
    assert matches("castilla y leon", **castilla)


def test_a_place_without_words_is_refused():
    with pytest.raises(ValidationError, match="Say where"):
        place_words(" , ")


# -- when ----------------------------------------------------------------------------------


def test_the_trip_runs_from_the_start_of_the_first_day_to_the_end_of_the_last():
    trip = trip_days(at(7, 10), at(9, 10))
    assert trip.start == at(7, 0) and trip.end == at(10, 0) and trip.days == 3
    assert trip_days(at(7, 18), at(7, 9)).days == 1  # one day, whatever the hours


def test_a_trip_that_ends_before_it_starts_or_lasts_over_31_days_is_refused():
    with pytest.raises(ValidationError, match="ends before it starts"):
        trip_days(at(9, 10), at(7, 10))
    with pytest.raises(ValidationError, match="at most 31 days"):
        trip_days(at(1, 10), at(1, 10) + timedelta(days=31))
    assert trip_days(at(1, 10), at(31, 10)).days == 31


# -- who first -----------------------------------------------------------------------------


def test_never_met_first_then_needs_i_can_help_then_overdue_then_conversations():
    met = "2025-01-01"
    people = [
        Candidate("a", "Met, many talks", met, conversations=30),
        Candidate("b", "Met, overdue", met, overdue_since=at(1, 0).date()),
        Candidate("c", "Met, I can help", met, helps=["a lawyer"]),
        Candidate("d", "Never met, 2 talks", None, conversations=2),
        Candidate("e", "Never met, I can help", None, helps=["a lawyer"]),
        Candidate("f", "Met, 3 talks", met, conversations=3),
    ]
    ranked = [c.person_id for c in best_first(people)]
    assert ranked == ["e", "d", "c", "b", "a", "f"]


def test_the_reasons_say_why_in_the_interface_language():
    from nettui.i18n import set_language

    who = Candidate(
        "a",
        "Ana",
        None,
        helps=["Busco abogado"],
        overdue_since=at(1, 0).date(),
        conversations=12,
        events=["PyConES"],
    )
    assert who.why() == [
        "never met in person",
        "needs you can help with: Busco abogado",
        "keep-in-touch overdue since Dec 1, 2026",
        "12 conversations",
        "going to PyConES",
    ]
    set_language("es")
    assert who.why() == [
        "nunca os habéis visto en persona",
        "necesidades en las que puedes ayudar: Busco abogado",
        "mantener el contacto: pendiente desde el 1 dic 2026",
        "12 conversaciones",
        "va a PyConES",
    ]


# -- slots ---------------------------------------------------------------------------------


def test_slots_are_never_in_the_past_never_overlap_and_take_one_person_each():
    trip = trip_days(at(6, 0), at(7, 0))
    busy = [(at(6, 11, 30), at(6, 12, 30))]  # a meetup over Sunday's noon slot
    people = [Candidate(str(n), f"P{n}") for n in range(5)]
    planned = assign_slots(people, trip, SLOTS, HOUR, busy, NOW)  # now: Sunday 09:00
    assert [c.slot for c in planned] == [at(6, 10), at(6, 16), at(6, 18), at(7, 10), at(7, 12)]
    late = at(7, 12, 30)
    planned = assign_slots(people, trip, SLOTS, HOUR, [], late)
    assert [c.slot for c in planned] == [at(7, 16), at(7, 18)]  # the rest did not fit


def test_a_long_meetup_takes_the_slots_it_overlaps():
    trip = trip_days(at(7, 0), at(7, 0))
    people = [Candidate(str(n), f"P{n}") for n in range(4)]
    planned = assign_slots(people, trip, SLOTS, timedelta(hours=3), [], NOW)
    assert [c.slot for c in planned] == [at(7, 10), at(7, 16)]


def test_a_slot_that_does_not_exist_when_the_clocks_go_forward_is_skipped():
    march = datetime(2027, 3, 28, 0, 0, tzinfo=MADRID)  # 02:00 becomes 03:00
    trip = trip_days(march, march)
    planned = assign_slots(
        [Candidate("a", "A"), Candidate("b", "B")],
        trip,
        [time(2, 30), time(10)],
        HOUR,
        [],
        march - timedelta(days=1),
    )
    assert [c.slot for c in planned] == [datetime(2027, 3, 28, 10, 0, tzinfo=MADRID)]


def test_trip_slots_come_from_config_and_a_bad_one_is_said_in_a_sentence(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('trip_slots = ["09:30", "17:00"]\n', encoding="utf-8")
    assert load(path).trip_times == [time(9, 30), time(17, 0)]
    path.write_text('trip_slots = ["10:00", "25:00"]\n', encoding="utf-8")
    config = load(path)
    assert config.trip_times == SLOTS
    [problem] = config.problems
    assert "trip_slots holds '25:00', not a time such as 10:00; the default is used" in str(problem)
    path.write_text('trip_slots = "10:00"\n', encoding="utf-8")
    assert "trip_slots must be a list of times" in str(load(path).problems[0])


# -- the store -----------------------------------------------------------------------------


@pytest.fixture
def valladolid(repo: Repository) -> dict[str, Person]:
    people = {
        "ana": Person(name="Ana Ruiz", location="Valladolid, España"),
        "bea": Person(
            name="Bea Gil",
            met_in_person="2024-05-01",
            addresses=[Address(street="Calle Mayor 1", locality="Valladolid")],
        ),
        "leo": Person(name="Leonardo Díaz", location="Madrid"),
        "carlos": Person(name="Carlos Peña", met_in_person="2025-01-01", location="valladolid"),
        "dani": Person(name="Dani Sol", location="Sevilla"),  # going to an event there
    }
    for person in people.values():
        repo.add_person(person)
    people["carlos"].cadence = "FREQ=MONTHLY;INTERVAL=1"
    people["carlos"].last_contact = "2026-09-01"
    repo.update_person(people["carlos"])
    for _ in range(3):
        repo.log_interaction(Interaction(person_id=people["bea"].id, summary="call"))
    repo.add_need_offer(
        NeedOffer(person_id=people["bea"].id, kind=NeedOfferKind.NEED, text="Busco abogado laboral")
    )
    repo.add_need_offer(NeedOffer(person_id=ME, kind=NeedOfferKind.OFFER, text="Abogado laboral"))
    repo.add_event(
        Event(
            name="Tech Valladolid",
            start=at(7, 9).isoformat(),
            end=at(7, 19).isoformat(),
            place="Feria de Valladolid",
            people=[people["dani"].id],
        )
    )
    repo.add_event(  # elsewhere, or on other days: no one comes of it
        Event(
            name="PyConES",
            start=at(20, 9).isoformat(),
            end=at(21, 19).isoformat(),
            place="Valladolid",
            people=[people["leo"].id],
        )
    )
    return people


def test_candidates_come_by_place_and_by_event_best_first_with_reasons(repo, valladolid):
    trip = trip_days(at(7, 10), at(9, 10))
    found = trip_candidates(repo, "valladolid", trip, NOW.date())
    assert [c.name for c in found] == ["Ana Ruiz", "Dani Sol", "Bea Gil", "Carlos Peña"]
    ana, dani, bea, carlos = found
    assert ana.why() == ["never met in person"]
    assert dani.why() == ["never met in person", "going to Tech Valladolid"]
    assert bea.why() == ["needs you can help with: Busco abogado laboral", "3 conversations"]
    assert carlos.why() == ["keep-in-touch overdue since Oct 1, 2026"]


def test_planning_stores_coffees_in_free_slots_in_one_go(repo, valladolid):
    trip = trip_days(at(7, 10), at(7, 10))
    repo.plan_meetup(
        Meetup(
            title="Dentist",
            people=[ME],
            start=at(7, 9, 30).isoformat(),
            end=at(7, 10, 30).isoformat(),
        )
    )
    found = trip_candidates(repo, "Valladolid", trip, NOW.date())
    planned = plan_trip(repo, "Valladolid", trip, found, SLOTS, HOUR, NOW)
    assert [m.start for m in planned] == [at(7, h).isoformat() for h in (12, 16, 18)]
    assert [m.title for m in planned] == [
        "Coffee with Ana Ruiz",
        "Coffee with Dani Sol",
        "Coffee with Bea Gil",
    ]
    assert found[3].slot is None  # Carlos did not fit
    with Repository(repo.path) as fresh:
        stored = [m for m in fresh.meetups() if m.kind == "coffee" and m.title != "Dentist"]
        assert len(stored) == 3 and all(m.place == "Valladolid" for m in stored)
        bea = next(m for m in stored if m.people == [valladolid["bea"].id])
        assert "Busco abogado laboral" in bea.agenda and "Abogado laboral" in bea.agenda


# -- the command ---------------------------------------------------------------------------


@pytest.fixture
def env(tmp_path, db_path, monkeypatch) -> dict[str, str]:
    freeze_clock(monkeypatch, NOW)
    return {
        "NETTUI_DB": str(db_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "LANG": "C.UTF-8",
    }


def test_trip_json_lists_who_and_why_and_plan_fills_the_slots(env, valladolid, repo):
    result = run_nettui(
        env, "trip", "Valladolid", "--from", "el lunes", "--to", "next wednesday", "--json"
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["person"]["name"] for r in rows] == ["Ana Ruiz", "Dani Sol", "Bea Gil", "Carlos Peña"]
    assert rows[0] == {
        "person": {"id": valladolid["ana"].id, "name": "Ana Ruiz"},
        "met_in_person": None,
        "why": ["never met in person"],
        "slot": None,
        "meetup": None,
    }
    assert rows[2]["met_in_person"] == "2024-05-01"

    result = run_nettui(
        env,
        "--lang",
        "es",
        "trip",
        "valladolid",
        "--from",
        "7/12",
        "--to",
        "7/12",
        "--plan",
        "2",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["slot"] for r in rows] == [at(7, 10).isoformat(), at(7, 12).isoformat(), None, None]
    assert rows[1]["why"] == ["nunca os habéis visto en persona", "va a Tech Valladolid"]
    with Repository(repo.path) as fresh:
        assert {m.id for m in fresh.meetups()} == {rows[0]["meetup"], rows[1]["meetup"]}
        assert {m.title for m in fresh.meetups()} == {"Café con Ana Ruiz", "Café con Dani Sol"}


def test_plan_prints_the_new_ids_and_run_again_plans_the_next_people(env, valladolid, repo):
    monday = ("--from", "2026-12-07", "--to", "2026-12-07")
    first = run_nettui(env, "trip", "valladolid", *monday, "--plan", "2")
    assert first.returncode == 0, first.stderr
    again = run_nettui(env, "trip", "valladolid", *monday, "--plan", "9")
    assert again.returncode == 0 and "did not fit" not in again.stderr
    assert len(first.stdout.split()) == 2 and len(again.stdout.split()) == 2
    with Repository(repo.path) as fresh:
        meetups = sorted(fresh.meetups(), key=lambda m: m.start)
        assert sorted(m.id for m in meetups) == sorted(first.stdout.split() + again.stdout.split())
        assert [m.start for m in meetups] == [at(7, h).isoformat() for h in (10, 12, 16, 18)]
        people = [m.people[0] for m in meetups]
        assert len(set(people)) == 4  # never a second coffee with the same person
    listed = run_nettui(env, "trip", "valladolid", *monday)
    assert "meeting planned Mon, Dec 7 10:00" in listed.stdout
    last = run_nettui(env, "trip", "valladolid", *monday, "--plan", "1")
    assert last.returncode == 0 and last.stdout == ""
    assert "Everyone there already has a meetup planned in those days." in last.stderr


def test_plan_says_how_many_did_not_fit(env, valladolid, repo):
    repo.plan_meetup(
        Meetup(title="Dentist", people=[ME], start=at(7, 16).isoformat(), end=at(7, 17).isoformat())
    )
    result = run_nettui(
        env, "trip", "valladolid", "--from", "2026-12-07", "--to", "monday", "--plan", "4"
    )
    assert result.returncode == 0 and len(result.stdout.split()) == 3
    assert "1 person did not fit in a free slot of the trip." in result.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--from", "2026-12-09", "--to", "2026-12-07"), "ends before it starts"),
        (("--from", "2026-12-01", "--to", "2027-01-05"), "at most 31 days"),
        (("--from", "someday", "--to", "2026-12-07"), "--from: 'someday' is not a date"),
        (("--from", "2026-12-07", "--to", "2026-12-07", "--plan", "0"), "must be 1 or more"),
        (("--from", "2026-11-02", "--to", "2026-11-04"), "That trip is over (Nov 4, 2026)"),
        # A date without a year is the nearest: 1 Dec seen on 6 Dec is past, not 2027's.
        (("--from", "1 Dec", "--to", "3 Dec"), "That trip is over (Dec 3, 2026)"),
    ],
)
def test_bad_input_is_said_in_a_sentence_exit_2_and_nothing_is_written(
    env, valladolid, repo, args, said
):
    before = repo.path.read_bytes()
    result = run_nettui(env, "trip", "valladolid", "--plan", "3", *args)
    assert result.returncode == 2 and said in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert repo.path.read_bytes() == before


def test_nobody_there_exits_1_and_says_so(env, valladolid):
    result = run_nettui(env, "trip", "Lugo", "--from", "lunes", "--to", "martes")
    assert result.returncode == 1
    assert "Nobody you know is in Lugo from Dec 7, 2026 to Dec 8, 2026." in result.stderr


def test_what_an_introduction_logs_is_not_counted_as_conversations(repo, valladolid):
    """An introduction's states (asked, accepted...) are written in both histories;
    they are bookkeeping, and would rank someone as a person you talk to often."""
    for said in ("Asked whether she would like to meet Bea", "Said yes to meeting Bea"):
        repo.log_interaction(
            Interaction(person_id=valladolid["ana"].id, channel="introduction", summary=said)
        )
    trip = trip_days(at(7, 10), at(9, 10))
    ana = next(
        c for c in trip_candidates(repo, "valladolid", trip, NOW.date()) if c.name == "Ana Ruiz"
    )
    assert ana.conversations == 0 and ana.why() == ["never met in person"]


def test_the_coffees_take_the_place_as_the_peoples_records_write_it(repo, valladolid):
    """Typed "valladolid", the meetups said "valladolid"; a place typed with capitals,
    or written nowhere as that very place, stays as typed."""
    trip = trip_days(at(7, 10), at(7, 10))
    found = trip_candidates(repo, "valladolid", trip, NOW.date())
    planned = plan_trip(repo, "  valladolid ", trip, found[:1], SLOTS, HOUR, NOW)
    assert [m.place for m in planned] == ["Valladolid"]
    assert place_as_written("VALLADOLID", ["Valladolid, España"]) == "VALLADOLID"
    assert place_as_written("lugo", ["Valladolid, España"]) == "lugo"
    assert place_as_written("san sebastian", ["San Sebastián, Gipuzkoa"]) == "San Sebastián"
