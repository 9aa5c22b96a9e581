"""Messages shared by several screens."""

from __future__ import annotations

from textual.message import Message


class StoreChanged(Message):
    """The database changed on disk (another session or a CLI command wrote to it)."""
