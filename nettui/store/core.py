"""What every part of the repository stands on: the file, its transactions, the raw
tables, and the caches derived from them (see store/repository.py for the layers)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Self, TypeVar

from nettui.domain import network
from nettui.domain.matching import Matcher
from nettui.domain.models import Meetup, NeedOffer, Person, Record
from nettui.domain.search import PersonIndex, PersonSummary, summary_of
from nettui.i18n import _
from nettui.store import search_cache
from nettui.store.documents import Documents, Raw
from nettui.store.errors import NotFound
from nettui.store.fileinfo import Signature
from nettui.store.storage import SafeJSONStorage
from nettui.store.tables import NettuiDB, UuidTable, by_person, document

R = TypeVar("R", bound=Record)


def record_id(record: Record) -> str:
    """The id of a stored record (every kind has one; Record itself declares none)."""
    found: str = record.id  # type: ignore[attr-defined]  # Record itself declares no id
    return found


def edited(current: R | None, edited: R, changed: Collection[str], missing: str) -> R:
    """The stored record as it is now, with only the `changed` fields taken from the
    user's `edited` copy (which may be stale in every other field)."""
    if current is None:
        raise NotFound(missing)
    return replace(current, **{name: getattr(edited, name) for name in changed})  # type: ignore[type-var]  # Record is a dataclass base, not declared one


@dataclass
class DeletedPerson:
    """Everything removed with a person, so that undo puts all of it back."""

    person: dict[str, Any]
    needs_offers: list[dict[str, Any]] = field(default_factory=list)
    interactions: list[dict[str, Any]] = field(default_factory=list)
    introductions: list[dict[str, Any]] = field(default_factory=list)
    meetups_before: list[dict[str, Any]] = field(default_factory=list)  # as they were
    events_with: list[dict[str, Any]] = field(default_factory=list)  # they were in, as were


@dataclass(frozen=True)
class UndoMemory:
    person: DeletedPerson | None
    item: NeedOffer | None


class RepositoryCore:
    """The database file at `path`: transactions over it, its tables, and the state
    every layer of the repository keeps (dropped when another process changes it)."""

    def __init__(self, path: str | Path):
        self.db = NettuiDB(path, storage=SafeJSONStorage)
        self.storage: SafeJSONStorage = self.db.safe_storage
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
        # Read first: reading reloads what another process wrote, which drops the index.
        raw = self._raw(Person)
        signature = self.storage.signature
        if self._index is None or signature is None or self._index_saved_for == signature:
            return
        in_order = [e for e in self._index.entries_by_name() if e.id in raw]
        if len(in_order) != len(raw):
            return  # the index no longer covers the file; the next reader rebuilds it
        search_cache.save(self.path, signature, in_order, [summary_of(raw[e.id]) for e in in_order])
        self._index_saved_for = signature
        table = self._index.first_keys  # made for this same name order
        if table is not None:
            search_cache.save_first_keys(self.path, signature, table)

    def __enter__(self) -> Self:
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

    def undo_memory(self) -> UndoMemory:
        """What undo would bring back (a person, a need or offer): not in the file, so a
        caller whose write fails after it changed memory puts it back (restore_undo_memory)."""
        return UndoMemory(self._last_deleted, self._last_deleted_item)

    def restore_undo_memory(self, kept: UndoMemory) -> None:
        self._last_deleted, self._last_deleted_item = kept.person, kept.item

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        return self.storage.transaction()

    def refresh(self) -> bool:
        """Reload if another process changed the file; True when it did."""
        return self.storage.refresh()

    @property
    def reads(self) -> int:
        """How many times the file has been read: it grows when any caller (a worker's
        read too, not only refresh()) finds that another process changed it."""
        return self.storage.generation

    @property
    def loaded(self) -> bool:
        return self.storage.loaded

    def _table(self, cls: type[Record]) -> UuidTable:
        return self.db.table(cls.TABLE)

    def _raw(self, cls: type[Record]) -> Documents:
        return self.storage.table(cls.TABLE)

    def _insert(self, record: Record) -> None:
        self._table(type(record)).insert(document(record.to_dict(), record_id(record)))

    def _replace(self, record: Record) -> None:
        found = record_id(record)
        if not self._table(type(record)).update(record.to_dict(), doc_ids=[found]):
            raise NotFound(_("Nothing with id {id} is stored.").format(id=found))

    def _records(self, cls: type[R]) -> Iterator[R]:
        for doc in self._raw(cls).values():
            yield cls.from_dict(doc)

    def _owned_by(self, cls: type[Record], person_id: str) -> list[dict[str, Any]]:
        """The stored records of `cls` that name this person, from an index kept until
        that table changes: scanning every interaction was too slow for a page."""
        field_name = "people" if cls is Meetup else "person_id"
        index = self.storage.derived(
            cls.TABLE, "by person", lambda rows: by_person(rows, field_name)
        )
        rows = self._raw(cls)
        return [rows[i] for i in index.get(person_id, ()) if i in rows]
