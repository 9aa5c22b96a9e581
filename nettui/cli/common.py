"""What every command shares: exit codes, the usage error, output and opening the store."""

from __future__ import annotations

import shlex
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nettui.domain.text import visible
from nettui.i18n import _

if TYPE_CHECKING:
    from nettui.store.repository import Repository

EXIT_OK, EXIT_NOT_FOUND, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(Exception):
    """Bad input on the command line: exit code 2."""


def say(text: str = "") -> None:
    """Print untrusted text: escape sequences in a contact's name never reach the terminal."""
    print(visible(text))


def local_minute(iso: str) -> str:
    """A stored moment as the user's clock shows it ("2026-12-05 10:30"): records keep
    the offset they were made with (UTC for what nettui logs itself)."""
    from datetime import datetime

    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")


def fail(message: str) -> None:
    print(f"nettui: {visible(message)}", file=sys.stderr)


def dump_json(data: Any) -> None:
    from nettui.domain import json_codec

    sys.stdout.write(json_codec.encode_indented(data).decode() + "\n")


def require_person(ref: str) -> None:
    if not ref.strip():
        raise UsageError(_("Say which person: an id, the start of an id, or a name."))


def open_repository(db: Path) -> Repository:
    """Open and load the store now, so a damaged file is reported before anything runs."""
    from nettui.store.repository import Repository

    repo = Repository(db)
    repo.storage.refresh()
    return repo


def readable_by_others(db: Path) -> str | None:
    """The warning for a database other users can read, with the fix; None if private."""
    try:
        mode = db.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) and mode & (stat.S_IRWXG | stat.S_IRWXO):
        return _("{path} can be read by other users; fix it with: chmod 600 {quoted}").format(
            path=db, quoted=shlex.quote(str(db))
        )
    return None


def warn_if_readable_by_others(db: Path) -> None:
    warning = readable_by_others(db)
    if warning:
        fail(_("warning: {problem}").format(problem=warning))
