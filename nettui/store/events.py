"""Events: conferences, fairs, talks; who is going, and who you met there.

A layer of its own (see store/repository.py): an event is no meetup (it has no status
or outcome, and its people are many), but meeting someone there touches the layers
below it: a new person, an in-person interaction, a need or an offer. Each of those
is one transaction, so the evening after a conference saves one person at a time and
loses none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from nettui.domain.dates import local_now
from nettui.domain.errors import ValidationError
from nettui.domain.events import (
    Note,
    compact,
    has_started,
    met_moment,
    met_summary,
    name_matches,
    read_note,
    refuse_me,
)
from nettui.domain.limits import check_lengths
from nettui.domain.models import Channel, Event, Interaction, NeedOffer, NeedOfferStatus, Person
from nettui.domain.text import fold
from nettui.i18n import _
from nettui.store.documents import Documents
from nettui.store.errors import Ambiguous, NotFound
from nettui.store.sync_state import SyncStore


class NotYet(ValidationError):
    """Someone cannot be met at an event that has not started."""


@dataclass(frozen=True)
class MetThere:
    """What saving one person met at an event did."""

    person: Person
    new: bool  # a new person was added
    first_meeting: bool  # their first meeting in person is now this event
    again: bool = False  # met there already: nothing logged again
    noted: bool = False  # the note added a need, an offer or what they do


class EventsStore(SyncStore):
    """Events, and the people going to them or met there."""

    def events(self) -> list[Event]:
        """Every event, soonest first."""
        return sorted(self._records(Event), key=lambda e: datetime.fromisoformat(e.start))

    def event(self, event_id: str) -> Event | None:
        raw = self._raw(Event).get(event_id)
        return Event.from_dict(raw) if raw is not None else None

    def add_event(self, event: Event) -> Event:
        event.validate()
        check_lengths(event)
        with self.transaction():
            for person_id in event.people:
                self._check_owner(person_id)
            self._insert(event)
        return event

    def resolve_event(self, ref: str) -> Event:
        """An event from what a user typed: its id, a unique id prefix (4 characters or
        more), or a unique name, folded and without spaces ("pycon es" is PyConES);
        failing that, the one event whose name it names by whole words or their
        starts ("pycon", "sev tech"; never from inside a word: see name_matches)."""
        ref = ref.strip()
        if not ref:
            raise NotFound(_("Say which event: an id, the start of an id, or a name."))
        found = self.event(ref)
        if found is not None:
            return found
        events = self.events()
        wanted = compact(ref)
        tries = (
            [e for e in events if len(ref) >= 4 and e.id.startswith(ref.lower())],
            [e for e in events if fold(e.name) == fold(ref)],
            [e for e in events if wanted and compact(e.name) == wanted],
            [e for e in events if name_matches(ref, e.name)],
        )
        for named in tries:
            if len(named) == 1:
                return named[0]
            if named:
                listing = "; ".join(f"{e.name} ({e.start[:10]}, {e.id[:8]})" for e in named[:5])
                raise Ambiguous(
                    _("{ref!r} could be {n} events: {listing}. Use an id instead.").format(
                        ref=ref, n=len(named), listing=listing
                    )
                )
        raise NotFound(_("No event called {ref!r}. `nettui events` lists them.").format(ref=ref))

    def known_for_met(self, ref: str) -> Person | None:
        """The known person a name typed for "who I met" is: their id, a unique id
        prefix, or their whole name (folded: "jose nunez" is José Núñez); None for
        someone new. Two people with that name: Ambiguous, listing them. A name that
        only starts someone's name is someone new (the caller may ask first)."""
        ref = " ".join(ref.split())
        found = self.person(ref)
        if found is not None:
            return found
        if len(ref) >= 4 and all(c in "0123456789abcdef" for c in ref.lower()):
            by_prefix = [p for p in self.search_ids("") if p.startswith(ref.lower())]
            if len(by_prefix) == 1:
                return self.person(by_prefix[0])
        ids = self.storage.derived(Person.TABLE, "by folded name", _by_folded_name)
        named = self.people_by_ids(ids.get(fold(ref), ()))
        if len(named) > 1:
            listing = "; ".join(f"{p.display_name} ({p.id[:8]})" for p in named[:5])
            raise Ambiguous(
                _("{ref!r} could be {n} people: {listing}. Use an id instead.").format(
                    ref=ref, n=len(named), listing=listing
                ),
                named,
            )
        return named[0] if named else None

    def started_by(self, ref: str, limit: int = 5) -> list[Person]:
        """The people (at most `limit`) whose whole name `ref` is only a part of, from
        the start of a word ("Bea" or "Lopez" of Bea López, folded): not them, and not
        silently someone new either (the CLI refuses it without --new; the app asks
        before saving). Quick at every key: a look through the folded names, no search."""
        wanted = fold(" ".join(ref.split()))
        if not wanted:
            return []
        ids = self.storage.derived(Person.TABLE, "by folded name", _by_folded_name)
        found: list[str] = []
        for name, named in ids.items():
            if name != wanted and f" {wanted}" in f" {name}":
                found += named
                if len(found) >= limit:
                    break
        return self.people_by_ids(found[:limit])

    def going_to_event(self, event_id: str, person_id: str) -> Event:
        """`person_id` is going to the event (or was there)."""
        refuse_me(person_id)
        with self.transaction():
            event = self._event_or_fail(event_id)
            self._check_owner(person_id)
            if person_id not in event.people:
                event.people = [*event.people, person_id]
                self._replace(event)
        return event

    def met_at_event(
        self,
        event_id: str,
        ref: str,
        note: str = "",
        now: datetime | None = None,
        new: bool = False,
    ) -> MetThere:
        """Someone met at an event, in one transaction: a known person (see
        known_for_met) is marked met there (their first meeting in person moves to
        the event's day when it was later or never), a new one is added (met there,
        how we met: the event); an in-person "Met at …" line is logged on the event's
        day, the note becomes a need, an offer or what they do (see domain/events.py),
        and they join the event's people and those met there.
        Someone met there already is not met again: nothing is logged, and of the
        note only a need or an offer they do not have yet is kept (or what they do,
        when they had none). "me" is refused (ValidationError), and so is an event
        that has not started yet (NotYet), writing nothing. `new`: someone new called
        `ref`, whoever else has that name (picked so in the app)."""
        now = now or local_now()
        name = " ".join(ref.split())
        if not name:
            raise NotFound(_("Say who: a name, or a known person's id."))
        refuse_me(name)
        with self.transaction():
            event = self._event_or_fail(event_id)
            if not has_started(event, now):
                raise NotYet(_("{name} has not happened yet.").format(name=event.name))
            at = met_moment(event, now)
            day = at.astimezone().date().isoformat()
            said = read_note(note)
            person = None if new else self.known_for_met(name)
            new = person is None
            noted = False
            if person is None:
                person = Person(name=name, how_we_met=event.name)
                if said is not None and said.kind is None:
                    person.role, noted = said.text, True
                check_lengths(person)
                self.add_person(person)
            elif said is not None and said.kind is None and not person.role:
                person.role, noted = said.text, True
                check_lengths(person, ("role",))
                self.update_person(person, ("role",))
            again = person.id in event.met
            first = not again and (person.met_in_person is None or day < person.met_in_person)
            if not again:
                self.log_interaction(
                    Interaction(
                        person_id=person.id,
                        at=at.isoformat(),
                        channel=Channel.IN_PERSON,
                        in_person=True,
                        summary=met_summary(event.name, note, first),
                    )
                )
            if said is not None and said.kind is not None and not self._has_said(person, said):
                self.add_need_offer(NeedOffer(person_id=person.id, kind=said.kind, text=said.text))
                noted = True
            if not again:
                if person.id not in event.people:
                    event.people = [*event.people, person.id]
                event.met = [*event.met, person.id]
                self._replace(event)
        return MetThere(self.person(person.id) or person, new, first, again, noted)

    def _has_said(self, person: Person, said: Note) -> bool:
        """They have this need (or offer) open already: said twice, kept once."""
        text = fold(" ".join(said.text.split()))
        return any(
            n.kind == said.kind
            and n.status == NeedOfferStatus.OPEN
            and fold(" ".join(n.text.split())) == text
            for n in self.needs_offers_of(person.id)
        )

    def met_there(self, event: Event) -> list[Person]:
        """The people met at `event`, in the order they were met."""
        return self.people_by_ids(event.met)

    def online_only_going(self, event: Event) -> list[Person]:
        """ "Meet them there": the people going who were never met in person."""
        going = [p for p in self.people_by_ids(event.people) if p.id not in event.met]
        return [p for p in going if p.met_in_person is None]

    def _event_or_fail(self, event_id: str) -> Event:
        event = self.event(event_id)
        if event is None:
            raise NotFound(_("No event with id {id}.").format(id=event_id))
        return event


def _by_folded_name(rows: Documents) -> dict[str, list[str]]:
    """Person ids by their whole name folded: the "who I met here" field asks on every
    key (searching, and making a Person of every hit, took 50-200 ms at 10,000)."""
    from nettui.domain.network import name_of

    found: dict[str, list[str]] = {}
    for person_id, row in zip(rows, rows.fields("name", "handles", "emails"), strict=True):
        found.setdefault(fold(" ".join(name_of(row).split())), []).append(person_id)
    return found
