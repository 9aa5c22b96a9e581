"""Sync now, from the app: `nettui sync` (vdirsyncer, the exchange, vdirsyncer) in a
worker, with "Syncing…" in the mode bar and what moved said in a notification.

vdirsyncer's steps talk to a server (seconds; about 14 s before a refused password is
known) and touch no store: they run in the sync's own worker, so the user's saves go
on meanwhile. The exchange reads and writes the store: it runs in the app's save lane
(nettui/ui/saving.py), in order with the user's saves, never between a form's change
and its write.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from nettui.domain.text import visible
from nettui.i18n import N_, _, ngettext
from nettui.store.errors import os_reason
from nettui.sync.exchange import MOVES, ExchangeReport
from nettui.sync.run import sync
from nettui.sync.vdirsyncer import SyncError
from nettui.ui.saving import STORE_ERRORS

if TYPE_CHECKING:
    from collections.abc import Callable

    from nettui.ui.app import NettuiApp

# Each way things move, in the order said.
_SIDES = (
    ("people_in", N_("From your address book")),
    ("people_out", N_("To your address book")),
    ("meetups_in", N_("Meetups from your calendar")),
    ("meetups_out", N_("Meetups to your calendar")),
)
_MOVE_WORDS = {"added": N_("{n} added"), "changed": N_("{n} changed"), "removed": N_("{n} removed")}
PROBLEM_SECONDS = 12  # a notification with something to act on stays longer


class SyncStopped(Exception):
    """The app closed while the exchange waited for its turn in the save lane."""


def moved_line(report: ExchangeReport) -> str:
    """What moved each way, in one line: "Synced. To your address book: 2 added."""
    parts = []
    for attribute, title in _SIDES:
        side: dict[str, list[str]] = getattr(report, attribute)
        said = [_(_MOVE_WORDS[move]).format(n=len(side[move])) for move in MOVES if side.get(move)]
        if said:
            parts.append(_("{where}: {what}").format(where=_(title), what=", ".join(said)))
    if parts:
        return _("Synced.") + " " + "; ".join(parts) + "."
    if report.in_sync and not report.kept:
        return _("In sync: nothing to exchange.")
    return _("Synced: nothing moved.")


def problem_lines(report: ExchangeReport) -> list[str]:
    """Conflicts, people kept and files skipped, each with where to see more."""
    lines = []
    if report.conflicts:
        n = len(report.conflicts)
        lines.append(
            ngettext(
                "{n} conflict: nettui kept its value; the person's page or "
                "`nettui sync conflicts` shows both.",
                "{n} conflicts: nettui kept its values; the people's pages or "
                "`nettui sync conflicts` show both.",
                n,
            ).format(n=n)
        )
    if report.kept:
        n = len(report.kept)
        lines.append(
            ngettext(
                "{n} person removed from your address book is kept here (they hold more): "
                "see their page.",
                "{n} people removed from your address book are kept here (they hold more): "
                "see their pages.",
                n,
            ).format(n=n)
        )
    if report.skipped:
        n = len(report.skipped)
        lines.append(
            ngettext(
                "{n} file skipped and left untouched: {first}",
                "{n} files skipped and left untouched; the first: {first}",
                n,
            ).format(n=n, first=report.skipped[0])
        )
        lines.append(_("`nettui sync --dry-run` lists them all."))
    return lines


class SyncRunner:
    """One sync at a time, for the app (NettuiApp.syncing)."""

    def __init__(self, app: NettuiApp) -> None:
        self._app = app
        self.running = False

    def start(self) -> None:
        app = self._app
        if self.running:
            app.notify(_("A sync is already running."), markup=False)
            return
        if not app.repo.loaded:
            app.notify(_("The store is still being read; sync in a moment."), markup=False)
            return
        self.running = True
        app.show_progress(_("Syncing…"))
        app.run_worker(self._run, thread=True, group="sync")

    def _run(self) -> None:
        """In the sync's worker: the whole `nettui sync`, then the result on the UI thread.
        An error of any other kind is a bug, and ends the app as other workers' do."""
        app = self._app
        try:
            report = sync(app.repo, app.config.sync, in_store=self._in_save_lane)
        except SyncError as error:
            app.call_from_thread(self._finish, None, str(error))
        except SyncStopped:
            return
        except OSError as error:
            said = _("Could not sync: {path}: {reason}.").format(
                path=error.filename or "", reason=os_reason(error)
            )
            app.call_from_thread(self._finish, None, said)
        except STORE_ERRORS as error:  # the store's lock held too long, a full disk
            app.call_from_thread(self._finish, None, str(error))
        else:
            app.call_from_thread(self._finish, report, "")

    def _in_save_lane(self, step: Callable[[], ExchangeReport]) -> ExchangeReport:
        """Run the exchange in the save lane and wait (in this worker) for its result."""
        app = self._app
        finished = threading.Event()
        result: list[ExchangeReport | Exception] = []

        def back(value: ExchangeReport | Exception) -> None:
            result.append(value)
            finished.set()

        app.call_from_thread(
            app.save, step, back, back, errors=(OSError,), in_worker=True, progress=_("Syncing…")
        )
        while not finished.wait(0.2):
            if not app.is_running:
                raise SyncStopped
        if isinstance(result[0], Exception):
            raise result[0]
        return result[0]

    def _finish(self, report: ExchangeReport | None, error: str) -> None:
        """On the UI thread: what moved (or why not), and the screen in front shows it."""
        app = self._app
        self.running = False
        app.show_progress("")
        app.show_store_changes()  # the exchange may have written before vdirsyncer failed
        if report is None:
            app.notify(visible(error), severity="error", timeout=PROBLEM_SECONDS, markup=False)
            return
        problems = problem_lines(report)
        # Line by line: visible() shows a line break inside a name as a symbol.
        text = "\n".join(visible(line) for line in [moved_line(report), *problems])
        if problems:
            app.notify(text, severity="warning", timeout=PROBLEM_SECONDS, markup=False)
        else:
            app.notify(text, markup=False)
