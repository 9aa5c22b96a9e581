"""The bytes of the database file: read whole into a mapping of their own, and written
out to a new file through one small buffer, never as one copy of the whole file.

SafeJSONStorage (store/storage.py) decides when, under which lock and under which
name; this module only moves bytes.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import mmap
import os
import threading
from pathlib import Path
from typing import Any

from nettui.domain import json_codec
from nettui.store import migrations
from nettui.store.documents import as_documents


def backups_of(path: Path) -> list[Path]:
    """Backups of the database at `path`, newest first."""
    return sorted(path.parent.glob(f"{path.name}.bak-*"), reverse=True)


def keep_previous_for_later(path: Path, tag: str) -> Path | None:
    """A second name for the file about to be replaced, so that the replace does not
    free it: freeing the pages of a large file took a good part of an edit. The
    storage frees it after the edit is on disk."""
    previous = path.with_name(f".{path.name}.{tag}.old")
    try:
        os.link(path, previous)
    except OSError:
        return None  # no file yet, or links not allowed here: freed by the replace
    return previous


def reclaim_later(previous: Path) -> threading.Thread:
    """Free the replaced file (see keep_previous_for_later) in a thread of its own;
    not a daemon: a process that exits right after an edit still frees it."""

    def reclaim() -> None:
        with contextlib.suppress(OSError):
            previous.unlink()

    thread = threading.Thread(target=reclaim, name="nettui-reclaim")
    thread.start()
    return thread


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


IOV_MAX = os.sysconf("SC_IOV_MAX") if hasattr(os, "sysconf") else 1024


def write_all(fd: int, pieces: list[bytes | memoryview]) -> None:
    """Write the pieces in order, many per system call, never joined into one copy."""
    for start in range(0, len(pieces), IOV_MAX):
        batch = pieces[start : start + IOV_MAX]
        written = os.writev(fd, batch)
        if written == sum(len(piece) for piece in batch):
            continue
        for piece in batch:  # a short write (a full disk says so on the next call)
            view = memoryview(piece)
            if written >= len(view):
                written -= len(view)
                continue
            view, written = view[written:], 0
            while view:
                view = view[os.write(fd, view) :]


def read_whole(file: io.BufferedReader, size: int) -> json_codec.Buffer:
    """The file's bytes, in an anonymous mapping of their own rather than a bytes
    object: freeing one large block from malloc made glibc keep later large blocks
    in the heap for good. The documents are views of it: it is unmapped when the last
    of them goes (a reload)."""
    if size == 0:
        return file.read()
    buffer = mmap.mmap(-1, size)
    read = file.readinto(buffer)
    rest = file.read()
    if read < size or rest:  # it changed as it was read: the next look sees that
        return bytes(buffer[:read]) + rest
    return buffer


CHUNK = 1 << 18  # bytes made before they are written out
MEMBERS_AT_ONCE = 250  # documents encoded by one call


class FileWriter:
    """Writes a new file through one small buffer: no copy of the whole file is ever
    made in memory."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()

    def add(self, data: bytes) -> None:
        self.buffer += data

    def add_as_it_is(self, text: json_codec.Buffer) -> None:
        """Write `text` straight out, not through the buffer (a whole table)."""
        self.flush()
        write_all(self.fd, [memoryview(text)])

    def members(self, members: dict[str, Any]) -> None:
        """Each as '"key":value,' (see json_codec.append_members); a document still
        in its text is copied as it is."""
        json_codec.append_members(self.buffer, members)
        if len(self.buffer) >= CHUNK:
            self.flush(keep=1)  # the last byte may still become a '}'

    def close_object(self) -> None:
        """End the object open: its last member's comma becomes the '}'."""
        if self.buffer and self.buffer[-1] == json_codec.COMMA:
            self.buffer[-1] = ord("}")
        else:  # nothing in it
            self.add(b"}")

    def flush(self, keep: int = 0) -> None:
        size = len(self.buffer) - keep
        if size <= 0:
            return
        view = memoryview(self.buffer)
        try:
            write_all(self.fd, [view[:size]])
        finally:
            view.release()
        del self.buffer[:size]


def write_data(fd: int, data: migrations.Data) -> None:
    """Write the whole document to `fd`: the same bytes as json_codec.encode(data),
    a few hundred documents at a time; those still in their text are copied, and
    a table unchanged since read is written whole as it was read."""
    writer = FileWriter(fd)
    writer.add(b"{")
    for name, table in data.items():
        documents = as_documents(table)
        writer.add(json_codec.encode(name) + b":")
        if documents.text is not None:  # unchanged since read
            writer.add_as_it_is(documents.text)
            writer.add(b",")
            continue
        writer.add(b"{")
        rows = iter(documents.rows.items())
        while chunk := dict(itertools.islice(rows, MEMBERS_AT_ONCE)):
            writer.members(chunk)
        writer.close_object()
        writer.add(b",")
    writer.close_object()
    writer.flush()
