"""A TinyDB Storage that never loses data (DESIGN "Storage rules").

What TinyDB's own storages get wrong, and what this one does instead:

- JSONStorage parses the whole file on every query: here the file is parsed once and
  kept in memory; a cheap stat() tells when another process replaced it.
- JSONStorage rewrites the file in place, so a crash mid-write leaves half a file:
  here every write goes to a temp file in the same folder, is fsynced, then atomically
  renamed over the old one, and the folder is fsynced too.
- CachingMiddleware keeps writes in memory until flushed, so a dropped ssh session
  (SIGHUP) loses them: here a write is on disk when `transaction()` returns.
- Two processes writing one file lose updates: here every read-modify-write runs
  inside `transaction()`, under an fcntl lock on a lock file beside the database,
  and starts by reloading what the other process wrote.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import shutil
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from tinydb.storages import Storage

from nettui.domain import json_codec
from nettui.i18n import _
from nettui.store import migrations
from nettui.store.errors import (
    NOT_CHANGED_HINT,
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreWriteError,
    os_reason,
)
from nettui.store.fileinfo import Signature, signature_of

BACKUPS_KEPT = 10
BACKUP_EVERY_SECONDS = 3600.0  # a new backup when the newest is older than this
LOCK_TIMEOUT_SECONDS = 10.0

T = TypeVar("T")


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


IOV_MAX = os.sysconf("SC_IOV_MAX") if hasattr(os, "sysconf") else 1024


def _write_all(fd: int, pieces: list[bytes | memoryview]) -> None:
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


class _KeptDocuments:
    """One table as each document's JSON ('"id":{...},'), in the table's order, so
    that an edit re-encodes only the documents it changed."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.position: dict[str, int] = {}
        self.stale: set[str] = set()

    def pieces_of(self, table: dict[str, Any]) -> list[bytes | memoryview]:
        """The table's JSON as pieces; the parts of stale documents are made again."""
        stale, self.stale = self.stale, set()
        in_place = len(table) == len(self.parts) and all(
            document_id in table and document_id in self.position for document_id in stale
        )
        if in_place:  # the same documents in the same order: only some changed
            for document_id in stale:
                self.parts[self.position[document_id]] = self._part(document_id, table[document_id])
        else:  # documents added or removed: the others' parts are kept all the same
            parts, position = self.parts, self.position
            self.parts = [
                self._part(document_id, document)
                if document_id in stale or document_id not in position
                else parts[position[document_id]]
                for document_id, document in table.items()
            ]
            self.position = {document_id: at for at, document_id in enumerate(table)}
        if not self.parts:
            return [b"{}"]
        # Each part ends in a comma, but the last one's is left out.
        return [b"{", *self.parts[:-1], memoryview(self.parts[-1])[:-1], b"}"]

    @staticmethod
    def _part(document_id: str, document: Any) -> bytes:
        return json_codec.encode(document_id) + b":" + json_codec.encode(document) + b","


def backups_of(path: Path) -> list[Path]:
    """Backups of the database at `path`, newest first."""
    return sorted(path.parent.glob(f"{path.name}.bak-*"), reverse=True)


