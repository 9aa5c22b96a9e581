"""nettui's own vdirsyncer configuration and runs (owned by the VDIRSYNCER part)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path


class Failure(StrEnum):
    NOT_SET_UP = "not set up"
    MISSING = "vdirsyncer missing"
    UNREACHABLE = "server unreachable"
    REFUSED = "user name or password refused"
    EMPTIED = "a whole collection would be emptied"
    OTHER = "other"


class SyncError(Exception):
    """vdirsyncer could not do its part; the message is one or two sentences."""

    def __init__(self, failure: Failure, message: str) -> None:
        super().__init__(message)
        self.failure = failure


def configuration_path() -> Path:
    """nettui's own vdirsyncer configuration, in nettui's config folder."""
    raise NotImplementedError


def pull_and_push(config: Path) -> None:
    """One `vdirsyncer -c CONFIG sync` of nettui's pairs; SyncError when it fails."""
    raise NotImplementedError
