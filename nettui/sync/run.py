"""One `nettui sync`: vdirsyncer brings the server's changes into the vdir, the
exchange merges the vdir and the store both ways, vdirsyncer takes the vdir's changes
to the server. One at a time per store (`sync_lock`): two at once would each write
files for the same new people."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from nettui.config import SyncSettings
from nettui.domain.labels import label
from nettui.i18n import _
from nettui.store.repository import Repository
from nettui.sync import vdirsyncer
from nettui.sync.exchange import ExchangeReport, exchange
from nettui.sync.server import Failure, SyncError, fetch_password

# Runs the exchange (the only step that reads and writes the store) and returns its
# report: the app runs it in its save lane, in order with the user's own saves, while
# vdirsyncer's network time around it holds up no save.
InStore = Callable[[Callable[[], ExchangeReport]], ExchangeReport]

LOCK_WAIT = 2.0  # seconds a second sync waits for the first (cron and S a moment apart)


@contextlib.contextmanager
def sync_lock(store: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the store's sync lock (a lock file beside it; the kernel lets it go when
    the process dies, even by SIGKILL), or SyncError(BUSY) after `wait` seconds."""
    path = store.with_name(store.name + ".sync.lock")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # a store not written yet
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise SyncError(Failure.BUSY, _("A sync is already running.")) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # closing the file lets the lock go


def sync(
    repo: Repository,
    settings: SyncSettings,
    dry_run: bool = False,
    in_store: InStore | None = None,
    accept_empty: bool = False,
) -> ExchangeReport:
    """SyncError (vdirsyncer's part) or the exchange's report. `in_store`: how to run
    the exchange step (by default, here and now). A dry run runs no vdirsyncer: it says
    what the exchange would do with the folders as they are."""
    with sync_lock(repo.path):
        return _sync(repo, settings, dry_run, in_store, accept_empty)


def _sync(
    repo: Repository,
    settings: SyncSettings,
    dry_run: bool,
    in_store: InStore | None,
    accept_empty: bool,
) -> ExchangeReport:
    use = settings.vdirsyncer and not dry_run
    config = vdirsyncer.configuration_path()
    password: str | None = None
    problems: list[str] = []  # vdirsyncer's failures on single items: the rest synced
    conflicts: list[str] = []  # found by vdirsyncer's merges (resolve.py)
    if use:
        if not config.exists():
            raise SyncError(
                Failure.NOT_SET_UP, _("Sync is not set up: run nettui sync setup --url URL.")
            )
        check_folders(config, settings.contacts, settings.calendar)
        password = fetch_password(vdirsyncer.read_account(config))  # once per sync
        _vdirsyncer(repo, config, password, problems, conflicts, None)

    def step() -> ExchangeReport:
        return exchange(repo, settings.contacts, settings.calendar, dry_run, accept_empty)

    report = in_store(step) if in_store is not None else step()
    report.conflicts[:0] = conflicts
    if use:
        _vdirsyncer(repo, config, password, problems, report.conflicts, report)
    report.skipped += dict.fromkeys(problems)
    return report


def _vdirsyncer(
    repo: Repository,
    config: Path,
    password: str | None,
    problems: list[str],
    conflicts: list[str],
    report: ExchangeReport | None,
) -> None:
    """One vdirsyncer run; the conflicts its merges found go to the store. A failure on
    one item, or a collection vdirsyncer refuses to empty, is listed and the sync goes
    on; any other stops it (after the exchange, with the exchange's report attached,
    to be said first)."""
    try:
        vdirsyncer.pull_and_push(config, password)
    except SyncError as error:
        # One item, or one collection vdirsyncer will not empty: the rest still syncs.
        if error.failure not in (Failure.ITEM, Failure.EMPTIED):
            error.report = report
            raise
        problems += str(error).splitlines()  # a sentence a file, or the emptied one
    finally:
        conflicts += _record_conflicts(repo, vdirsyncer.conflicts_path(config))


def _record_conflicts(repo: Repository, path: Path) -> list[str]:
    """The conflicts vdirsyncer's merges found (resolve.py), put in the store; the
    lines said to the user. The file goes once they are recorded."""
    try:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        rows = []
    by_uid = {s["uid"]: i for i, s in repo.sync_states().items() if "uid" in s}
    said: list[str] = []
    with repo.transaction():
        for row in rows:
            record = by_uid.get(row.get("uid"))
            if record is not None and row.get("field") != "*":
                repo.add_conflict(row["kind"], record, row["field"], row["ours"], row["theirs"])
            person = repo.person(record) if record and row.get("kind") == "person" else None
            said.append(
                _("{name}: {field} (kept {ours!r}; the server has {theirs!r})").format(
                    name=person.display_name if person else row.get("uid"),
                    field=label(str(row.get("field"))),
                    ours=row.get("ours"), theirs=row.get("theirs"),
                )
            )  # fmt: skip
    path.unlink(missing_ok=True)
    return said


def check_folders(config: Path, contacts: Path, calendar: Path) -> None:
    """SyncError when config.toml's folders are not the ones setup gave vdirsyncer:
    nettui would exchange with one folder while vdirsyncer syncs another."""
    given = vdirsyncer.folders_of(config)
    wanted = {vdirsyncer.CONTACTS_PAIR: contacts, vdirsyncer.CALENDAR_PAIR: calendar}
    moved = [
        str(folder)
        for pair, folder in wanted.items()
        if pair in given and given[pair].absolute() != folder.expanduser().absolute()
    ]
    if moved:
        raise SyncError(
            Failure.NOT_SET_UP,
            _(
                "config.toml's [sync] names {folders}, but vdirsyncer was set up with "
                "other folders: run nettui sync setup --url URL again, so that the "
                "server syncs with these."
            ).format(folders=" and ".join(moved)),
        )
