"""A draft written to a file the user can open, beside the copy to the clipboard.

OSC 52 reaches the local clipboard over ssh only in terminals that allow it; the file
is there for the others. The folder is mode 0700 and each file 0600 (the messages
speak of what people need), written to a temp file, fsynced and renamed, so a reader
never sees half a draft.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from nettui.domain.text import fold


def file_name(*words: str) -> str:
    """A name the shell and every file system take: "introduction-ana-garcia-to-bea.txt"
    (accents folded, anything else a dash; never a folder or a hidden file)."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(" ".join(words))).strip("-")[:100].strip("-")
    return f"{slug or 'draft'}.txt"


def write_draft(folder: Path, name: str, text: str) -> Path:
    """Write `text` to `folder`/`name` atomically; OSError if it cannot be."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*\.txt", name):
        raise ValueError(f"not a draft file name: {name!r}")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # made earlier with a looser umask, or by hand
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text if text.endswith("\n") else text + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, folder / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return folder / name
