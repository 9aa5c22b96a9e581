"""`nettui doctor`: explain what is wrong with a database file, and restore a backup."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from nettui.domain.models import RECORD_TYPES, ValidationError
from nettui.i18n import _, ngettext
from nettui.store import photos
from nettui.store.errors import StoreError, os_reason
from nettui.store.storage import SafeJSONStorage, backups_of


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    healthy: bool = True

    def ok(self, text: str) -> None:
        self.lines.append(f"{_('ok'):<9}{text}")

    def problem(self, text: str) -> None:
        self.lines.append(f"{_('PROBLEM'):<9}{text}")
        self.healthy = False


def _load(path: Path) -> SafeJSONStorage:
    storage = SafeJSONStorage(path)
    storage.refresh()
    return storage


def examine(path: Path) -> Report:
    report = Report()
    if not path.exists():
        report.ok(
            _("{path} does not exist yet; it is created on the first change.").format(path=path)
        )
        return report
    try:
        storage = _load(path)
    except StoreError as error:
        report.problem(str(error))
        good = _newest_good_backup(path)
        if good:
            report.lines.append(
                " " * 9
                + _(
                    "The newest good backup is {name}; `nettui doctor --restore` puts it back "
                    "(the damaged file is kept aside)."
                ).format(name=good.name)
            )
        else:
            report.lines.append(" " * 9 + _("No good backup was found next to the database."))
        return report
    report.ok(_("{path} parses; schema is current.").format(path=path))
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        report.problem(
            _("{path} is readable by other users (mode {mode}); run: chmod 600 {quoted}").format(
                path=path, mode=f"{mode:o}", quoted=shlex.quote(str(path))
            )
        )
    else:
        report.ok(_("only you can read it (mode 600)."))
    for cls in RECORD_TYPES:
        bad = 0
        first_error = ""
        for doc in storage.table(cls.TABLE).values():
            try:
                cls.from_dict(doc)
            except ValidationError as error:
                bad += 1
                first_error = first_error or str(error)
        total = len(storage.table(cls.TABLE))
        if bad:
            report.problem(
                _("{bad} of {total} {table} records are invalid, e.g.: {error}").format(
                    bad=bad, total=total, table=cls.TABLE, error=first_error
                )
            )
        elif total:
            report.ok(_("{total} {table} records are valid.").format(total=total, table=cls.TABLE))
    _photos(report, path, storage)
    backups = backups_of(path)
    report.ok(
        ngettext(
            "{n} backup next to the database.", "{n} backups next to the database.", len(backups)
        ).format(n=len(backups))
    )
    return report


def _photos(report: Report, path: Path, storage: SafeJSONStorage) -> None:
    """Photos nobody refers to are those of people deleted or merged away: kept, so an
    undo finds them; said here, so they can be removed by hand."""
    used = {
        doc.get("photo") or ""
        for table in ("people", "meetups")  # a meetup's photo together is no orphan
        for doc in storage.table(table).values()
    }
    orphans = photos.orphans(path, used)
    missing = sorted(n for n in used - photos.names(path) if n)
    if orphans:
        report.ok(
            ngettext(
                "{n} photo in {folder} belongs to no one (a person deleted or merged).",
                "{n} photos in {folder} belong to no one (people deleted or merged).",
                len(orphans),
            ).format(n=len(orphans), folder=photos.folder_of(path))
        )
    if missing:
        report.problem(
            ngettext(
                "{n} photo is missing from {folder}, e.g. {name}.",
                "{n} photos are missing from {folder}, e.g. {name}.",
                len(missing),
            ).format(n=len(missing), folder=photos.folder_of(path), name=missing[0])
        )


def _newest_good_backup(path: Path) -> Path | None:
    for backup in backups_of(path):
        try:
            _load(backup)
        except StoreError:
            continue
        return backup
    return None


def restore_newest_backup(path: Path) -> str:
    """Put the newest backup that loads in place of `path`; the damaged file is kept."""
    good = _newest_good_backup(path)
    if good is None:
        raise StoreError(
            _("No good backup of {path} was found; nothing was changed.").format(path=path)
        )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = path.with_name(f"{path.name}.damaged-{stamp}")
    if path.exists():
        shutil.copy2(path, kept)
        os.chmod(kept, 0o600)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out, open(good, "rb") as src:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise StoreError(
            _("Could not restore {path}: {reason}. Nothing was changed.").format(
                path=path, reason=os_reason(error)
            )
        ) from None
    said = _("Restored {path} from {backup}.").format(path=path, backup=good.name)
    if kept.exists():
        said += " " + _("The damaged file is kept as {name}.").format(name=kept.name)
    return said
