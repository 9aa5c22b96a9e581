"""Saves in order, with the wait for another process's lock off the UI thread.

A save (a repository method that writes) may wait for the file lock when another
nettui holds it (up to the store's lock timeout), then writes and fsyncs the file.

- The wait: a thread worker waits for the lock to be free *before* calling the
  repository, without holding the storage's thread lock, so the screen stays live and
  says what it waits for. The store then takes the lock itself (another process could
  take it in between; then the store waits, as before).
- The change to memory runs on the UI thread (the worker hands it over and waits):
  the repository changes its indexes and caches in place, and a screen reading them
  from the UI thread while a worker changed them raised "dictionary changed size
  during iteration". The file write and its fsync then run in the worker, the lock
  still held (SafeJSONStorage.deferring_writes), and the UI thread finishes it; a
  write that fails rolls memory back to the disk and the screen in front refreshes.
  The import alone runs wholly in the worker (`in_worker`): it is long, shows its
  own progress and its dialog reads nothing meanwhile.
- Order: saves run one at a time, in the order asked; each one's `done` runs on the
  UI thread before the next save starts, so what the UI shows follows the file.
- Keys: the keys typed while a save waits are held and handed out, in order, once
  its `done` (or `failed`) has run (NettuiApp.hold_keys): "x x" deletes two people
  and "x u" undoes the delete, as when the UI thread waited for the disk; the keys
  typed after ctrl+s land on the screen behind the closed form, or in the form when
  the save failed. None is lost, and none acts on a list the save is changing.
  (Not the import's: escape still closes its dialog while it runs.)
- Failure: a lock held too long, a full disk: `failed` gets the store's error, said
  as before; the repository rolled its memory back, so nothing it showed is lost.
  A form also names the errors its repository method raises for what was typed (a
  name that is ambiguous); any other exception is a bug, and ends the app as it did
  when saves ran on the UI thread.
- Progress: a save still waiting after PROGRESS_AFTER_SECONDS says so in the mode bar
  ("Waiting for the store lock…", "Saving…").
- Quitting waits for the saves asked for (NettuiApp.exit).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nettui.i18n import _
from nettui.store.core import UndoMemory
from nettui.store.errors import NotFound, StoreBusy, StoreError

if TYPE_CHECKING:
    from nettui.ui.app import NettuiApp

PROGRESS_AFTER_SECONDS = 0.5  # a save quicker than this shows nothing
LOCK_POLL_SECONDS = 0.02
STORE_ERRORS: tuple[type[Exception], ...] = (StoreError, NotFound)


@dataclass
class _Save:
    work: Callable[[], Any]
    done: Callable[[Any], None]
    failed: Callable[[Exception], None]
    errors: tuple[type[Exception], ...]
    in_worker: bool
    progress: str  # what the mode bar says while it takes long ("" : "Saving…")


class SaveLane:
    """The app's saves, one worker at a time, in order."""

    def __init__(self, app: NettuiApp) -> None:
        self._app = app
        self._waiting: deque[_Save] = deque()
        self._guard = threading.Lock()  # the deque and _busy, shared with the worker
        self._busy = False
        self._state = ""  # "", "lock" (waiting for it) or "save" (writing)
        self._started_at = 0.0
        self._progress = ""  # the running save's own progress line
        self.idle = threading.Event()
        self._undo_before = UndoMemory(None, None)  # see _change_memory
        self.idle.set()

    @property
    def busy(self) -> bool:
        return self._busy

    def save(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[Exception], None],
        errors: tuple[type[Exception], ...] = (),
        in_worker: bool = False,
        progress: str = "",
    ) -> None:
        """Run `work()` (a repository method that writes) in the lane; then `done(result)`
        or `failed(error)` (a StoreError, NotFound or one of `errors`) on the UI thread."""
        with self._guard:
            self._waiting.append(_Save(work, done, failed, errors, in_worker, progress))
            if self._busy:
                return
            self._busy = True
            self.idle.clear()
        self._app.run_worker(self._run, thread=True, group="save")
        self._app.set_timer(PROGRESS_AFTER_SECONDS, self._show_progress)

    def _run(self) -> None:
        while True:
            with self._guard:
                job = self._waiting.popleft() if self._waiting else None
            if job is None:
                # The progress line cleared before the lane says it is idle: quitting
                # (NettuiApp.exit) waits for both.
                self._app.call_from_thread(self._app.show_progress, "")
                with self._guard:
                    if not self._waiting:
                        self._busy = False
                        self._state = ""
                        self.idle.set()
                        return
                continue
            self._started_at = time.monotonic()
            self._progress = job.progress
            try:
                self._state = "lock"
                self._wait_for_lock()
                self._state = "save"
                if job.in_worker:
                    result = job.work()
                else:
                    result = self._app.call_from_thread(self._change_memory, job.work)
                    self._write_file()
            except Exception as error:
                if not isinstance(error, (*STORE_ERRORS, *job.errors)):
                    self._stop()  # a bug: the worker fails and the app ends, with it
                    raise
                self._app.call_from_thread(job.failed, error)
            else:
                self._app.call_from_thread(job.done, result)

    def _change_memory(self, work: Callable[[], Any]) -> Any:
        """On the UI thread: `work` changes the repository's memory and keeps the
        lock; its file write is left to the worker (`_write_file`)."""
        repo = self._app.repo
        self._undo_before = repo.undo_memory()
        with repo.storage.deferring_writes():
            try:
                return work()
            except BaseException as error:
                if repo.storage.write_pending:  # a transaction of it ended: undo it too
                    self._roll_back(error)
                raise

    def _write_file(self) -> None:
        """In the worker: write and fsync the file; then, on the UI thread, finish
        (or roll memory back to the disk) and release the lock."""
        storage = self._app.repo.storage
        if not storage.write_pending:
            return
        try:
            written = storage.write_deferred()
        except BaseException as error:
            self._app.call_from_thread(self._roll_back, error)
            raise
        self._app.call_from_thread(storage.finish_deferred, written)

    def _roll_back(self, error: BaseException) -> None:
        """Memory back to the file, the undo as it was, the lock freed, and the screen
        in front shown what is so."""
        repo = self._app.repo
        repo.storage.finish_deferred(error)
        repo.restore_undo_memory(self._undo_before)
        self._app.store_rolled_back()

    def _stop(self) -> None:
        with self._guard:
            self._waiting.clear()
            self._busy = False
            self._state = ""
            self.idle.set()

    def _wait_for_lock(self) -> None:
        """Until no other process holds the store's lock (flock, as the store takes it),
        or the store's own timeout, with its own message."""
        storage = self._app.repo.storage
        path: Path = storage.lock_path
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return  # the store says why when it tries
        try:
            deadline = time.monotonic() + storage.lock_timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreBusy(
                            _(
                                "{path} is busy: another nettui has held it for {seconds} s. "
                                "Try again in a moment."
                            ).format(path=storage.path, seconds=f"{storage.lock_timeout:.0f}")
                        ) from None
                    time.sleep(LOCK_POLL_SECONDS)
                else:
                    fcntl.flock(fd, fcntl.LOCK_UN)  # free: the store takes it itself
                    return
        finally:
            with contextlib.suppress(OSError):
                os.close(fd)

    def _show_progress(self) -> None:
        """In the mode bar while a save takes long; cleared when the lane is empty."""
        if not self._busy:
            return
        if self._state == "lock":
            self._app.show_progress(_("Waiting for the store lock…"))
        elif time.monotonic() - self._started_at >= PROGRESS_AFTER_SECONDS:
            self._app.show_progress(self._progress or _("Saving…"))
        self._app.set_timer(PROGRESS_AFTER_SECONDS / 2, self._show_progress)
