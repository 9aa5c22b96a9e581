"""Errors of the store, each with a message a user can act on."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the database file; `str(error)` is the message for the user."""


class StoreCorrupt(StoreError):
    """The file does not parse, or is not shaped like a nettui database."""


class StoreTooNew(StoreError):
    """The file was written by a newer nettui with a newer schema."""


class StoreBusy(StoreError):
    """Another process held the lock for too long."""


class StoreWriteError(StoreError):
    """Saving failed (disk full, read-only folder...); the previous file is intact."""


class NotFound(LookupError):
    """No record matches what the user asked for."""


class Ambiguous(LookupError):
    """More than one record matches; the message lists them."""
