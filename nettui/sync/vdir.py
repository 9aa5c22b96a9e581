"""A vdir folder (https://vdirsyncer.pimutils.org/en/stable/vdir.html): one item a
file, written as vdirsyncer's filesystem storage does, so that it, khard and khal read
what nettui writes and nettui reads what they write.

- Only files directly in the folder with the extension count; hidden files (a leading
  ".") and temp files (any other extension) are another program's work in progress.
- A file is written to a temp name in the same folder that does not end in the
  extension, fsynced, then renamed: a reader sees the old file or the new one, never
  half of one. The folder is fsynced after a rename or a removal.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nettui.domain.models import new_id


@dataclass(frozen=True)
class Entry:
    name: str
    size: int
    mtime_ns: int


def scan(folder: Path, extension: str) -> dict[str, Entry]:
    """{file name: its size and time} of the items in the folder (none if it is missing)."""
    found: dict[str, Entry] = {}
    try:
        entries = os.scandir(folder)
    except FileNotFoundError:
        return found
    with entries:
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.endswith(extension):
                continue
            try:
                if not entry.is_file():
                    continue
                info = entry.stat()
            except OSError:  # removed meanwhile by another program
                continue
            found[entry.name] = Entry(entry.name, info.st_size, info.st_mtime_ns)
    return found


def identity(folder: Path) -> str:
    """The folder as the exchange's state remembers it: its absolute path (not resolved:
    an unmounted folder or a moved symlink is still the folder the user named)."""
    return os.path.abspath(folder.expanduser())


def same_folder(state: dict[str, Any], where: str) -> bool:
    """Whether a record's state was exchanged with this folder (a state from before the
    folder was recorded is taken as this folder's)."""
    return state.get("folder", where) == where


def file_state(
    kind: str, uid: str, where: str, entry: Entry, base: dict[str, Any], digest: str | None
) -> dict[str, Any]:
    """What is kept of one record's file after an exchange: where it is, how it looked
    (to skip it cheaply when unchanged), the fields last exchanged (the merge's base),
    and the digest of the record as the exchange read it: taken with the read (a file
    written out) or in the transaction storing what came in, so that an edit made by
    another program after that read differs from it and goes out next time."""
    return {
        "kind": kind,
        "uid": uid,
        "folder": where,
        "file": entry.name,
        "size": entry.size,
        "mtime_ns": entry.mtime_ns,
        "digest": digest,
        "base": base,
    }


def ensure_folder(folder: Path) -> None:
    """The folder, made private (0700) if it is new."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


_SAFE = re.compile(r"^[A-Za-z0-9_.-]{1,120}$")


def name_for(uid: str, extension: str, taken: set[str] | dict[str, Entry]) -> str:
    """A new file's name: the UID when it is a safe file name (as vdirsyncer does),
    else a random one."""
    stem = uid if _SAFE.match(uid) and not uid.startswith(".") else new_id()
    name = stem + extension
    while name in taken:
        name = new_id() + extension
    return name


def write_atomic(path: Path, data: bytes) -> Entry:
    """Write the whole file under a temp name, fsync, rename over `path`, fsync the
    folder; returns what the folder now lists for it."""
    temp = path.with_name(f".{path.name}.{new_id()[:8]}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_folder(path.parent)
    info = path.stat()
    return Entry(path.name, info.st_size, info.st_mtime_ns)


def remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
