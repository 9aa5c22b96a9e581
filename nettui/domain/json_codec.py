"""JSON bytes in and out, for the store and for backups.

msgspec decodes straight into Python objects. orjson (used before) first builds its
own document tree beside the bytes: at 10,000 people that was 43 MB more at the
peak, the TUI's highest point of memory, and reading was about 30% slower.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec


class JSONDamaged(ValueError):
    """The bytes are not valid JSON; `line` is where the damage starts."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def decode(blob: bytes) -> Any:
    try:
        return msgspec.json.decode(blob)
    except msgspec.DecodeError:
        raise JSONDamaged(_damaged_line(blob)) from None


def _damaged_line(blob: bytes) -> int:
    # msgspec says where only in its message's words; the standard parser (slow,
    # but this is the rare path) gives the line itself.
    try:
        json.loads(blob)
    except json.JSONDecodeError as error:
        return error.lineno
    except (UnicodeDecodeError, RecursionError, ValueError):
        pass
    return 1


def encode(value: Any) -> bytes:
    """Compact JSON, UTF-8, keys in the order they are in."""
    return msgspec.json.encode(value)


def encode_indented(value: Any) -> bytes:
    """JSON for people to read: two spaces per level."""
    return msgspec.json.format(msgspec.json.encode(value), indent=2)
