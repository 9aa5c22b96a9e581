"""The TinyDB wiring: tables keyed by our record ids, and indexes of a table by person.

TinyDB gives the queries and the table API; what is kept in memory, and how it reaches
the disk, is SafeJSONStorage's (store/storage.py).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any, cast

from tinydb import TinyDB
from tinydb.table import Document, Table

from nettui.domain.models import new_id
from nettui.store.documents import Documents, as_documents
from nettui.store.storage import SafeJSONStorage


class UuidTable(Table):
    """A TinyDB table whose document ids are our record ids (uuid hex strings).

    TinyDB numbers documents itself and caches the next number in `Table._next_id`;
    a second process that inserted meanwhile makes that number collide ("Document
    with ID ... already exists"). Random ids cannot collide, so there is no counter
    to go stale.
    """

    # TinyDB makes each document's id with this class.
    document_id_class = str  # type: ignore[assignment]  # TinyDB annotates ids as int

    def _get_next_id(self) -> str:
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
        known = [i for i in ids if isinstance(i, str)]
        with self._change_of(known if len(known) == len(ids) else None):
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

    def _update_table(self, updater: Callable[..., None]) -> None:
        """TinyDB's read-modify-write, without its two copies of the whole table.

        TinyDB copies every document id to `document_id_class` and back to str on each
        change, a large part of an edit of a big store; our ids are already str. The
        table is changed in place: it always runs inside a storage transaction, which
        reloads from disk if anything fails, so a half-done change never survives.
        """
        storage = cast(SafeJSONStorage, self._storage)  # NettuiDB is made with it
        tables = storage.read() or {}
        # The documents that change are written out again (all of the table's when
        # the ids are not known).
        storage.touch(self.name, self._changing)
        table = tables[self.name] = as_documents(tables.get(self.name, {}))
        updater(table.changing())
        storage.write(tables)
        self.clear_cache()


class NettuiDB(TinyDB):
    """TinyDB over SafeJSONStorage, with UuidTable tables."""

    table_class = UuidTable

    def table(self, name: str, **kwargs: Any) -> UuidTable:
        return cast(UuidTable, super().table(name, **kwargs))  # made from table_class

    @property
    def safe_storage(self) -> SafeJSONStorage:
        return cast(SafeJSONStorage, self.storage)  # see Repository.__init__


def document(value: Mapping[str, Any], doc_id: str) -> Document:
    """A TinyDB document with one of our ids (see UuidTable)."""
    return Document(value, doc_id=doc_id)  # type: ignore[arg-type]  # TinyDB annotates ids as int


def by_person(rows: Documents, field_name: str) -> dict[str, list[str]]:
    """Record ids by the person id (or ids, for a list field) in `field_name`."""
    index: dict[str, list[str]] = {}
    for record_id, row in zip(rows, rows.fields(field_name), strict=True):
        owners = row.get(field_name)
        for owner in owners if isinstance(owners, list) else (owners,):
            if isinstance(owner, str):
                # One string per person id across the app's indexes (interned), not
                # one decoded copy in each: a large store holds many of them.
                index.setdefault(sys.intern(owner), []).append(record_id)
    return index
