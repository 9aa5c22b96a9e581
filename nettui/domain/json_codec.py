"""JSON bytes in and out, for the store and for backups.

msgspec decodes straight into Python objects. orjson (used before) first builds its
own document tree beside the bytes, which raised the TUI's highest point of memory,
and it read more slowly (bench/ has the figures).
"""

from __future__ import annotations

import json
import mmap
from typing import Any

import msgspec

Buffer = bytes | bytearray | memoryview | mmap.mmap  # what msgspec reads from


class JSONDamaged(ValueError):
    """The bytes are not valid JSON; `line` is where the damage starts."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def decode(blob: Buffer) -> Any:
    try:
        return msgspec.json.decode(blob)
    except msgspec.DecodeError:
        raise JSONDamaged(_damaged_line(blob)) from None


# The store's tables, each document left as its text (see store/documents.py).
_tables_decoder = msgspec.json.Decoder(dict[str, msgspec.Raw])
_documents_decoder = msgspec.json.Decoder(dict[str, msgspec.Raw])
OPEN_BRACE = ord("{")


class NotTables(ValueError):
    """Valid JSON, but not an object of tables that are objects of objects."""


def decode_tables(blob: Buffer) -> dict[str, tuple[msgspec.Raw, dict[str, msgspec.Raw]]]:
    """{table: (its text, {id: the document's text})}: views of `blob`, not copies."""
    try:
        tables = _tables_decoder.decode(blob)
        found = {name: (text, _documents_decoder.decode(text)) for name, text in tables.items()}
    except msgspec.ValidationError:
        raise NotTables() from None
    except msgspec.DecodeError:
        raise JSONDamaged(_damaged_line(blob)) from None
    for _text, documents in found.values():
        for text in documents.values():
            if memoryview(text)[0] != OPEN_BRACE:  # a document that is not an object
                raise NotTables()
    return found


def _damaged_line(blob: Buffer) -> int:
    # msgspec says where only in its message's words; the standard parser (slow,
    # but this is the rare path) gives the line itself.
    try:
        json.loads(bytes(blob))  # it takes no other buffer
    except json.JSONDecodeError as error:
        return error.lineno
    except (UnicodeDecodeError, RecursionError, ValueError):
        pass
    return 1


def encode(value: Any) -> bytes:
    """Compact JSON, UTF-8, keys in the order they are in."""
    return msgspec.json.encode(value)


_encoder = msgspec.json.Encoder()
COMMA = ord(",")


def append_members(buffer: bytearray, members: dict[str, Any]) -> None:
    """Append each member of `members` as `"key":value,` to `buffer` (not empty).

    The same bytes as in `encode` of an object holding them, made straight in the
    buffer: one call into the encoder, no bytes object per member or per table.
    """
    if not members:
        return
    # The encoder writes '{"key":value}' over the buffer's last byte; that byte is
    # put back, and the closing brace becomes the comma.
    mark = len(buffer) - 1
    kept = buffer[mark]
    _encoder.encode_into(members, buffer, mark)
    buffer[mark] = kept
    buffer[-1] = COMMA


def encode_indented(value: Any) -> bytes:
    """JSON for people to read: two spaces per level."""
    return msgspec.json.format(msgspec.json.encode(value), indent=2)