class SafeJSONStorage(Storage):
    """Atomic, locked, reload-on-change JSON storage for one TinyDB file."""

    def __init__(self, path: str | os.PathLike[str], lock_timeout: float = LOCK_TIMEOUT_SECONDS):
        # A symlinked database is written through to its target: replacing the link
        # itself with a file would silently fork the data.
        self.path = Path(os.path.realpath(Path(path).expanduser()))
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.lock_timeout = lock_timeout
        self.generation = 0  # grows each time the data is (re)loaded from disk
        self.writes = 0  # grows with each write of ours: (generation, writes) names a state
        self.reload_listeners: list[Callable[[], None]] = []
        self._data: migrations.Data | None = None
        self._table_blobs: dict[str, bytes] = {}  # each table as last serialised
        # Tables changed one document at a time are kept as each document's bytes:
        # an edit serialises one person, not 10,000.
        self._document_blobs: dict[str, _KeptDocuments] = {}
        self._table_changes: dict[str, int] = {}  # changes of ours to each table
        self._documents = 0  # whole new documents written (every table changed)
        self._derived: dict[tuple[str, str], tuple[tuple[int, int, int], Any]] = {}
        self._signature: Signature | None = None
        self._loaded = False
        self._depth = 0  # nesting of transaction()
        self._dirty = False
        self._lock_fd: int | None = None
        self._thread_lock = threading.RLock()
        self._reclaiming: threading.Thread | None = None

    # -- reading ---------------------------------------------------------------------------

    def read(self) -> migrations.Data | None:
        with self._thread_lock:
            if self._depth == 0:
                self.refresh()
            return self._data

    def refresh(self) -> bool:
        """Reload when the file on disk is not the one in memory; True if it reloaded."""
        with self._thread_lock:
            try:
                current: Signature | None = signature_of(os.stat(self.path))
            except FileNotFoundError:
                current = None
            except OSError as error:
                raise StoreError(
                    _("Cannot read {path}: {reason}.").format(
                        path=self.path, reason=os_reason(error)
                    )
                ) from None
            if self._loaded and current == self._signature:
                return False
            self._load()
            return True

    def _load(self) -> None:
        data: migrations.Data | None = None
        signature: Signature | None = None
        try:
            with open(self.path, "rb") as file:
                signature = signature_of(os.fstat(file.fileno()))
                raw = file.read()
        except FileNotFoundError:
            raw = None
        except IsADirectoryError:
            raise StoreError(
                _("{path} is a folder, not a database file.").format(path=self.path)
            ) from None
        except OSError as error:
            raise StoreError(
                _("Cannot read {path}: {reason}.").format(path=self.path, reason=os_reason(error))
            ) from None
        if raw is not None:
            data = self._parse(raw)
            migrations.upgrade(data, self.path)  # in memory; saved by the next write
        self._data = data
        self._table_blobs = {}  # new data: nothing serialised yet
        self._document_blobs = {}
        self._derived = {}
        self._signature = signature
        self._loaded = True
        self.generation += 1
        for listener in self.reload_listeners:
            listener()

    def _parse(self, raw: bytes) -> migrations.Data:
        hint = _(NOT_CHANGED_HINT)
        if not raw.strip():
            raise StoreCorrupt(
                _("{path} is empty, so it is not a nettui database.").format(path=self.path)
                + " "
                + hint
            )
        gc.disable()  # ~200,000 objects at 10,000 people: collecting midway only slows
        try:
            data = json_codec.decode(raw)
        except json_codec.JSONDamaged as error:
            raise StoreCorrupt(
                _("{path} is damaged: it is not valid JSON (line {line}).").format(
                    path=self.path, line=error.line
                )
                + " "
                + hint
            ) from None
        finally:
            gc.enable()
        return migrations.check_shape(data, self.path)

    # -- writing ---------------------------------------------------------------------------

    def write(self, data: migrations.Data) -> None:
        with self._thread_lock:
            if self._depth == 0:
                # A write outside transaction() would be a read-modify-write without the
                # lock: exactly how two processes lose each other's updates.
                raise RuntimeError("SafeJSONStorage.write() called outside transaction()")
            if data is not self._data:
                self._table_blobs = {}  # a whole new document: serialise it all
                self._document_blobs = {}
                self._documents += 1
            self._data = data
            self._dirty = True

    def touch(self, table: str, ids: Collection[str] | None = None) -> None:
        """`table` is about to change: its serialised form is stale, for the documents
        `ids` only when they are given. Every change to a table must say so (the
        repository's tables do, in UuidTable._update_table)."""
        blob = self._table_blobs.pop(table, None)
        documents = self._document_blobs.get(table)
        if ids is None:
            self._document_blobs.pop(table, None)
        elif documents is not None:
            documents.stale.update(ids)
        elif blob is not None:
            # The first change of a few documents: from now on the table is kept
            # document by document (filled as it is next written).
            self._document_blobs[table] = _KeptDocuments()
        self._table_changes[table] = self._table_changes.get(table, 0) + 1

    def table_state(self, table: str) -> tuple[int, int, int]:
        """Names the state of one table: what is derived from it (an index) stays good
        while this is unchanged, whatever happens to the other tables."""
        return (self.generation, self._documents, self._table_changes.get(table, 0))

    def derived(self, table: str, purpose: str, build: Callable[[dict[str, Any]], T]) -> T:
        """`build(rows of table)`, kept until that table changes (here or on disk).

        Built under the thread lock, which a transaction holds throughout: a worker
        thread never keeps an index of a table that changed while it was building.
        """
        with self._thread_lock:
            rows = self.table(table)  # reloads first if another process wrote
            state = self.table_state(table)
            cached = self._derived.get((table, purpose))
            if cached is None or cached[0] != state:
                cached = self._derived[(table, purpose)] = (state, build(rows))
            return cached[1]  # type: ignore[no-any-return]

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One whole repository operation: locked, fresh, and on disk when it returns.

        Nested calls join the outer transaction. An exception rolls the in-memory data
        back to what is on disk and writes nothing.
        """
        with self._thread_lock:
            outermost = self._depth == 0
            if outermost:
                self._acquire_lock()
                try:
                    self.refresh()
                except BaseException:
                    self._release_lock()
                    raise
            self._depth += 1
            try:
                yield
                if outermost and self._dirty:
                    self._persist()
            except BaseException:
                if outermost and self._dirty:
                    self._forget_quietly()  # roll back to what is on disk
                raise
            finally:
                self._depth -= 1
                if outermost:
                    self._dirty = False
                    self._release_lock()

    def _persist(self) -> None:
        data = self._data if self._data is not None else {}
        migrations.upgrade(data, self.path)  # a brand-new file gets its schema version
        pieces = self._serialise(data)
        folder = self.path.parent
        tmp_name: str | None = None
        self._refuse_if_read_only()
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._remove_stale_temp_files()
            self._backup_if_due()
            fd, tmp_name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
            try:
                _write_all(fd, pieces)
                os.fsync(fd)
                signature = signature_of(os.fstat(fd))
            finally:
                os.close(fd)
            previous = self._keep_previous_for_later()
            os.replace(tmp_name, self.path)
            tmp_name = None
            _fsync_folder(folder)
        except OSError as error:
            if tmp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)
            raise StoreWriteError(self._write_failure(error)) from None
        self._signature = signature
        self.writes += 1
        if previous is not None:
            self._reclaim_later(previous)

    def _keep_previous_for_later(self) -> Path | None:
        """A second name for the file about to be replaced, so that the replace does
        not free it: freeing 60 MB of pages took 13 ms of an edit at 30,000 people.
        It is freed by _reclaim_later, after the edit is on disk."""
        previous = self.path.with_name(f".{self.path.name}.{os.getpid()}-{self.writes}.old")
        try:
            os.link(self.path, previous)
        except OSError:
            return None  # no file yet, or links not allowed here: freed by the replace
        return previous

    def _reclaim_later(self, previous: Path) -> None:
        # Not a daemon: a process that exits right after an edit still frees it.
        def reclaim() -> None:
            with contextlib.suppress(OSError):
                previous.unlink()

        self._reclaiming = threading.Thread(target=reclaim, name="nettui-reclaim")
        self._reclaiming.start()

    def _forget_quietly(self) -> None:
        """Drop the in-memory data and reload what is on disk."""
        self._loaded = False
        self._signature = None
        with contextlib.suppress(StoreError):
            self.refresh()

    def _serialise(self, data: migrations.Data) -> list[bytes | memoryview]:
        """The whole document as pieces of JSON, reusing the bytes of every table and
        document that did not change since the last write: an edit of one person at
        10,000 people serialises that person, not the 20 MB around them."""
        pieces: list[bytes | memoryview] = [b"{"]
        for name, table in data.items():
            pieces += [json_codec.encode(name), b":"]
            if name == migrations.META_TABLE:
                pieces.append(json_codec.encode(table))
            elif name in self._document_blobs:
                pieces += self._document_blobs[name].pieces_of(table)
            else:
                blob = self._table_blobs.get(name) or json_codec.encode(table)
                self._table_blobs[name] = blob
                pieces.append(blob)
            pieces.append(b",")
        pieces[-1:] = [b"}"] if len(pieces) > 1 else [b"{}"]
        return pieces

    def _refuse_if_read_only(self) -> None:
        """A database its owner made read-only (chmod a-w) is not replaced: the file is
        swapped by a rename, which the folder's permissions alone would allow, and
        root ignores permissions altogether."""
        try:
            mode = os.stat(self.path).st_mode
        except OSError:
            return  # not there yet: it is created
        if not mode & stat.S_IWUSR:
            raise StoreWriteError(
                _(
                    "{path} is read-only, so nothing was saved. To allow changes: chmod u+w {path}"
                ).format(path=self.path)
            )

    def _write_failure(self, error: OSError) -> str:
        return _("Could not save to {path}: {reason}. The previous file is intact.").format(
            path=self.path, reason=os_reason(error)
        )

    def _remove_stale_temp_files(self) -> None:
        # Under the lock no one else is writing: a temp file here was left by a crash.
        # A ".old" is a replaced file its process did not get to free (it died).
        folder, name = self.path.parent, self.path.name
        ours = f".{name}.{os.getpid()}-"  # being freed right now by _reclaim_later
        for stale in [*folder.glob(f".{name}.*.tmp"), *folder.glob(f".{name}.*.old")]:
            if not stale.name.startswith(ours):
                with contextlib.suppress(OSError):
                    stale.unlink()

    def _backup_if_due(self) -> None:
        """Keep the file as it was before a write, at most hourly, across all processes.

        A script that adds 500 people must not push every useful backup out of the
        rotation, so the age of the newest backup decides, not the process.
        """
        if not self.path.exists():
            return
        now = datetime.now(UTC)
        existing = backups_of(self.path)
        if existing:
            stamp_text = existing[0].name.rsplit(".bak-", 1)[1]
            try:
                newest = datetime.strptime(stamp_text, "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=UTC)
            except ValueError:
                newest = None
            if newest and 0 <= (now - newest).total_seconds() < BACKUP_EVERY_SECONDS:
                return
        stamp = now.strftime("%Y%m%dT%H%M%S.%fZ")
        backup = self.path.with_name(f"{self.path.name}.bak-{stamp}")
        try:
            # The database is only ever replaced, never changed in place, so a hard
            # link is a full backup that costs no copy.
            os.link(self.path, backup)
        except FileExistsError:
            pass
        except OSError:
            shutil.copy2(self.path, backup)
            os.chmod(backup, 0o600)
        for old in backups_of(self.path)[BACKUPS_KEPT:]:
            with contextlib.suppress(OSError):
                old.unlink()

    # -- locking ---------------------------------------------------------------------------

    def _acquire_lock(self) -> None:
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise StoreWriteError(self._write_failure(error)) from None
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                # flock is released by the kernel when a process dies: a lock left by a
                # dead process never blocks anyone.
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise StoreBusy(
                        _(
                            "{path} is busy: another nettui has held it for {seconds} s. "
                            "Try again in a moment."
                        ).format(path=self.path, seconds=f"{self.lock_timeout:.0f}")
                    ) from None
                time.sleep(0.005)
        self._lock_fd = fd

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    def close(self) -> None:
        self._release_lock()
        if self._reclaiming is not None:
            self._reclaiming.join()

    # -- state for callers -----------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        """Has the file been read (else the first use reads it)?"""
        return self._loaded

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @property
    def signature(self) -> Signature | None:
        """Which file the data in memory came from (None: no file yet)."""
        return self._signature

    def raw(self) -> migrations.Data:
        """The data in memory (loaded on first use); never None."""
        data = self.read()
        return data if data is not None else {}

    def table(self, name: str) -> dict[str, Any]:
        return self.raw().get(name, {})

    def table_as_read(self, name: str) -> dict[str, Any]:
        """The table as last read, without a look at the file for changes (for what
        is drawn many times a frame; the app looks every second)."""
        with self._thread_lock:
            if self._data is None:
                return self.table(name)
            return self._data.get(name, {})
