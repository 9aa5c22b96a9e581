"""Trips over the store: who is at a place during a trip, and planning a coffee with
each in the free slots (domain/trips.py holds the rules; this gathers what the store
already knows).

Nothing is worked out twice: where people are is kept until the people change; the
needs I can help with are the matcher's (built once per store state, shared with
the Dashboard and the Needs screen); overdue keep-in-touch is the Dashboard's own
count; the conversations are counted once per state of the interactions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from nettui.domain import network
from nettui.domain.labels import meetup_title
from nettui.domain.meetups import agenda_text
from nettui.domain.models import ME, Interaction, Meetup, MeetupKind, NeedOffer, Person
from nettui.domain.text import tokens
from nettui.domain.trips import (
    Candidate,
    TripDays,
    Whereabouts,
    assign_slots,
    best_first,
    has_words,
    place_as_written,
    place_words,
    whereabouts,
)
from nettui.store.documents import Documents
from nettui.store.repository import Repository

PLACE_FIELDS = ("id", "location", "addresses", "met_in_person")


def _where_people_are(rows: Documents) -> dict[str, tuple[Whereabouts, str | None]]:
    found = {}
    for row in rows.fields(*PLACE_FIELDS):
        where = whereabouts(row)
        if where is not None:
            found[row["id"]] = (where, row.get("met_in_person"))
    return found


def _overdue(repo: Repository, today: date) -> dict[str, date]:
    # The Dashboard's count, under its name: made once for both.
    overdue: list[tuple[str, date]] = repo.storage.derived(
        Person.TABLE,
        f"overdue on {today}",
        lambda rows: network.overdue_people(
            rows.fields("id", "cadence", "last_contact", "created"), today
        ),
    )
    return dict(overdue)


def _conversations(repo: Repository) -> dict[str, int]:
    return repo.storage.derived(
        Interaction.TABLE,
        "talks since ",  # since ever
        lambda rows: network.talks_since(rows.fields(*network.TALK_FIELDS), ""),
    )


def trip_candidates(
    repo: Repository, place: str, trip: TripDays | None, today: date
) -> list[Candidate]:
    """Who is worth seeing at `place` during `trip`, best first, with the reasons.
    Without days (not typed yet), the people who are there, and no events."""
    wanted = place_words(place)
    found: dict[str, Candidate] = {}
    names = repo.owner_names()
    where_all = repo.storage.derived(Person.TABLE, "whereabouts", _where_people_are)
    for person_id, (where, met) in where_all.items():
        text = where.match(wanted)
        if text is not None:
            found[person_id] = Candidate(person_id, names.get(person_id, "?"), met, where=text)
    if trip is not None:
        for event in repo.events():
            start, end = datetime.fromisoformat(event.start), datetime.fromisoformat(event.end)
            if not trip.overlaps(start, end) or not has_words(tokens(event.place), wanted):
                continue
            for person_id in event.people:
                if person_id == ME or person_id not in names:
                    continue
                if person_id not in found:
                    person = repo.person(person_id)
                    met = person.met_in_person if person else None
                    found[person_id] = Candidate(person_id, names[person_id], met)
                found[person_id].events.append(event.name)
    if not found:
        return []
    if trip is not None:  # who already has a meetup planned in those days
        for meetup in repo.agenda(trip.start, trip.end):
            start = datetime.fromisoformat(meetup.start).astimezone(trip.start.tzinfo)
            for person_id in meetup.people:
                candidate = found.get(person_id)
                if candidate is not None and trip.start <= start < trip.end:
                    candidate.planned = candidate.planned or start
    for match in repo.help_now():
        candidate = found.get(match.need.person_id)
        if candidate is not None and match.need.text not in candidate.helps:
            candidate.helps.append(match.need.text)
    overdue = _overdue(repo, today)
    talks = _conversations(repo)
    for person_id, candidate in found.items():
        candidate.overdue_since = overdue.get(person_id)
        candidate.conversations = talks.get(person_id, 0)
    return best_first(found.values())


def plan_trip(
    repo: Repository,
    place: str,
    trip: TripDays,
    chosen: Sequence[Candidate],
    slots: Sequence[time],
    length: timedelta,
    now: datetime,
) -> list[Meetup]:
    """A coffee at `place` with each of `chosen`, in order, in the first free slot
    left: never in the past, never overlapping a planned meetup, one person a slot.
    One transaction: all of them are stored, or none. Who did not fit has no `slot`."""
    for candidate in chosen:
        candidate.slot = None
    written_as = place_as_written(place, [c.where for c in chosen if c.where])
    planned: list[Meetup] = []
    with repo.transaction():
        # Read inside the transaction: another process's meetup is seen, not overlapped.
        busy = [
            (datetime.fromisoformat(m.start), datetime.fromisoformat(m.end))
            for m in repo.agenda(trip.start - timedelta(days=1), trip.end)
        ]
        mine: defaultdict[str, dict[str, NeedOffer]] = defaultdict(dict)
        for match in repo.help_now():  # my offers that meet their needs, once each
            mine[match.need.person_id][match.offer.id] = match.offer
        for candidate in assign_slots(chosen, trip, slots, length, busy, now):
            assert candidate.slot is not None  # assign_slots gave it one
            start = candidate.slot
            meetup = Meetup(
                title=meetup_title(MeetupKind.COFFEE, [candidate.name]),
                people=[candidate.person_id],
                start=start.isoformat(),
                end=(start + length).isoformat(),
                place=written_as,
                kind=MeetupKind.COFFEE,
                agenda=agenda_text(
                    repo.needs_offers_of(candidate.person_id),
                    mine[candidate.person_id].values(),
                ),
            )
            repo.plan_meetup(meetup)
            planned.append(meetup)
    return planned
