"""Schema versions of the database file and the ordered steps between them.

The raw data is TinyDB's layout: {table name: {document id: document}}. The version
lives in the `meta` table under the fixed document id "schema".
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

from nettui import __version__
from nettui.domain import json_codec
from nettui.i18n import _
from nettui.store.errors import NOT_CHANGED_HINT, StoreCorrupt, StoreTooNew
from nettui.store.migrate_notes import migrate_person

SCHEMA_VERSION = 2
META_TABLE = "meta"
META_ID = "schema"

Data = dict[str, MutableMapping[str, dict[str, Any]]]  # tables: store/documents.py


def _to_1(data: Data, path: Path | None) -> None:
    """Version 0 is a file without a meta table (empty, or made by plain TinyDB)."""
    data.setdefault(META_TABLE, {})


def _to_2(data: Data, path: Path | None) -> None:
    """A person holds the whole card: labelled lines that earlier imports put in the
    notes become fields again where they parse (see migrate_notes.py); photos kept in
    the notes as data: URIs become files beside the store (`path`)."""
    people = data.get("people")
    if not people:
        return
    for person_id in list(people):
        doc = people[person_id]
        before = json_codec.encode(doc)
        migrate_person(doc, path)
        if json_codec.encode(doc) != before:
            people[person_id] = doc  # a changed document is written as a whole


# MIGRATIONS[n] upgrades a file of version n to n + 1, in place.
MIGRATIONS: dict[int, Callable[[Data, Path | None], None]] = {0: _to_1, 1: _to_2}


def upgrade_backup(path: Path | None) -> Callable[[int, dict[str, Any]], None]:
    """The rows of a JSON backup made at an earlier schema, brought to this one before
    they are restored (`path`: the store the photos go beside; None writes none)."""

    def upgrade_rows(version: int, tables: dict[str, Any]) -> None:
        if version < 2:
            for row in tables.get("people") or []:
                if isinstance(row, dict):
                    migrate_person(row, path)

    return upgrade_rows


def check_shape(data: Any, path: Path) -> Data:
    """Refuse JSON that is not shaped like a TinyDB database."""
    hint = _(NOT_CHANGED_HINT)
    if not isinstance(data, dict):
        raise StoreCorrupt(
            _("{path} is valid JSON but not a nettui database (it holds no tables).").format(
                path=path
            )
            + " "
            + hint
        )
    for table, documents in data.items():
        if not isinstance(documents, dict) or not all(
            isinstance(doc, dict) for doc in documents.values()
        ):
            raise StoreCorrupt(
                _(
                    "{path} is valid JSON but not a nettui database: table {table!r} is not "
                    "a set of records."
                ).format(path=path, table=table)
                + " "
                + hint
            )
    return data


def schema_version(data: Data) -> int:
    version = data.get(META_TABLE, {}).get(META_ID, {}).get("schema_version", 0)
    return version if isinstance(version, int) and version >= 0 else 0


def upgrade(data: Data, path: Path) -> bool:
    """Bring `data` to SCHEMA_VERSION in place; True when anything changed."""
    version = schema_version(data)
    if version > SCHEMA_VERSION:
        raise StoreTooNew(
            _(
                "{path} was written by a newer nettui (schema {version}; this one knows "
                "{known}). Upgrade nettui; the file was not changed."
            ).format(path=path, version=version, known=SCHEMA_VERSION)
        )
    if version == SCHEMA_VERSION:
        return False
    for step in range(version, SCHEMA_VERSION):
        MIGRATIONS[step](data, path)
    data[META_TABLE][META_ID] = {"schema_version": SCHEMA_VERSION, "app_version": __version__}
    return True


def stamp_new(data: Data) -> None:
    """A file being created gets the current schema version: what it holds was made by
    this nettui, so there is nothing to migrate (a file read from disk was upgraded when
    it was read)."""
    meta = data.setdefault(META_TABLE, {})
    if META_ID not in meta:
        meta[META_ID] = {"schema_version": SCHEMA_VERSION, "app_version": __version__}
