"""Typed access to the nettui database: CRUD, search, and undo of the last delete.

Every change is one `transaction()` of the storage: locked against other processes,
started on fresh data, and on disk (fsynced) when the method returns. The TUI and the
CLI both go through this class; neither touches TinyDB directly.
"""

from __future__ import annotations

import contextlib
import copy
import shlex
import sys
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from tinydb import TinyDB
from tinydb.table import Document, Table

from nettui.domain import network
from nettui.domain.labels import label
from nettui.domain.limits import check_lengths
from nettui.domain.matching import Match, Matcher
from nettui.domain.models import (
    ME,
    Event,
    Interaction,
    Introduction,
    Meetup,
    NeedOffer,
    Person,
    Record,
    ValidationError,
    new_id,
    now_iso,
)
from nettui.domain.search import PersonIndex, PersonSummary, build_entries, summary_of
from nettui.domain.text import fold
from nettui.heap import large_blocks_in_heap
from nettui.i18n import _
from nettui.store import search_cache
from nettui.store.documents import Documents, Raw, as_documents
from nettui.store.errors import AlreadyRecorded, Ambiguous, NotFound
from nettui.store.fileinfo import Signature
from nettui.store.storage import SafeJSONStorage

R = TypeVar("R", bound=Record)


class UuidTable(Table):
    """A TinyDB table whose document ids are our record ids (uuid hex strings).

    TinyDB numbers documents itself and caches the next number in `Table._next_id`;
    a second process that inserted meanwhile makes that number collide ("Document
    with ID ... already exists"). Random ids cannot collide, so there is no counter
    to go stale.
    """

    document_id_class = str  # type: ignore[assignment]

    def _get_next_id(self) -> str:  # type: ignore[override]
        return new_id()

    # The ids the running change touches (None: any), so that the storage serialises
    # only those documents again; every change goes through one of these methods.
    _changing: Collection[str] | None = None

    @contextlib.contextmanager
    def _change_of(self, ids: Collection[str] | None) -> Iterator[None]:
        outer, self._changing = self._changing, ids
        try:
            yield
        finally:
            self._changing = outer

    def insert(self, document: Mapping[Any, Any]) -> Any:
        doc_id = getattr(document, "doc_id", None)
        with self._change_of([doc_id] if isinstance(doc_id, str) else None):
            return super().insert(document)

    def insert_multiple(self, documents: Iterable[Mapping[Any, Any]]) -> list[Any]:
        documents = list(documents)
        ids = [getattr(d, "doc_id", None) for d in documents]
        with self._change_of(ids if all(isinstance(i, str) for i in ids) else None):  # type: ignore[arg-type]
            return super().insert_multiple(documents)

    def update(
        self, fields: Any, cond: Any = None, doc_ids: Iterable[Any] | None = None
    ) -> list[Any]:
        doc_ids = None if doc_ids is None else list(doc_ids)
        with self._change_of(doc_ids if cond is None else None):
            return super().update(fields, cond, doc_ids)

    def remove(self, cond: Any = None, doc_ids: Iterable[Any] | None = None) -> list[Any]:
        doc_ids = None if doc_ids is None else list(doc_ids)
        with self._change_of(doc_ids if cond is None else None):
            return super().remove(cond, doc_ids)

    def _update_table(self, updater: Callable[[dict[Any, Any]], None]) -> None:
        """TinyDB's read-modify-write, without its two copies of the whole table.

        TinyDB copies every document id to `document_id_class` and back to str on each
        change (10 ms of a 30 ms edit at 10,000 people); our ids are already str. The
        table is changed in place: it always runs inside a storage transaction, which
        reloads from disk if anything fails, so a half-done change never survives.
        """
        tables = self._storage.read() or {}
        # The documents that change are written out again (all of the table's when
        # the ids are not known).
        self._storage.touch(self.name, self._changing)  # type: ignore[attr-defined]
        table = tables[self.name] = as_documents(tables.get(self.name, {}))
        updater(table.changing())
        self._storage.write(tables)
        self.clear_cache()


def _edited(current: R | None, edited: R, changed: Collection[str], missing: str) -> R:
    """The stored record as it is now, with only the `changed` fields taken from the
    user's `edited` copy (which may be stale in every other field)."""
    if current is None:
        raise NotFound(missing)
    return replace(current, **{name: getattr(edited, name) for name in changed})  # type: ignore[type-var]


