"""A TinyDB Storage that never loses data (see docs/architecture.md).

What TinyDB's own storages get wrong, and what this one does instead:

- JSONStorage parses the whole file on every query: here the file is parsed once and
  kept in memory, each document as its JSON text until read (store/documents.py); a
  cheap stat() tells when another process replaced it.
- JSONStorage rewrites the file in place, so a crash mid-write leaves half a file:
  here every write goes to a temp file in the same folder, is fsynced, then atomically
  renamed over the old one, and the folder is fsynced too.
- CachingMiddleware keeps writes in memory until flushed, so a dropped ssh session
  (SIGHUP) loses them: here a write is on disk when `transaction()` returns (under
  `deferring_writes`, the app's, when `finish_deferred` has run; quitting waits).
- Two processes writing one file lose updates: here every read-modify-write runs
  inside `transaction()`, under an fcntl lock on a lock file beside the database,
  and starts by reloading what the other process wrote.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import mmap
import os
import re
import shutil
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from tinydb.storages import Storage

from nettui.domain import json_codec
from nettui.i18n import _
from nettui.store import files, migrations
from nettui.store.documents import Document, Documents, Raw, as_documents
from nettui.store.errors import (
    NOT_CHANGED_HINT,
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreWriteError,
    os_reason,
)
from nettui.store.fileinfo import Signature, signature_of
from nettui.store.files import backups_of  # where doctor and tests find it

BACKUPS_KEPT = 10
BACKUP_EVERY_SECONDS = 3600.0  # a new backup when the newest is older than this
LOCK_TIMEOUT_SECONDS = 10.0

T = TypeVar("T")
# A file written by a deferred write: its signature, and the old file to free later.
Written = tuple[Signature, Path | None]


_BLANK = re.compile(rb"\s*")


def _as_tables(data: dict[str, Any]) -> None:
    """Every table of `data` as Documents, in place (one just made is a plain dict)."""
    for name, table in data.items():
        if not isinstance(table, Documents):
            data[name] = as_documents(table)


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
        self._backup_now = False  # a backup at the next write, however recent the last
        # The documents changed since the last write, by table (None: maybe all of
        # them): once written they are made text again.
        self._changed: dict[str, set[str] | None] = {}
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
        # Deferred writes (see deferring_writes): asked for, and one waiting for its write.
        self._defer = False
        self._deferred = False

    # -- reading ---------------------------------------------------------------------------

    def read(self) -> migrations.Data | None:  # type: ignore[override]  # TinyDB annotates tables as dict; any mapping serves
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
                raw = files.read_whole(file, signature[1])
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
            try:
                data = self._parse(raw)
            except BaseException:
                if isinstance(raw, mmap.mmap):
                    with contextlib.suppress(BufferError):
                        raw.close()  # now, not when collected: it is the whole file
                raise
            if migrations.upgrade(data, self.path):  # in memory; saved by the next write
                _as_tables(data)
                self._backup_now = True  # the file as the earlier nettui left it
        self._data = data
        self._changed = {}
        self._derived = {}
        self._signature = signature
        self._loaded = True
        self.generation += 1
        for listener in self.reload_listeners:
            listener()

    def _parse(self, raw: json_codec.Buffer) -> migrations.Data:
        hint = _(NOT_CHANGED_HINT)
        if _BLANK.fullmatch(raw):
            empty = _("{path} is empty, so it is not a nettui database.").format(path=self.path)
            raise StoreCorrupt(f"{empty} {hint}")
        gc.disable()  # a large store makes many objects: collecting midway only slows
        try:
            tables = json_codec.decode_tables(raw)
        except json_codec.NotTables:
            # Decoded again as plain JSON (the rare path) for a message that names
            # what is wrong; check_shape raises.
            migrations.check_shape(json_codec.decode(raw), self.path)
            raise
        except json_codec.JSONDamaged as error:
            damaged = _("{path} is damaged: it is not valid JSON (line {line}).")
            raise StoreCorrupt(
                f"{damaged.format(path=self.path, line=error.line)} {hint}"
            ) from None
        finally:
            gc.enable()
        # Each dict is the table's own from now on: it holds changed documents too.
        return {
            name: Documents(cast("dict[str, Raw | Document]", rows), text)
            for name, (text, rows) in tables.items()
        }

    # -- writing ---------------------------------------------------------------------------

    def write(self, data: migrations.Data) -> None:  # type: ignore[override]  # as read()
        with self._thread_lock:
            if self._depth == 0:
                # A write outside transaction() would be a read-modify-write without the
                # lock: exactly how two processes lose each other's updates.
                raise RuntimeError("SafeJSONStorage.write() called outside transaction()")
            if data is not self._data:
                self._changed = {name: None for name in data}  # a whole new document
                self._documents += 1
            _as_tables(data)
            self._data = data
            self._dirty = True

    def touch(self, table: str, ids: Collection[str] | None = None) -> None:
        """`table` is about to change: the documents `ids` (None: maybe any). Every
        change to a table must say so (the repository's tables do, in
        UuidTable._update_table)."""
        changed = self._changed.get(table, set())
        if ids is None or changed is None:
            self._changed[table] = None
        else:
            changed.update(ids)
            self._changed[table] = changed
        self._table_changes[table] = self._table_changes.get(table, 0) + 1

    def table_state(self, table: str) -> tuple[int, int, int]:
        """Names the state of one table: what is derived from it (an index) stays good
        while this is unchanged, whatever happens to the other tables."""
        return (self.generation, self._documents, self._table_changes.get(table, 0))

    def derived(self, table: str, purpose: str, build: Callable[[Documents], T]) -> T:
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
            return cached[1]

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One whole repository operation: locked, fresh, and on disk when it returns
        (under deferring_writes: once finish_deferred has run). Nested calls join the
        outer transaction. An exception rolls the in-memory data back to what is on
        disk and writes nothing."""
        with self._thread_lock:
            outermost = self._depth == 0
            if outermost and self._deferred and not self._defer:
                # Its rollback would undo the write waiting, whose lock it would free.
                raise RuntimeError("a transaction while a deferred write is pending")
            # A deferred write holds the lock, and memory is ahead of the disk.
            if outermost and not self._deferred:
                self._acquire_lock()
                try:
                    self.refresh()
                except BaseException:
                    self._release_lock()
                    raise
            self._depth += 1
            deferred = False
            try:
                yield
                if outermost and self._dirty:
                    if self._defer:
                        deferred = self._deferred = True
                    else:
                        self._persist()
            except BaseException:
                if outermost and self._dirty:
                    self._forget_quietly()  # roll back to what is on disk
                    self._deferred = False
                raise
            finally:
                self._depth -= 1
                if outermost and not deferred and not self._deferred:
                    self._dirty = False
                    self._release_lock()

    @contextlib.contextmanager
    def deferring_writes(self) -> Iterator[None]:
        """Transactions in this block change memory and keep the lock, but leave the
        write to `write_deferred` (another thread: the app's save lane, so that the
        fsync does not hold up the screen) and `finish_deferred` (this thread again)."""
        self._defer = True
        try:
            yield
        finally:
            self._defer = False

    @property
    def write_pending(self) -> bool:
        return self._deferred

    def write_deferred(self) -> Written:
        """The file write of the deferred transactions, from any thread: only reads
        memory, and renames the new file under the thread lock. StoreWriteError on a
        failure; finish_deferred then rolls memory back."""
        return self._write_file()

    def finish_deferred(self, outcome: Written | BaseException) -> None:
        """On the thread that changed memory, after write_deferred (its result) or
        a failure (the error): the documents written become text again, or memory
        goes back to what is on disk; the lock is released."""
        with self._thread_lock:
            try:
                if isinstance(outcome, BaseException):
                    self._forget_quietly()
                else:
                    self._after_write(*outcome)
            finally:
                self._deferred = False
                self._dirty = False
                self._release_lock()

    def _persist(self) -> None:
        self._after_write(*self._write_file())

    def _write_file(self) -> Written:
        """Write memory to a new file, fsync it and rename it over the old one."""
        data = self._data if self._data is not None else {}
        migrations.stamp_new(data)  # a brand-new file gets its schema version
        folder = self.path.parent
        tmp_name: str | None = None
        self._refuse_if_read_only()
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._remove_stale_temp_files()
            self._backup_if_due()
            fd, tmp_name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
            try:
                files.write_data(fd, data)
                os.fsync(fd)
                signature = signature_of(os.fstat(fd))
            finally:
                os.close(fd)
            previous = files.keep_previous_for_later(self.path, f"{os.getpid()}-{self.writes}")
            with self._thread_lock:  # a reader on another thread sees old or new, whole
                os.replace(tmp_name, self.path)
                self._signature = signature
            tmp_name = None
            files.fsync_folder(folder)
        except OSError as error:
            raise StoreWriteError(self._write_failure(error)) from None
        finally:
            if tmp_name is not None:  # not replaced: whatever went wrong, no debris
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)
        return signature, previous

    def _after_write(self, signature: Signature, previous: Path | None) -> None:
        self._signature = signature
        data = self._data if self._data is not None else {}
        for name, ids in self._changed.items():
            table = data.get(name)
            if isinstance(table, Documents):
                table.as_text(ids)
        self._changed = {}
        self.writes += 1
        if previous is not None:
            self._reclaiming = files.reclaim_later(previous)

    def _forget_quietly(self) -> None:
        """Drop the in-memory data and reload what is on disk."""
        self._loaded = False
        self._signature = None
        with contextlib.suppress(StoreError):
            self.refresh()

    def _refuse_if_read_only(self) -> None:
        """A database its owner made read-only (chmod a-w) is not replaced: the file is
        swapped by a rename, which the folder's permissions alone would allow, and
        root ignores permissions altogether."""
        try:
            mode = os.stat(self.path).st_mode
        except OSError:
            return  # not there yet: it is created
        if not mode & stat.S_IWUSR:
            read_only = _(
                "{path} is read-only, so nothing was saved. To allow changes: chmod u+w {path}"
            )
            raise StoreWriteError(read_only.format(path=self.path))

    def _write_failure(self, error: OSError) -> str:
        return _("Could not save to {path}: {reason}. The previous file is intact.").format(
            path=self.path, reason=os_reason(error)
        )

    def _remove_stale_temp_files(self) -> None:
        # Under the lock no one else is writing: a temp file here was left by a crash.
        # A ".old" is a replaced file its process did not get to free (it died).
        folder, name = self.path.parent, self.path.name
        ours = f".{name}.{os.getpid()}-"  # being freed right now (files.reclaim_later)
        for stale in [*folder.glob(f".{name}.*.tmp"), *folder.glob(f".{name}.*.old")]:
            if not stale.name.startswith(ours):
                with contextlib.suppress(OSError):
                    stale.unlink()

    def _backup_if_due(self) -> None:
        """Keep the file as it was before a write, at most hourly, across all processes:
        a script that adds 500 people must not push every useful backup out of the
        rotation, so the age of the newest backup decides, not the process."""
        if not self.path.exists():
            return
        now = datetime.now(UTC)
        existing = backups_of(self.path)
        if existing and not self._backup_now:
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
        self._backup_now = False
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
        """Is memory perhaps ahead of the file (a transaction, or its write pending)?"""
        return self._depth > 0 or self._deferred

    @property
    def signature(self) -> Signature | None:
        """Which file the data in memory came from (None: no file yet)."""
        return self._signature

    def raw(self) -> migrations.Data:
        """The data in memory (loaded on first use); never None."""
        data = self.read()
        return data if data is not None else {}

    def table(self, name: str) -> Documents:
        found = self.raw().get(name)
        return Documents() if found is None else as_documents(found)

    def table_as_read(self, name: str) -> Documents:
        """The table as last read, without a look at the file for changes (for what
        is drawn many times a frame; the app looks every second)."""
        with self._thread_lock:
            found = self._data.get(name) if self._data is not None else None
            return self.table(name) if found is None else as_documents(found)
