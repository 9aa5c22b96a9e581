"""A full backup of the store as JSON, and its restore: exact on a round trip.

The file holds every table as a list of records, as stored. Restoring adds the records
whose ids are not in the store yet (so restoring the same file twice adds nothing) and
reports the rest; each record is validated first, and nothing is written when asked
for a dry run.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, cast

from nettui.domain import json_codec
from nettui.domain.models import RECORD_TYPES, Record, ValidationError
from nettui.i18n import _

FORMAT = "nettui-backup"
VERSION = 1


class _Identified(Protocol):
    """Every record has an id, though the Record base class cannot declare one (its
    empty __slots__ keeps the records small)."""

    id: str


class BackupError(ValueError):
    """The file is not a nettui backup nettui can read; the message says why."""


def dump(
    tables: dict[str, list[dict[str, Any]]],
    schema_version: int,
    photos: dict[str, bytes] | None = None,
) -> bytes:
    """`photos`: the photo files of people and meetups (photos together) by name,
    carried as base64 so that restoring the backup loses none (the store keeps them
    beside itself, not in its records)."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "schema_version": schema_version,
        "exported": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": {cls.TABLE: tables.get(cls.TABLE, []) for cls in RECORD_TYPES},
    }
    if photos:
        document["photos"] = {
            name: base64.b64encode(data).decode("ascii") for name, data in sorted(photos.items())
        }
    return json_codec.encode_indented(document)


@dataclass
class Restore:
    """What a restore would add, what is already there, and what is broken."""

    new: list[Record] = field(default_factory=list)
    already_there: int = 0
    problems: list[str] = field(default_factory=list)
    photos: dict[str, bytes] = field(default_factory=dict)  # photo file name -> bytes

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for record in self.new:
            found[record.TABLE] = found.get(record.TABLE, 0) + 1
        return found


def read(
    blob: bytes,
    name: str,
    existing_ids: dict[str, set[str]],
    upgrade: Callable[[int, dict[str, Any]], None] | None = None,
) -> Restore:
    """Parse and check a backup against the ids already in the store (by table).
    `upgrade(schema_version, tables)` brings the rows of a backup made by an earlier
    nettui to the store's schema first, in place."""
    try:
        document = json_codec.decode(blob)
    except json_codec.JSONDamaged as error:
        raise BackupError(
            _("{name} is not valid JSON (line {line}).").format(name=name, line=error.line)
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(
            _("{name} is not a nettui backup (made by `nettui export --format json`).").format(
                name=name
            )
        )
    if document.get("version", 0) > VERSION:
        raise BackupError(
            _("{name} was written by a newer nettui; upgrade nettui to read it.").format(name=name)
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise BackupError(_("{name} has no tables.").format(name=name))
    schema = document.get("schema_version", 1)
    if upgrade is not None and isinstance(schema, int):
        upgrade(schema, tables)
    restore = Restore()
    restore.photos = _photos(document.get("photos"), name)
    for cls in RECORD_TYPES:
        rows = tables.get(cls.TABLE, [])
        if not isinstance(rows, list):
            restore.problems.append(
                _("{table}: not a list of records; skipped.").format(table=cls.TABLE)
            )
            continue
        seen = existing_ids.get(cls.TABLE, set())
        for number, row in enumerate(rows, start=1):
            try:
                record = cls.from_dict(row)
            except ValidationError as error:
                restore.problems.append(
                    _("{table} record {n}: {error}").format(table=cls.TABLE, n=number, error=error)
                )
                continue
            record_id = cast(_Identified, record).id
            if record_id in seen:
                restore.already_there += 1
                continue
            seen = seen | {record_id}
            restore.new.append(record)
    return restore


def _photos(value: Any, name: str) -> dict[str, bytes]:
    if value is None:
        return {}
    broken = BackupError(
        _("{name}: its photos are not a map of file names to base64.").format(name=name)
    )
    if not isinstance(value, dict):
        raise broken
    found = {}
    for file_name, text in value.items():
        if not isinstance(text, str):
            raise broken
        try:
            found[str(file_name)] = base64.b64decode(text, validate=True)
        except (ValueError, binascii.Error):
            raise broken from None
    return found