def _by_person(rows: Documents, field_name: str) -> dict[str, list[str]]:
    """Record ids by the person id (or ids, for a list field) in `field_name`."""
    index: dict[str, list[str]] = {}
    for record_id, row in zip(rows, rows.fields(field_name), strict=True):
        owners = row.get(field_name)
        for owner in owners if isinstance(owners, list) else (owners,):
            if isinstance(owner, str):
                # One string per person id across the app's indexes (interned), not
                # one decoded copy in each: 10,000 people made 2 MB of copies.
                index.setdefault(sys.intern(owner), []).append(record_id)
    return index


class NettuiDB(TinyDB):
    table_class = UuidTable


@dataclass
class DeletedPerson:
    """Everything removed with a person, so that undo puts all of it back."""

    person: dict[str, Any]
    needs_offers: list[dict[str, Any]] = field(default_factory=list)
    interactions: list[dict[str, Any]] = field(default_factory=list)
    introductions: list[dict[str, Any]] = field(default_factory=list)
    meetups_before: list[dict[str, Any]] = field(default_factory=list)  # as they were


class Repository:
    """The one way into the database file at `path`."""

    def __init__(self, path: str | Path):
        self.db = NettuiDB(path, storage=SafeJSONStorage)
        self.storage: SafeJSONStorage = self.db.storage  # type: ignore[assignment]
        self.storage.reload_listeners.append(self._on_reload)
        self._index: PersonIndex | None = None
        # The file the index (as it is in memory) was last saved for or read from; None
        # once it changes in memory, until saved again.
        self._index_saved_for: Signature | None = None
        self._people: dict[str, Person] = {}
        self._summaries: dict[str, PersonSummary] = {}  # see listed_summary
        self._summaries_state: tuple[int, int, int] | None = None
        self._last_deleted: DeletedPerson | None = None
        self._last_deleted_item: NeedOffer | None = None
        self._matcher: Matcher | None = None
        # The needs and offers last made, and the document text each came from, in the
        # table's order (see needs_offers).
        self._need_offers_made: tuple[list[Raw], list[NeedOffer]] = ([], [])
        self._matcher_lock = threading.RLock()  # the Dashboard reads it from a worker
        self._dashboard_cache: dict[tuple[Any, ...], network.Dashboard] = {}
        self._met_counts: tuple[tuple[int, int], tuple[int, int]] | None = None

    @property
    def path(self) -> Path:
        return self.storage.path

    def close(self) -> None:
        self.save_search_index()
        self.db.close()

    def save_search_index(self) -> None:
        """Save the index as it is now, so the next `nettui find` needs no rebuild (and
        the table of the first keys, so the next app needs none either)."""
        signature = self.storage.signature
        if self._index is None or signature is None or self._index_saved_for == signature:
            return
        raw = self._raw(Person)
        in_order = [e for e in self._index.entries_by_name() if e.id in raw]
        if len(in_order) != len(raw):
            return  # the index no longer covers the file; the next reader rebuilds it
        search_cache.save(self.path, signature, in_order, [summary_of(raw[e.id]) for e in in_order])
        self._index_saved_for = signature
        table = self._index.first_keys  # made for this same name order
        if table is not None:
            search_cache.save_first_keys(self.path, signature, table)

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing --------------------------------------------------------------------------

    def _on_reload(self) -> None:
        """Another process changed the file: drop everything derived from the old data."""
        for table in self.db._tables.values():  # TinyDB keeps one Table object per name
            table.clear_cache()
            table._next_id = None
        self._index = None
        self._index_saved_for = None
        self._people = {}
        self._matcher = None
        self._need_offers_made = ([], [])  # they hold the old file's buffer

    def transaction(self) -> Any:
        return self.storage.transaction()

    def refresh(self) -> bool:
        """Reload if another process changed the file; True when it did."""
        return self.storage.refresh()

    @property
    def reads(self) -> int:
        """How many times the file has been read: it grows when any caller (a worker's
        read too, not only refresh()) finds that another process changed it."""
        return self.storage.generation

    def _table(self, cls: type[Record]) -> Table:
        return self.db.table(cls.TABLE)

    def _raw(self, cls: type[Record]) -> dict[str, dict[str, Any]]:
        return self.storage.table(cls.TABLE)

    def _insert(self, record: Record) -> None:
        self._table(type(record)).insert(Document(record.to_dict(), doc_id=record.id))  # type: ignore[attr-defined]

    def _replace(self, record: Record) -> None:
        record_id = record.id  # type: ignore[attr-defined]
        if not self._table(type(record)).update(record.to_dict(), doc_ids=[record_id]):
            raise NotFound(_("Nothing with id {id} is stored.").format(id=record_id))

    def _records(self, cls: type[R]) -> Iterator[R]:
        for doc in self._raw(cls).values():
            yield cls.from_dict(doc)

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

    @property
    def loaded(self) -> bool:
        return self.storage.loaded

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
        later: it takes about 3 s at 10,000 people; an edit of anyone undoes it).
        `pause` is called about every millisecond, to give way to the user's keys."""
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
        """What a row of the People list shows of a person: ten times quicker to make
        than the Person (a new screenful of rows, as the filter narrows, took 1 to 2 ms
        of each key that way). Kept until the people table changes."""
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
        through 10,000 Person objects."""
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
                person = _edited(self.person(person.id), person, changed, missing)
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
                return self.person(by_prefix[0])  # type: ignore[return-value]
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
            for cls in (Meetup, Event):
                for doc_id, doc in list(self._raw(cls).items()):
                    people = doc.get("people") or []
                    if other_id in people:
                        moved = list(
                            dict.fromkeys(survivor_id if p == other_id else p for p in people)
                        )
                        self._table(cls).update({"people": moved}, doc_ids=[doc_id])
            self._table(Person).remove(doc_ids=[other_id])
        self._ensure_people().remove(other_id)
        self._people.pop(other_id, None)
        self._matcher = None
        self._remember(combined)
        return combined

    # -- delete and undo -------------------------------------------------------------------

    def delete_person(self, person_id: str) -> Person:
        """Remove a person with their needs, offers and history; `undo_delete` restores."""
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
            if self._table(Person).contains(doc_id=person.id):  # type: ignore[attr-defined]
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
                    table.upsert(Document(doc, doc_id=doc["id"]))  # type: ignore[arg-type]
        self._last_deleted = None
        self._matcher = None
        self._remember(person)
        return person

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

    def _owned_by(self, cls: type[Record], person_id: str) -> list[dict[str, Any]]:
        """The stored records of `cls` that name this person, from an index kept until
        that table changes: scanning 30,000 interactions took 20 ms a page."""
        field_name = "people" if cls is Meetup else "person_id"
        index = self.storage.derived(
            cls.TABLE, "by person", lambda rows: _by_person(rows, field_name)
        )
        rows = self._raw(cls)
        return [rows[i] for i in index.get(person_id, ()) if i in rows]

    def prepare_pages(self) -> None:
        """Index needs, offers, meetups and interactions by person now (from a worker,
        after the first paint), so the first person's page opens as fast as the rest."""
        for cls in (NeedOffer, Meetup, Interaction):
            self._owned_by(cls, "")

    # -- needs, offers, meetups, events ----------------------------------------------------

    def add(self, record: R) -> R:
        """Store a new record of any kind (needs, offers, meetups, events...)."""
        record.validate()
        with self.transaction():
            self._insert(record)
        return record

    def add_many(self, records: list[Record]) -> None:
        """Store many new records in one write (imports, the demo, benchmarks)."""
        for record in records:
            record.validate()
        by_table: dict[type[Record], list[Document]] = {}
        for record in records:
            doc = Document(record.to_dict(), doc_id=record.id)  # type: ignore[attr-defined]
            by_table.setdefault(type(record), []).append(doc)
        with self.transaction():
            for cls, docs in by_table.items():
                self._table(cls).insert_multiple(docs)
        self._index = None  # rebuilt on next use
        self._matcher = None

    # -- needs, offers and matches ---------------------------------------------------------

    def need_offer(self, item_id: str) -> NeedOffer | None:
        raw = self._raw(NeedOffer).get(item_id)
        return NeedOffer.from_dict(raw) if raw is not None else None

    def _check_owner(self, person_id: str) -> None:
        if person_id != ME and self.person(person_id) is None:
            raise NotFound(_("No person with id {id}.").format(id=person_id))

    def add_need_offer(self, item: NeedOffer) -> NeedOffer:
        """A new need or offer, of a person or of "me"; its matches follow at once."""
        item.validate()
        with self.transaction():
            self._check_owner(item.person_id)
            self._insert(item)
        with self._matcher_lock:
            if self._matcher is not None:
                self._matcher.put(item)
        return item

    def update_need_offer(
        self, item: NeedOffer, changed: Collection[str] | None = None
    ) -> NeedOffer:
        """Edit the text or tags, or close it (done, dropped): closed ones match nothing.
        With `changed`, only those fields are taken from `item` (see update_person)."""
        with self.transaction():
            if changed is not None:
                missing = _("No need or offer with id {id}.").format(id=item.id)
                item = _edited(self.need_offer(item.id), item, changed, missing)
            item.validate()
            item.updated = now_iso()
            self._check_owner(item.person_id)
            self._replace(item)
        with self._matcher_lock:
            if self._matcher is not None:
                self._matcher.put(item)
        return item

    def delete_need_offer(self, item_id: str) -> NeedOffer:
        with self.transaction():
            item = self.need_offer(item_id)
            if item is None:
                raise NotFound(_("No need or offer with id {id}.").format(id=item_id))
            self._table(NeedOffer).remove(doc_ids=[item_id])
        with self._matcher_lock:
            if self._matcher is not None:
                self._matcher.remove(item_id)
        self._last_deleted_item = item
        return item

    def can_undo_need_offer(self) -> bool:
        """Is there a deleted need or offer that undo_delete_need_offer would bring back?"""
        return self._last_deleted_item is not None

    def undo_delete_need_offer(self) -> NeedOffer | None:
        item = self._last_deleted_item
        if item is None:
            return None
        self.add_need_offer(item)
        self._last_deleted_item = None
        return item

    def matcher(self) -> Matcher:
        """Every match between open needs and offers (built once, then kept up to date)."""
        with self._matcher_lock:
            return self._build_matcher()

    def _build_matcher(self) -> Matcher:
        self.storage.read()  # reloads, and drops the matcher, if another process wrote
        if self._matcher is None:
            dismissed = [
                (d["need_id"], d["offer_id"])
                for d in self._raw(Introduction).values()
                if d.get("status") == "dismissed"
            ]
            # The objects the lists show, not copies: 20,000 of them are 5 MB.
            with large_blocks_in_heap():
                self._matcher = Matcher(self.needs_offers(), dismissed=dismissed)
        return self._matcher

    def matches(self, limit: int | None = None) -> list[Match]:
        with self._matcher_lock:
            return self.matcher().matches(limit)

    def matches_for_need(self, need_id: str) -> list[Match]:
        return self.matcher().matches_for_need(need_id)

    def matches_for_offer(self, offer_id: str) -> list[Match]:
        return self.matcher().matches_for_offer(offer_id)

    def introductions(self) -> list[Introduction]:
        return sorted(self._records(Introduction), key=lambda i: i.created)

    def introduction_for(self, need_id: str, offer_id: str) -> Introduction | None:
        for raw in self._raw(Introduction).values():
            if raw.get("need_id") == need_id and raw.get("offer_id") == offer_id:
                return Introduction.from_dict(raw)
        return None

    def introductions_of(self, person_id: str) -> list[tuple[Introduction, NeedOffer, NeedOffer]]:
        """Introductions where this person has the need or the offer, newest first."""
        items = self._raw(NeedOffer)
        found = []
        for raw in self._raw(Introduction).values():
            need, offer = items.get(raw.get("need_id", "")), items.get(raw.get("offer_id", ""))
            if need is None or offer is None:
                continue
            if person_id in (need.get("person_id"), offer.get("person_id")):
                found.append(
                    (
                        Introduction.from_dict(raw),
                        NeedOffer.from_dict(need),
                        NeedOffer.from_dict(offer),
                    )
                )
        return sorted(found, key=lambda t: t[0].created, reverse=True)

    def act_on_match(
        self, need_id: str, offer_id: str, status: str, note: str = ""
    ) -> Introduction:
        """Record what the user did about a match: offered help, introduced, it helped,
        or dismissed (which hides the pair for good).

        Offering help and introducing are logged in the interaction history of every
        person involved (never "me"), so they show on their pages.
        """
        with self.transaction():
            need, offer = self.need_offer(need_id), self.need_offer(offer_id)
            if need is None or offer is None or need.kind != "need" or offer.kind != "offer":
                raise NotFound(_("That need or offer no longer exists."))
            intro = self.introduction_for(need_id, offer_id)
            first_time = intro is None
            if intro is None:
                intro = Introduction(need_id=need_id, offer_id=offer_id, status=status, note=note)
                intro.validate()
                self._insert(intro)
            else:
                intro.status = status
                intro.note = note or intro.note
                intro.validate()
                self._replace(intro)
            if status in ("introduced", "helped") and (first_time or status == "helped"):
                for interaction in self._introduction_interactions(need, offer, status):
                    self.log_interaction(interaction)
        if status == "dismissed":
            self.matcher().dismiss(need_id, offer_id)
        return intro

    def _introduction_interactions(
        self, need: NeedOffer, offer: NeedOffer, status: str
    ) -> list[Interaction]:
        asker, helper = need.person_id, offer.person_id
        helped = status == "helped"
        lines: dict[str, str] = {}
        if helper == ME:
            said = _("My offer helped with: {need}") if helped else _("I offered help with: {need}")
            lines[asker] = said.format(need=need.text)
        elif asker == ME:
            said = (
                _("{name} helped me with: {need}") if helped else _("I asked for help with: {need}")
            )
            lines[helper] = said.format(name=self.owner_name(helper), need=need.text)
        else:
            asker_name, helper_name = self.owner_name(asker), self.owner_name(helper)
            said = (
                _("Helped by {name}, who offers: {offer}")
                if helped
                else _("Introduced to {name}, who offers: {offer}")
            )
            lines[asker] = said.format(name=helper_name, offer=offer.text)
            said = (
                _("Helped {name}, who needs: {need}")
                if helped
                else _("Introduced to {name}, who needs: {need}")
            )
            lines[helper] = said.format(name=asker_name, need=need.text)
        return [
            Interaction(person_id=person_id, channel="introduction", summary=summary)
            for person_id, summary in lines.items()
        ]

    def needs_offers_of(self, person_id: str) -> list[NeedOffer]:
        found = [NeedOffer.from_dict(d) for d in self._owned_by(NeedOffer, person_id)]
        return sorted(found, key=lambda n: n.created)

    def meetups_of(self, person_id: str) -> list[Meetup]:
        found = [Meetup.from_dict(d) for d in self._owned_by(Meetup, person_id)]
        return sorted(found, key=lambda m: datetime.fromisoformat(m.start), reverse=True)

    def meetups(self) -> list[Meetup]:
        return sorted(self._records(Meetup), key=lambda m: datetime.fromisoformat(m.start))

    def needs_offers(self) -> list[NeedOffer]:
        """Every need and offer, oldest first. The objects are kept until the table
        changes (20,000 take 0.4 s to make): read them; to change one, ask need_offer().
        A record broken by hand (text that is a number) is left out, not fatal to every
        list and match: `nettui doctor` reports it."""

        def made(rows: Documents) -> list[NeedOffer]:
            # A document whose text is the very one of the last time keeps its object:
            # after one change, 20,000 objects made again took 0.4 s, and 12 MB more
            # while the matcher kept the old ones.
            old_texts, old_items = self._need_offers_made
            place_of = {id(text): at for at, text in enumerate(old_texts)}
            found: list[NeedOffer] = []
            texts: list[Raw] = []  # what can be kept for next time
            items: list[NeedOffer] = []
            # Equal values made one string: kept for the session, 20,000 of each of
            # the id, the owner, the kind, the state and the time took 7 MB as copies.
            shared: dict[str, str] = {}
            share = shared.setdefault
            for item_id, text in rows.rows.items():
                at = place_of.get(id(text))
                if at is not None and old_texts[at] is text:
                    item = old_items[at]
                else:
                    try:
                        item = NeedOffer.from_dict(rows[item_id])
                    except ValidationError:
                        continue
                    if item.id == item_id:
                        item.id = item_id  # the table's own key
                    item.person_id = sys.intern(item.person_id)  # as in _by_person
                    item.kind = share(item.kind, item.kind)
                    item.status = share(item.status, item.status)
                    if item.updated == item.created:  # never edited: most of them
                        item.updated = item.created
                found.append(item)
                if type(text) is Raw:  # a dict may yet change in place
                    texts.append(text)
                    items.append(item)
            self._need_offers_made = (texts, items)
            return sorted(found, key=lambda n: n.created)

        kept = self.storage.derived(NeedOffer.TABLE, "oldest first", made)
        return list(kept)

    def owner_names(self) -> dict[str, str]:
        """Every person's name by id, and "me": names for lists of needs and matches,
        without making 10,000 Person objects."""
        from nettui.domain.network import name_of

        names = self.storage.derived(
            Person.TABLE,
            "names",
            lambda rows: {
                i: name_of(row)
                for i, row in zip(rows, rows.fields("name", "handles", "emails"), strict=True)
            },
        )
        return {**names, ME: label(ME)}

    @property
    def matches_ready(self) -> bool:
        """Are the matches worked out (else the first ask takes about a second at
        10,000 people: the Needs screen asks from a worker)?"""
        self.storage.read()  # a cheap stat; a reload drops the matcher
        return self._matcher is not None

    def meetup(self, meetup_id: str) -> Meetup | None:
        raw = self._raw(Meetup).get(meetup_id)
        return Meetup.from_dict(raw) if raw is not None else None

    def resolve_meetup(self, ref: str) -> Meetup:
        """A meetup from an id or a unique id prefix (at least 4 characters)."""
        ref = ref.strip().lower()
        found = self.meetup(ref)
        if found:
            return found
        ids = [i for i in self._raw(Meetup) if len(ref) >= 4 and i.startswith(ref)]
        if len(ids) == 1:
            return self.meetup(ids[0])  # type: ignore[return-value]
        if ids:
            raise Ambiguous(
                _("{ref!r} could be {n} meetups; give more of the id.").format(ref=ref, n=len(ids))
            )
        raise NotFound(_("No meetup with id {ref!r}. `nettui agenda` lists them.").format(ref=ref))

    def overlapping(self, meetup: Meetup) -> list[Meetup]:
        """Other planned meetups that overlap this one in time."""
        start, end = datetime.fromisoformat(meetup.start), datetime.fromisoformat(meetup.end)
        found = []
        for raw in self._raw(Meetup).values():
            if raw.get("id") == meetup.id or raw.get("status") != "planned":
                continue
            other = Meetup.from_dict(raw)
            if datetime.fromisoformat(other.start) < end and start < datetime.fromisoformat(
                other.end
            ):
                found.append(other)
        return found

    def plan_meetup(self, meetup: Meetup) -> Meetup:
        meetup.validate()
        check_lengths(meetup)
        with self.transaction():
            for person_id in meetup.people:
                self._check_owner(person_id)
            self._insert(meetup)
        return meetup

    def meetup_done(
        self,
        meetup_id: str,
        outcome: str = "",
        photo_together: bool = False,
        when: datetime | None = None,
    ) -> Meetup:
        """It happened: every attendee has now met you in person (the first date is
        kept), their last contact follows, and an in-person interaction is logged.

        Recorded once: a second time is refused (AlreadyRecorded), never a second
        interaction. Recorded before its start, it moves to the moment it is recorded,
        keeping its length, so its date and the attendees' first meeting agree."""
        with self.transaction():
            meetup = self.meetup(meetup_id)
            if meetup is None:
                raise NotFound(_("No meetup with id {id}.").format(id=meetup_id))
            self.check_not_recorded(meetup)
            start, end = datetime.fromisoformat(meetup.start), datetime.fromisoformat(meetup.end)
            now = when or datetime.now().astimezone().replace(second=0, microsecond=0)
            if start > now:
                meetup.start, meetup.end = now.isoformat(), (now + (end - start)).isoformat()
            meetup.status = "done"
            meetup.outcome = outcome.strip() or meetup.outcome
            meetup.photo_together = photo_together or meetup.photo_together
            meetup.updated = now_iso()
            self._replace(meetup)
            at = min(start, now).isoformat()
            summary = f"{meetup.title}" + (f": {meetup.outcome}" if meetup.outcome else "")
            if meetup.photo_together:
                summary += " " + _("(photo together)")
            for person_id in meetup.people:
                if person_id == ME or self.person(person_id) is None:
                    continue
                self.log_interaction(
                    Interaction(
                        person_id=person_id,
                        at=at,
                        channel="in person",
                        in_person=True,
                        summary=summary,
                    )
                )
        return meetup

    @staticmethod
    def check_not_recorded(meetup: Meetup) -> None:
        if meetup.status == "done":
            from nettui.i18n import day_month_year

            day = datetime.fromisoformat(meetup.updated).astimezone()
            raise AlreadyRecorded(
                _("This meetup was already recorded on {date}.").format(date=day_month_year(day))
            )

    @staticmethod
    def attendees(meetup: Meetup) -> list[str]:
        """Who a follow-up need or offer can belong to: the people there, not me."""
        return [p for p in meetup.people if p != ME] or list(meetup.people)

    def record_outcome(
        self,
        meetup_id: str,
        outcome: str = "",
        photo_together: bool = False,
        need: str = "",
        offer: str = "",
        next_start: datetime | None = None,
        follow_up_of: str | None = None,
    ) -> Meetup | None:
        """After a meetup: how it went, a follow-up need and offer (of `follow_up_of`,
        which must be one of the attendees; it may be left out when there is only one)
        and the next meetup. Everything is checked before anything is written, and it
        is one write. Returns the next meetup, if one was planned."""
        with self.transaction():
            meetup = self.meetup(meetup_id)
            if meetup is None:
                raise NotFound(_("No meetup with id {id}.").format(id=meetup_id))
            self.check_not_recorded(meetup)
            follow_ups = [
                NeedOffer(person_id="", kind=kind, text=text)
                for kind, text in (("need", need), ("offer", offer))
                if text.strip()
            ]
            if follow_ups:
                owner = self._follow_up_owner(meetup, follow_up_of)
                for item in follow_ups:
                    item.person_id = owner
                    item.validate()
            again = None
            if next_start is not None:
                length = datetime.fromisoformat(meetup.end) - datetime.fromisoformat(meetup.start)
                again = Meetup(
                    title=meetup.title,
                    people=meetup.people,
                    start=next_start.isoformat(),
                    end=(next_start + length).isoformat(),
                    place=meetup.place,
                    kind=meetup.kind,
                )
                again.validate()
            self.meetup_done(meetup_id, outcome=outcome, photo_together=photo_together)
            for item in follow_ups:
                self.add_need_offer(item)
            if again is not None:
                self.plan_meetup(again)
        return again

    def _follow_up_owner(self, meetup: Meetup, person_id: str | None) -> str:
        """Whose follow-up need or offer it is; never guessed among several people."""
        attendees = self.attendees(meetup)
        if person_id is None and len(attendees) == 1:
            return attendees[0]
        names = ", ".join(self.owner_name(p) for p in attendees)
        if person_id is None:
            raise ValidationError(
                _("{n} people were at this meetup: say whose follow-up it is ({names}).").format(
                    n=len(attendees), names=names
                )
            )
        if person_id not in attendees:
            raise ValidationError(
                _("{name} was not at this meetup; the people there: {names}.").format(
                    name=self.owner_name(person_id), names=names
                )
            )
        return person_id

    def cancel_meetup(self, meetup_id: str) -> Meetup:
        with self.transaction():
            meetup = self.meetup(meetup_id)
            if meetup is None:
                raise NotFound(_("No meetup with id {id}.").format(id=meetup_id))
            meetup.status = "cancelled"
            meetup.updated = now_iso()
            self._replace(meetup)
        return meetup

    def agenda(self, start: datetime, end: datetime | None = None) -> list[Meetup]:
        """Planned meetups from `start` (until `end`), soonest first."""
        found = []
        for raw in self._raw(Meetup).values():
            if raw.get("status") != "planned":
                continue
            meetup = Meetup.from_dict(raw)
            begins = datetime.fromisoformat(meetup.start)
            if datetime.fromisoformat(meetup.end) >= start and (end is None or begins <= end):
                found.append(meetup)
        return sorted(found, key=lambda m: datetime.fromisoformat(m.start))

    def agenda_text(self, person_id: str) -> str:
        """A first agenda for meeting someone: their open needs, and what I can offer."""
        lines = []
        items = self.needs_offers_of(person_id)
        needs = [i for i in items if i.kind == "need" and i.status == "open"]
        if needs:
            lines.append(_("Their needs:"))
            lines += [f"- {n.text}" for n in needs]
        mine = [m for m in self.matcher().matches() if m.need.person_id == person_id]
        offers = [m.offer for m in mine if m.offer.person_id == ME]
        their_offers = [i for i in items if i.kind == "offer" and i.status == "open"]
        if offers:
            lines.append(_("What I can offer:"))
            lines += [f"- {o.text}" for o in offers]
        if their_offers:
            lines.append(_("What they offer:"))
            lines += [f"- {o.text}" for o in their_offers]
        return "\n".join(lines)

    def dashboard(
        self, now: datetime, can_help: dict[str, str] | None = None, week_starts: int = 0
    ) -> network.Dashboard:
        """The Dashboard. `can_help` (person id -> a need of theirs I can help with)
        comes from matching, which the app runs in a worker: it can take a second."""
        self.storage.read()
        # The same data in the same minute gives the same Dashboard: coming back to it
        # costs nothing until something changes.
        key = (
            self.storage.generation,
            self.storage.writes,
            now.replace(second=0, microsecond=0),
            frozenset(can_help.items()) if can_help else None,
            week_starts,
        )
        cached = self._dashboard_cache.get(key)
        if cached is None:
            # Whole tables are read only by `counted`, under the storage's lock (a
            # worker thread may build this while the app saves a change); people are
            # looked up by id.
            tables = {"people": Person, "interactions": Interaction, "meetups": Meetup}

            def counted(
                source: str, name: str, count: Callable[[Any], Any], fields: tuple[str, ...]
            ) -> Any:
                return self.storage.derived(
                    tables[source].TABLE, name, lambda rows: count(rows.fields(*fields))
                )

            cached = network.build(
                self._raw(Person),
                (),  # read through `counted`
                (),
                now,
                can_help,
                week_starts,
                counted,
            )
            if len(self._dashboard_cache) > 4:
                self._dashboard_cache.clear()
            self._dashboard_cache[key] = cached
        return copy.copy(cached)

    def help_now(self) -> list[Match]:
        """Their open needs that one of my offers matches, best first. With no open
        offer of mine there are none, and everyone's matches are not worked out for
        it (half a second and some 45 MB at 10,000 people)."""
        mine = [
            row
            for row in self._owned_by(NeedOffer, ME)
            if row.get("kind") == "offer" and row.get("status") == "open"
        ]
        if not mine:
            return []
        with self._matcher_lock:
            return self.matcher().matches_of_offers_by(ME)

    def add_event(self, event: Event) -> Event:
        event.validate()
        check_lengths(event)
        with self.transaction():
            for person_id in event.people:
                self._check_owner(person_id)
            self._insert(event)
        return event

    def events(self) -> list[Event]:
        return sorted(self._records(Event), key=lambda e: datetime.fromisoformat(e.start))

    def owner_name(self, person_id: str) -> str:
        if person_id == ME:
            return label(ME)  # "me", or "yo" in Spanish
        person = self.person(person_id)
        return person.display_name if person else "?"

    # -- the network at a glance -----------------------------------------------------------

    def met_counts(self) -> tuple[int, int]:
        """(people met in person, people known): the bits-to-people ratio. Counted
        once per state of the store: the People screen asks on every key typed."""
        self.storage.read()  # a cheap stat; reloads if another process wrote
        state = (self.storage.generation, self.storage.writes)
        if self._met_counts is None or self._met_counts[0] != state:
            met = self.storage.derived(  # the same count as the Dashboard's
                Person.TABLE, "met", lambda rows: network.met_ids(rows.fields(*network.MET_FIELDS))
            )
            self._met_counts = (state, (len(met), len(self._raw(Person))))
        return self._met_counts[1]
