"""The items of a vdirsyncer run: the files it could not read, and the copies of what
it synced that resolve.py merges against."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from nettui.i18n import _
from nettui.sync.server import Failure, SyncError


def unreadable(output: str, folders: Iterable[Path]) -> SyncError | None:
    """vdirsyncer could not read a file of a folder as UTF-8. Its error names no file,
    and it syncs nothing more of that folder's pair: the files that are not UTF-8 are
    found here and named, one sentence each; the other pair and the exchange go on."""
    if "codec can't decode" not in output and "UnicodeDecodeError" not in output:
        return None
    bad: list[Path] = []
    for folder in folders:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or not entry.is_file():
                continue
            try:
                Path(entry.path).read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                bad.append(Path(entry.path))
            except OSError:
                continue
    if not bad:
        return None
    error = SyncError(
        Failure.ITEM,
        "\n".join(
            _("{path} is not UTF-8 text: vdirsyncer cannot read it and syncs nothing else "
              "of its folder until it is fixed or moved away; it is left as it is.").format(
                path=path
            )
            for path in bad
        ),
    )  # fmt: skip
    error.files, error.stops_folder = bad, True
    return error


def keep_copies(config: Path, error: SyncError | None) -> None:
    """The ancestors of the next conflicts (resolve.py): the copies of each pair's items
    as vdirsyncer last synced them. A pair a run got through is copied afresh, all but
    the files it could not sync (their last copy stays); after a run that stopped
    (the server gone, a folder it cannot read) only files with no copy yet are copied,
    so that a person added meanwhile has an ancestor too."""
    from nettui.sync.resolve import snapshot
    from nettui.sync.vdirsyncer import folders_of, synced_path

    for pair, folder in folders_of(config).items():
        failed = {f.name for f in error.files if f.parent == folder} if error else set()
        through = error is None or (error.failure == Failure.ITEM and not (
            failed and error.stops_folder
        ))  # fmt: skip
        snapshot(folder, synced_path(config, pair), skip=failed, new_only=not through)
