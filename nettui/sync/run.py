"""One `nettui sync`: vdirsyncer brings the server's changes into the vdir, the
exchange merges the vdir and the store both ways, vdirsyncer takes the vdir's changes
to the server."""

from __future__ import annotations

from nettui.config import SyncSettings
from nettui.i18n import _
from nettui.store.repository import Repository
from nettui.sync import vdirsyncer
from nettui.sync.exchange import ExchangeReport, exchange


def sync(repo: Repository, settings: SyncSettings, dry_run: bool = False) -> ExchangeReport:
    """SyncError (vdirsyncer's part) or the exchange's report."""
    if settings.vdirsyncer:
        if not vdirsyncer.configuration_path().exists():
            raise vdirsyncer.SyncError(
                vdirsyncer.Failure.NOT_SET_UP,
                _("Sync is not set up: run nettui sync setup --url URL."),
            )
        vdirsyncer.pull_and_push(vdirsyncer.configuration_path())
    report = exchange(repo, settings.contacts, settings.calendar, dry_run)
    if settings.vdirsyncer and not dry_run:
        vdirsyncer.pull_and_push(vdirsyncer.configuration_path())
    return report
