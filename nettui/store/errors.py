"""Errors of the store, each with a message a user can act on."""

from __future__ import annotations

import errno
from collections.abc import Sequence

from nettui.i18n import N_, _

# What went wrong with a file, in the user's language (strerror speaks only English).
OS_REASONS = {
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EROFS: N_("the file system is read-only"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.ENOENT: N_("no such file or folder"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.EIO: N_("an input/output error"),
}

# Said after every refusal to open a damaged database.
NOT_CHANGED_HINT = N_("It was not changed; `nettui doctor` can restore a backup.")


def os_reason(error: OSError) -> str:
    """The reason for an OSError, translated when it is a common one."""
    reason = OS_REASONS.get(error.errno or 0)
    return _(reason) if reason else (error.strerror or str(error))


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
    """More than one record matches; the message lists them, and `candidates` holds
    them when known (a form offers them as a choice)."""

    def __init__(self, message: str, candidates: Sequence[object] = ()) -> None:
        super().__init__(message)
        self.candidates = list(candidates)


class AlreadyRecorded(StoreError):
    """A meetup's outcome is recorded once: a second time would log it twice."""
