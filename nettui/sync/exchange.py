"""The store <-> vdir exchange (owned by the EXCHANGE part of issue 23)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nettui.store.repository import Repository


@dataclass
class ExchangeReport:
    """What one exchange moved each way; names as the user reads them."""

    people_in: dict[str, list[str]] = field(default_factory=dict)  # added/changed/removed
    people_out: dict[str, list[str]] = field(default_factory=dict)
    meetups_in: dict[str, list[str]] = field(default_factory=dict)
    meetups_out: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)  # "Ana Ruiz: phone (…)"
    kept: list[str] = field(default_factory=list)  # removed elsewhere, kept: they hold more
    skipped: list[str] = field(default_factory=list)  # "FILE:LINE: why"
    dry_run: bool = False

    @property
    def in_sync(self) -> bool:
        return not self.conflicts and not self.skipped

    def to_json(self) -> dict[str, Any]:
        raise NotImplementedError


def exchange(
    repo: Repository, contacts: Path, calendar: Path, dry_run: bool = False
) -> ExchangeReport:
    """Bring the vdir's changes into the store and the store's into the vdir."""
    raise NotImplementedError
