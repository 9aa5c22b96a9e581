"""People: the search index, adding and editing, finding by what a user typed,
duplicates and merging, delete and undo, and the history of interactions."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import datetime
from typing import Any

from nettui.domain.labels import label
from nettui.domain.limits import check_lengths
from nettui.domain.models import (
    ME,
    Event,
    Interaction,
    Introduction,
    Meetup,
    NeedOffer,
    Person,
    now_iso,
)
from nettui.domain.search import PersonIndex, PersonSummary, build_entries, summary_of
from nettui.domain.text import fold
from nettui.i18n import _
from nettui.store import search_cache
from nettui.store.core import DeletedPerson, RepositoryCore, edited
from nettui.store.errors import Ambiguous, NotFound
from nettui.store.tables import document


class PeopleStore(RepositoryCore):
    """The people of the store, and what happens to everything of theirs with them."""

    # -- people ----------------------------------------------------------------------------

    def _ensure_people(self) -> PersonIndex:
        self.storage.read()  # a cheap stat; reloads (and resets the index) if changed
        if self._index is None:
            self._people = {}
            # Inside a transaction the data may already differ from the file on disk,
            # so the saved index (tied to that file) is neither used nor written.
            signature = None if self.storage.in_transaction else self.storage.signature
            saved = search_cache.load(self.path, signature) if signature else None
            if saved is not None:
                self._index, self._index_saved_for = saved, signature
            else:
                raw = self._raw(Person)
                self._index, self._index_saved_for = PersonIndex(build_entries(raw.values())), None
                if signature:
                    in_order = self._index.entries_by_name()
                    summaries = [summary_of(raw[e.id]) for e in in_order]
                    search_cache.save(self.path, signature, in_order, summaries)
                    self._index_saved_for = signature
        return self._index

    def load(self) -> None:
        """Read the file and the search index now (the app does it from a worker after
        its first paint; anything that needs the data meanwhile waits for it)."""
        self.storage.refresh()
        self.search_ids("")

    def prepare_search(self) -> None:
        """Decode the saved search index now (from a worker, after the first paint)."""
        self._ensure_people().decode()

    def prepare_first_keys(self, pause: Callable[[], None] | None = None) -> None:
        """Answer the first three keys typed in a filter now (from a worker, a little
        later: it takes seconds in a large store; an edit of anyone undoes it).
        `pause` is called often, to give way to the user's keys."""
        index = self._ensure_people()
        if index.first_keys_ready:
            return
        saved_for = self._index_saved_for
        if saved_for is not None and index.first_keys is None:
            # The index is as saved: its table may be saved too.
            table = search_cache.load_first_keys(self.path, saved_for, len(index))
            if table is not None:
                index.use_first_keys(table)
                if index.first_keys_ready:
                    return
        while not index.first_keys_ready:
            before = index.first_keys
            index.prepare_first_keys(pause)
            table = index.first_keys
            if table is None or table is before:
                return  # someone changed meanwhile: the app asks again
            # Saved after each pass: an app closed before the second keeps the first.
            if saved_for is not None and self._index_saved_for == saved_for:
                search_cache.save_first_keys(self.path, saved_for, table)

    @property
    def first_keys_ready(self) -> bool:
        """True while the first three keys of a filter come from a ready table."""
        return self._index is not None and self._index.first_keys_ready

    def person(self, person_id: str) -> Person | None:
        self._ensure_people()
        return self._cached_person(person_id)

    def listed_summary(self, person_id: str) -> PersonSummary | None:
        """What a row of the People list shows of a person: much quicker to make than
        the Person, which made each key of the filter slow as a new screenful of rows
        was drawn. Kept until the people table changes."""
        state = self.storage.table_state(Person.TABLE)
        if state != self._summaries_state:
            self._summaries, self._summaries_state = {}, state
        summary = self._summaries.get(person_id)
        if summary is None:
            raw = self.storage.table_as_read(Person.TABLE).get(person_id)
            if raw is None:
                return None
            summary = self._summaries[person_id] = summary_of(raw)
        return summary

    def _cached_person(self, person_id: str) -> Person | None:
        cached = self._people.get(person_id)
        if cached is None:
            raw = self._raw(Person).get(person_id)
            if raw is None:
                return None
            cached = self._people[person_id] = Person.from_dict(raw)
        return cached

    def display_names(self) -> list[str]:
        """Everyone's name, for suggestions in forms: read from the stored records, not
        through a Person object each."""
        from nettui.domain.network import name_of

        return [name_of(p) for p in self._raw(Person).fields("name", "handles", "emails")]

    def people(self) -> list[Person]:
        """Everyone, sorted by name."""
        return self.people_by_ids(self._ensure_people().all_ids())

    def people_by_ids(self, ids: Iterable[str]) -> list[Person]:
        self._ensure_people()  # one freshness check for the whole list
        found = (self._cached_person(i) for i in ids)
        return [p for p in found if p is not None]

    def count_people(self) -> int:
        return len(self._ensure_people())

    def search_ids(self, query: str) -> Sequence[str]:
        """Ids of the people matching `query`, best first ("" gives everyone by name)."""
        return self._ensure_people().search(query)

    def search(self, query: str, limit: int | None = None) -> list[Person]:
        ids = self.search_ids(query)
        return self.people_by_ids(ids[:limit] if limit else ids)

    def add_person(self, person: Person) -> Person:
        person.validate()
        check_lengths(person)
        with self.transaction():
            self._insert(person)
        self._remember(person)
        return person

    def update_person(self, person: Person, changed: Collection[str] | None = None) -> Person:
        """Save an edited person. With `changed`, only those fields are taken from
        `person`, onto the record as it is now: what another session wrote while the
        form was open (a meeting logged from the CLI) is kept, not overwritten."""
        with self.transaction():
            if changed is not None:
                missing = _("No person with id {id}.").format(id=person.id)
                person = edited(self.person(person.id), person, changed, missing)
                # Only what changes: a name stored before the limits still allows an edit.
                check_lengths(person, changed)
            person.validate()
            person.updated = now_iso()
            self._replace(person)
        self._remember(person)
        return person

    def _remember(self, person: Person) -> None:
        index = self._ensure_people()
        index.put(person.to_dict())
        self._people[person.id] = person
        self._index_saved_for = None

    def resolve_person(self, ref: str) -> Person:
        """A person from what a user typed: an id, a unique id prefix, or a unique name."""
        ref = ref.strip()
        if not ref:
            raise NotFound(_("Say which person: an id, the start of an id, or a name."))
        exact = self.person(ref)
        if exact:
            return exact
        index = self._ensure_people()
        ids = index.all_ids()
        if len(ref) >= 4 and all(c in "0123456789abcdef" for c in ref.lower()):
            by_prefix = [i for i in ids if i.startswith(ref.lower())]
            if len(by_prefix) == 1:
                found = self.person(by_prefix[0])
                if found is not None:
                    return found
        folded = fold(" ".join(ref.split()))
        people = self.people_by_ids(ids)
        named = [p for p in people if fold(p.display_name) == folded]
        if not named:
            named = [p for p in self.search(ref) if fold(p.display_name).startswith(folded)]
        if len(named) == 1:
            return named[0]
        if not named:
            # Quoted as a shell needs it: `nettui find Nobody Known` would find anyone
            # called Nobody or Known.
            raise NotFound(
                _("No one called {ref!r}. `nettui find {query}` searches everywhere.").format(
                    ref=ref, query=shlex.quote(ref)
                )
            )
        listing = "; ".join(f"{p.display_name} ({p.id[:8]})" for p in named[:5])
        raise Ambiguous(
            _("{ref!r} could be {n} people: {listing}. Use an id instead.").format(
                ref=ref, n=len(named), listing=listing
            ),
            named,
        )

    # -- duplicates -----------------------------------------------------------------------

    def people_with_handle(self, value: str) -> list[Person]:
        """Everyone with this handle on any network ("@Ana" is "ana"), oldest first:
        adding a second person with a known handle says who has it."""
        from nettui.domain.names import same_handle

        rows = self._raw(Person)
        found = [
            person_id
            for person_id, row in zip(rows, rows.fields("handles"), strict=True)
            if any(same_handle(str(h.get("value", "")), value) for h in row.get("handles") or [])
        ]
        people = self.people_by_ids(found)
        return sorted(people, key=lambda p: p.created)

    def possible_duplicates(self) -> list[tuple[Person, Person, str]]:
        """Pairs of people who share a UID, email, handle, phone, or name plus company,
        with what they share; then, weaker, pairs with only the same name (folded:
        "Jose Nunez" is "José Núñez"; shared "same_name"). The older of the two comes
        first."""
        from nettui.domain.merge import keys_of, same_name_key

        pairs: dict[tuple[str, str], str] = {}
        people = sorted(self.people(), key=lambda p: p.created)
        for keys_of_person in (keys_of, same_name_key):
            owner: dict[str, Person] = {}
            for person in people:
                for key in sorted(keys_of_person(person)):
                    first = owner.setdefault(key, person)
                    pair = (first.id, person.id)
                    if first.id != person.id and pair not in pairs and pair[::-1] not in pairs:
                        pairs[pair] = key.split(":", 1)[0]
        by_id = {p.id: p for p in people}
        return [(by_id[a], by_id[b], shared) for (a, b), shared in pairs.items()]

    def merge_people(self, survivor_id: str, other_id: str) -> Person:
        """Make two records of one person one: fields combined, nothing lost; the
        other's needs, offers, meetups, events and history move to the survivor."""
        from nettui.domain.merge import merged

        with self.transaction():
            survivor, other = self.person(survivor_id), self.person(other_id)
            if survivor is None or other is None or survivor_id == other_id:
                raise NotFound(_("Those two people are no longer both here."))
            combined = merged(survivor, other)
            combined.uids = [*combined.uids, *(u for u in [other.id] if u not in combined.uids)]
            combined.updated = now_iso()
            self._replace(combined)
            for cls in (NeedOffer, Interaction):
                ids = [i for i, d in self._raw(cls).items() if d.get("person_id") == other_id]
                if ids:
                    self._table(cls).update({"person_id": survivor_id}, doc_ids=ids)
            for gathering, key in ((Meetup, "people"), (Event, "people"), (Event, "met")):
                for doc_id, doc in list(self._raw(gathering).items()):
                    people = doc.get(key) or []
                    if other_id in people:
                        moved = list(
                            dict.fromkeys(survivor_id if p == other_id else p for p in people)
                        )
                        self._table(gathering).update({key: moved}, doc_ids=[doc_id])
            self._table(Person).remove(doc_ids=[other_id])
        self._ensure_people().remove(other_id)
        self._people.pop(other_id, None)
        self._matcher = None
        self._remember(combined)
        return combined

    # -- delete and undo -------------------------------------------------------------------

    def delete_person(self, person_id: str) -> Person:
        """Remove a person with their needs, offers and history, and from meetups and
        events (a meetup of theirs alone goes; an event stays); `undo_delete` restores."""
        with self.transaction():
            person = self.person(person_id)
            if person is None:
                raise NotFound(_("No person with id {id}.").format(id=person_id))
            bundle = DeletedPerson(person=person.to_dict())
            mine = {d["id"] for d in self._raw(NeedOffer).values() if d["person_id"] == person_id}
            bundle.needs_offers = [self._raw(NeedOffer)[i] for i in mine]
            bundle.interactions = [
                d for d in self._raw(Interaction).values() if d["person_id"] == person_id
            ]
            bundle.introductions = [
                d
                for d in self._raw(Introduction).values()
                if d["need_id"] in mine or d["offer_id"] in mine
            ]
            bundle.meetups_before = [
                d for d in self._raw(Meetup).values() if person_id in d.get("people", [])
            ]
            bundle.events_with = [
                d
                for d in self._raw(Event).values()
                if person_id in (d.get("people") or []) or person_id in (d.get("met") or [])
            ]
            self._table(Person).remove(doc_ids=[person_id])
            for cls, docs in (
                (NeedOffer, bundle.needs_offers),
                (Interaction, bundle.interactions),
                (Introduction, bundle.introductions),
            ):
                if docs:
                    self._table(cls).remove(doc_ids=[d["id"] for d in docs])
            for meetup in bundle.meetups_before:
                others = [p for p in meetup["people"] if p != person_id]
                if others:
                    self._table(Meetup).update({"people": others}, doc_ids=[meetup["id"]])
                else:
                    self._table(Meetup).remove(doc_ids=[meetup["id"]])
            for event in bundle.events_with:  # the event stays, without them
                left = {
                    k: [p for p in event.get(k) or [] if p != person_id] for k in ("people", "met")
                }
                self._table(Event).update(left, doc_ids=[event["id"]])
        self._ensure_people().remove(person_id)
        self._people.pop(person_id, None)
        self._matcher = None
        self._index_saved_for = None
        self._last_deleted = bundle
        return person

    @property
    def can_undo(self) -> bool:
        return self._last_deleted is not None

    def undo_delete(self) -> Person | None:
        """Put back the last deleted person and all that went with them."""
        bundle = self._last_deleted
        if bundle is None:
            return None
        person = Person.from_dict(bundle.person)
        with self.transaction():
            if person.id in self._raw(Person):
                raise NotFound(_("{name} is already back.").format(name=person.display_name))
            self._insert(person)
            for cls, docs in (
                (NeedOffer, bundle.needs_offers),
                (Interaction, bundle.interactions),
                (Introduction, bundle.introductions),
                (Meetup, bundle.meetups_before),
            ):
                table = self._table(cls)
                for doc in docs:
                    table.upsert(document(doc, doc["id"]))
            self._put_back_in_events(person.id, bundle.events_with)
        self._last_deleted = None
        self._matcher = None
        self._remember(person)
        return person

    def _put_back_in_events(self, person_id: str, events_with: list[dict[str, Any]]) -> None:
        """Undo puts the person back where they were in each event's people and met:
        the events as they are now (someone going added since is kept), not as they
        were. An event removed since stays removed."""
        for was in events_with:
            now = self._raw(Event).get(was["id"])
            if now is None:
                continue
            back = {}
            for key in ("people", "met"):
                before, current = was.get(key) or [], list(now.get(key) or [])
                if person_id in before and person_id not in current:
                    # Before the first of those who came after them then, else last.
                    after = before[before.index(person_id) + 1 :]
                    at = next((current.index(p) for p in after if p in current), len(current))
                    back[key] = [*current[:at], person_id, *current[at:]]
            if back:
                self._table(Event).update(back, doc_ids=[was["id"]])

    # -- interactions ----------------------------------------------------------------------

    def log_interaction(self, interaction: Interaction) -> Interaction:
        """Record what happened; last contact (and a first meeting) follow from it."""
        interaction.validate()
        day = datetime.fromisoformat(interaction.at).astimezone().date().isoformat()
        with self.transaction():
            person = self.person(interaction.person_id)
            if person is None:
                raise NotFound(_("No person with id {id}.").format(id=interaction.person_id))
            self._insert(interaction)
            if person.last_contact is None or day > person.last_contact:
                person.last_contact = day
            if interaction.in_person and (
                person.met_in_person is None or day < person.met_in_person
            ):
                person.met_in_person = day
            person.updated = now_iso()
            self._replace(person)
        self._remember(person)
        return interaction

    def interactions_of(self, person_id: str) -> list[Interaction]:
        """A person's timeline, newest first."""
        found = [Interaction.from_dict(d) for d in self._owned_by(Interaction, person_id)]
        return sorted(found, key=lambda i: datetime.fromisoformat(i.at), reverse=True)

    def owner_name(self, person_id: str) -> str:
        if person_id == ME:
            return label(ME)  # "me", or "yo" in Spanish
        person = self.person(person_id)
        return person.display_name if person else "?"

    def _check_owner(self, person_id: str) -> None:
        if person_id != ME and self.person(person_id) is None:
            raise NotFound(_("No person with id {id}.").format(id=person_id))
