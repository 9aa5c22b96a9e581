"""Saves off the UI thread: one lane, in order, with a line that says when one is slow.

A save (a repository method that writes) waits for the file lock when another nettui
holds it (up to the store's lock timeout) and fsyncs the file. Here it runs in a
thread worker, so keys are handled meanwhile:

- Order: saves run one at a time, in the order asked; each one's `done` runs on the
  UI thread before the next save starts, so what the UI shows follows the file.
- The lock: the worker waits for the lock to be free *before* calling the
  repository, without holding the storage's thread lock, which every read takes: the
  UI's reads (typing in a filter) go on while it waits. The store then takes the lock
  itself (another process could take it in between; then the store waits, as before).
- Failure: a lock held too long, a full disk: `failed` gets the store's error, said
  as before; the repository rolled its memory back, so nothing it showed is lost.
  A form also names the errors its repository method raises for what was typed (a
  name that is ambiguous); any other exception is a bug, and ends the app as it did
  when saves ran on the UI thread.
- Keys: a form's save holds the keys typed meanwhile and hands them out once its
  `done` (or `failed`) has run, in order (NettuiApp.hold_keys): the keys typed after
  ctrl+s land on the screen behind the closed form, as they did when the UI thread
  waited for the disk, or in the form when the save failed.
- Progress: a save still running after PROGRESS_AFTER_SECONDS says so in the mode bar
  ("Saving…", or "Waiting for the store lock…").
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


class SaveLane:
    """The app's saves, one worker at a time, in order."""

    def __init__(self, app: NettuiApp) -> None:
        self._app = app
        self._waiting: deque[_Save] = deque()
        self._guard = threading.Lock()  # the deque and _busy, shared with the worker
        self._busy = False
        self._state = ""  # "", "lock" (waiting for it) or "save" (writing)
        self._started_at = 0.0
        self.idle = threading.Event()
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
    ) -> None:
        """Run `work()` (a repository method that writes) in the lane; then `done(result)`
        or `failed(error)` (a StoreError, NotFound or one of `errors`) on the UI thread."""
        with self._guard:
            self._waiting.append(_Save(work, done, failed, errors))
            if self._busy:
                return
            self._busy = True
            self.idle.clear()
        self._app.run_worker(self._run, thread=True, group="save")
        self._app.set_timer(PROGRESS_AFTER_SECONDS, self._show_progress)

    def _run(self) -> None:
        while True:
            with self._guard:
                if not self._waiting:
                    self._busy = False
                    self._state = ""
                    self.idle.set()
                    break
                job = self._waiting.popleft()
            self._started_at = time.monotonic()
            try:
                self._state = "lock"
                self._wait_for_lock()
                self._state = "save"
                result = job.work()
            except Exception as error:
                if not isinstance(error, (*STORE_ERRORS, *job.errors)):
                    self._stop()  # a bug: the worker fails and the app ends, with it
                    raise
                self._app.call_from_thread(job.failed, error)
            else:
                self._app.call_from_thread(job.done, result)
        self._app.call_from_thread(self._app.show_progress, "")

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
            self._app.show_progress(_("Saving…"))
        self._app.set_timer(PROGRESS_AFTER_SECONDS / 2, self._show_progress)
