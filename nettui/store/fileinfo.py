"""Which file is this? A signature that changes whenever the database is replaced."""

from __future__ import annotations

import os
from pathlib import Path

Signature = tuple[int, int, int]  # inode, size, mtime in ns: "is this still the file we read?"


def signature_of(stat: os.stat_result) -> Signature:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def file_signature(path: Path) -> Signature | None:
    """The signature of the file at `path` now, or None if there is none."""
    try:
        return signature_of(os.stat(path))
    except OSError:
        return None
