"""Exporting people as vCards: every person with their photo, in one pass."""

from __future__ import annotations

from nettui.io.vcard import write_vcard
from nettui.store import photos
from nettui.store.bulk import without_gc_pauses
from nettui.store.repository import Repository


def vcards(repo: Repository, version: str = "3.0") -> bytes:
    """Every person as a vCard (`nettui export --format vcf|vcf4`)."""
    with without_gc_pauses():
        return "".join(
            write_vcard(p, version, photos.read(repo.path, p.photo)) for p in repo.people()
        ).encode()
