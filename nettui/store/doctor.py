"""`nettui doctor`: explain what is wrong with a database file, and restore a backup."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from nettui.domain.models import RECORD_TYPES, ValidationError
from nettui.store.errors import StoreError
from nettui.store.storage import SafeJSONStorage, backups_of


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    healthy: bool = True

    def ok(self, text: str) -> None:
        self.lines.append(f"ok       {text}")

    def problem(self, text: str) -> None:
        self.lines.append(f"PROBLEM  {text}")
        self.healthy = False


def _load(path: Path) -> SafeJSONStorage:
    storage = SafeJSONStorage(path)
    storage.refresh()
    return storage


def examine(path: Path) -> Report:
    report = Report()
    if not path.exists():
        report.ok(f"{path} does not exist yet; it is created on the first change.")
        return report
    try:
        storage = _load(path)
    except StoreError as error:
        report.problem(str(error))
        good = _newest_good_backup(path)
        if good:
            report.lines.append(
                f"         The newest good backup is {good.name}; "
                "`nettui doctor --restore` puts it back (the damaged file is kept aside)."
            )
        else:
            report.lines.append("         No good backup was found next to the database.")
        return report
    report.ok(f"{path} parses; schema is current.")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        report.problem(f"{path} is readable by other users (mode {mode:o}); run: chmod 600 {path}")
    else:
        report.ok("only you can read it (mode 600).")
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
            report.problem(f"{bad} of {total} {cls.TABLE} records are invalid, e.g.: {first_error}")
        elif total:
            report.ok(f"{total} {cls.TABLE} records are valid.")
    backups = backups_of(path)
    report.ok(f"{len(backups)} backup(s) next to the database.")
    return report


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
        raise StoreError(f"No good backup of {path} was found; nothing was changed.")
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
            f"Could not restore {path}: {error.strerror}. Nothing was changed."
        ) from None
    kept_note = f" The damaged file is kept as {kept.name}." if kept.exists() else ""
    return f"Restored {path} from {good.name}.{kept_note}"
