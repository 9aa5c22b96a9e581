"""Merging two records of one person: fields combined, everything moved, nothing lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nettui.domain.models import Event, Interaction, Meetup, NeedOffer, Person
from nettui.store.repository import Repository


def test_merge_moves_everything_to_the_survivor(repo, db_path):
    first = repo.add_person(
        Person(
            name="Ana García",
            emails=["ana@a.org"],
            role="Lawyer",
            created="2024-01-01T00:00:00+00:00",
        )
    )
    second = repo.add_person(
        Person(
            name="Ana Garcia",
            emails=["ana@a.org", "ana@b.org"],
            company="Ortega",
            notes="Has two kids",
        )
    )
    other = repo.add_person(Person(name="Bea"))
    need = repo.add_need_offer(NeedOffer(person_id=second.id, kind="need", text="Busco abogada"))
    repo.log_interaction(Interaction(person_id=second.id, summary="Coffee", in_person=True))
    start = datetime.now(UTC) + timedelta(days=2)
    meetup = repo.plan_meetup(
        Meetup(
            title="Lunch",
            people=[second.id, other.id],
            start=start.isoformat(),
            end=(start + timedelta(hours=1)).isoformat(),
        )
    )
    event = repo.add_event(
        Event(name="PyConES", start=start.isoformat(), end=start.isoformat(), people=[second.id])
    )
    [(a, b, shared)] = repo.possible_duplicates()
    assert (a.id, b.id, shared) == (first.id, second.id, "email")

    repo.merge_people(first.id, second.id)
    with Repository(db_path) as fresh:
        assert fresh.person(second.id) is None
        ana = fresh.person(first.id)
        assert ana.emails == ["ana@a.org", "ana@b.org"]
        assert (ana.role, ana.company, ana.notes) == ("Lawyer", "Ortega", "Has two kids")
        assert ana.met_in_person is not None  # the coffee was in person
        assert [n.id for n in fresh.needs_offers_of(first.id)] == [need.id]
        assert [i.summary for i in fresh.interactions_of(first.id)] == ["Coffee"]
        assert fresh.meetup(meetup.id).people == [first.id, other.id]
        assert [e.people for e in fresh.events() if e.id == event.id] == [[first.id]]
        assert fresh.possible_duplicates() == []
        assert fresh.count_people() == 2


def test_same_name_pairs_come_after_the_stronger_ones_marked_weaker(repo):
    """The demo has people who share only a name (folded: accents and case apart):
    they are listed too, after the pairs with a stronger sign, as "same_name"."""

    def add(name: str, day: int, **fields) -> Person:
        return repo.add_person(
            Person(name=name, created=f"2024-01-{day:02d}T00:00:00+00:00", **fields)
        )

    ana = add("Ana García", 1, company="Ortega")
    ana_too = add("ANA GARCIA", 2, company="Freelance")
    luis = add("Luis", 3)
    bea = add("Bea", 4, emails=["bea@x.org"])
    luis_too = add("luis", 5)
    bea_too = add("Beatriz Ruiz", 6, emails=["bea@x.org"])
    add("Ana Garcías", 7)  # another name
    pairs = [(a.id, b.id, shared) for a, b, shared in repo.possible_duplicates()]
    assert pairs == [
        (bea.id, bea_too.id, "email"),
        (ana.id, ana_too.id, "same_name"),
        (luis.id, luis_too.id, "same_name"),
    ]
