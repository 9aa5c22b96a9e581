"""One `nettui sync`: vdirsyncer brings the server's changes into the vdir, the
exchange merges the vdir and the store both ways, vdirsyncer takes the vdir's changes
to the server."""

from __future__ import annotations

from collections.abc import Callable

from nettui.config import SyncSettings
from nettui.i18n import _
from nettui.store.repository import Repository
from nettui.sync import vdirsyncer
from nettui.sync.exchange import ExchangeReport, exchange

# Runs the exchange (the only step that reads and writes the store) and returns its
# report: the app runs it in its save lane, in order with the user's own saves, while
# vdirsyncer's network time around it holds up no save.
InStore = Callable[[Callable[[], ExchangeReport]], ExchangeReport]


def sync(
    repo: Repository,
    settings: SyncSettings,
    dry_run: bool = False,
    in_store: InStore | None = None,
    accept_empty: bool = False,
) -> ExchangeReport:
    """SyncError (vdirsyncer's part) or the exchange's report. `in_store`: how to run
    the exchange step (by default, here and now)."""
    if settings.vdirsyncer:
        if not vdirsyncer.configuration_path().exists():
            raise vdirsyncer.SyncError(
                vdirsyncer.Failure.NOT_SET_UP,
                _("Sync is not set up: run nettui sync setup --url URL."),
            )
        vdirsyncer.pull_and_push(vdirsyncer.configuration_path())

    def step() -> ExchangeReport:
        return exchange(repo, settings.contacts, settings.calendar, dry_run, accept_empty)

    report = in_store(step) if in_store is not None else step()
    if settings.vdirsyncer and not dry_run:
        vdirsyncer.pull_and_push(vdirsyncer.configuration_path())
    return report
