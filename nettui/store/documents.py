"""One table of the store in memory: each document kept as its JSON text until read.

Decoded whole, a large store takes several times the size of its file in Python
objects (a small dict and a timestamp string cost far more than their text), beyond
the app's memory target. Here each document stays a `msgspec.Raw`: a slice of the one
buffer the file was read into, with no copy. Reading a document decodes it, quickly.
Whatever needs all of a table often (the search index, the indexes by person, the
matcher) keeps what it derived from it.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, MutableMapping, ValuesView
from functools import lru_cache
from typing import Any, TypedDict

import msgspec

Raw = msgspec.Raw
Document = dict[str, Any]
_decode = msgspec.json.Decoder().decode


def _document(value: Raw | Document) -> Document:
    return _decode(value) if isinstance(value, Raw) else value


@lru_cache(maxsize=64)
def _decoder_of(names: tuple[str, ...]) -> Any:
    """A decoder that makes a dict of only these fields and skips the rest of the
    text: much quicker for a field or two of a person."""
    only = TypedDict("only", {name: Any for name in names}, total=False)  # type: ignore[misc]  # made at run time
    return msgspec.json.Decoder(only).decode


class Documents(MutableMapping[str, Document]):
    """{document id: document}, as TinyDB expects a table to be.

    A document still in its text is decoded afresh each time it is read: a reader
    that changes it changes only its copy (one changed since the last write is read
    as its dict, until written). Changes are made through `changing()` (TinyDB's
    updates, in UuidTable._update_table) or by setting a whole document.
    """

    __slots__ = ("rows", "text")

    def __init__(self, rows: dict[str, Raw | Document] | None = None, text: Raw | None = None):
        # Each document as its text (Raw) or, once changed, as a dict until written.
        self.rows: dict[str, Raw | Document] = {} if rows is None else rows
        # The whole table's text as read, while nothing in it changed: written out as
        # it is (an edit of someone rewrites the people, not every interaction).
        self.text = text

    def __getitem__(self, document_id: str) -> Document:
        return _document(self.rows[document_id])

    def __setitem__(self, document_id: str, document: Document) -> None:
        self.text = None
        self.rows[document_id] = document

    def __delitem__(self, document_id: str) -> None:
        self.text = None
        del self.rows[document_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, document_id: object) -> bool:
        return document_id in self.rows

    def __repr__(self) -> str:
        return f"Documents({len(self.rows)})"

    def values(self) -> ValuesView[Document]:
        return _Values(self)

    def items(self) -> ItemsView[str, Document]:
        return _Items(self)

    def clear(self) -> None:
        self.text = None
        self.rows.clear()

    def fields(self, *names: str) -> Iterator[Document]:
        """Each document with only the fields `names` (those it has), for a look at
        the whole table: a dict changed since the last write may hold all of its."""
        decode = _decoder_of(names)
        for value in self.rows.values():
            yield decode(value) if isinstance(value, Raw) else value

    def changing(self) -> MutableMapping[str, Document]:
        """The same table, for a change: a document read through it is decoded once and
        kept as a dict, so that what the change does to it stays."""
        self.text = None
        return _Changing(self.rows)

    def as_text(self, document_ids: Iterable[str] | None) -> None:
        """Encode the changed documents (`document_ids`; None: any) back to text,
        once written: a table changed as a whole (an import) does not stay dicts."""
        rows = self.rows
        for document_id in rows if document_ids is None else document_ids:
            value = rows.get(document_id)
            if value is not None and type(value) is not Raw:
                rows[document_id] = Raw(msgspec.json.encode(value))


class _Values(ValuesView[Document]):
    _mapping: Documents

    def __iter__(self) -> Iterator[Document]:
        for value in self._mapping.rows.values():
            yield _document(value)


class _Items(ItemsView[str, Document]):
    _mapping: Documents

    def __iter__(self) -> Iterator[tuple[str, Document]]:
        for document_id, value in self._mapping.rows.items():
            yield document_id, _document(value)


class _Changing(Documents):
    """The same rows as the table's, a document read being decoded once and kept."""

    __slots__ = ()

    def __getitem__(self, document_id: str) -> Document:
        value = self.rows[document_id]
        if isinstance(value, Raw):
            decoded: Document = _decode(value)
            self.rows[document_id] = decoded
            return decoded
        return value


def as_documents(table: MutableMapping[str, Document]) -> Documents:
    """`table` as Documents (a plain dict, say a table just made, is wrapped)."""
    return table if isinstance(table, Documents) else Documents(dict(table))
