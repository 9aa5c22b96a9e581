"""People's photos: one file per person in a folder beside the store.

A photo is not kept inside the JSON store: a phone's contact picture is 20 to 200 KB,
and base64 in every person's record would make the file, its backups and every write
several times larger. The folder is `<store>.photos/` (mode 0700), each file mode 0600,
written to a temp file, fsynced and renamed, as the store is. `Person.photo` holds the
file's name, `<person id>.<kind>`: the same card imported again writes the same name.

A deleted person's photo stays: the app's undo puts the person back with their record
only, and the file must still be there. `nettui doctor` counts photos nobody refers to.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from nettui.domain.card import Photo
from nettui.store import files

# A name this module wrote: no folder, no "..", nothing a hostile backup could use to
# write or read outside the folder.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,80}\.[a-z0-9]{1,10}$")


def folder_of(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".photos")


def kind_of(kind: str) -> str:
    """A card's TYPE=JPEG, image/png or "jpg" as the file's extension."""
    kind = kind.lower().removeprefix("image/")
    kind = re.sub(r"[^a-z0-9]", "", kind)[:10]
    return "jpeg" if kind in ("", "jpg") else kind


def name_for(person_id: str, kind: str) -> str:
    safe_id = re.sub(r"[^A-Za-z0-9_-]", "_", person_id)[:80] or "photo"
    return f"{safe_id}.{kind_of(kind)}"


def is_safe(name: str) -> bool:
    return bool(_SAFE_NAME.match(name))


def write(db_path: Path, name: str, data: bytes) -> None:
    """Write one photo atomically (0600 in a 0700 folder); OSError if it cannot be."""
    if not is_safe(name):
        raise ValueError(f"not a photo file name: {name!r}")
    folder = folder_of(db_path)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, folder / name)
        files.fsync_folder(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read(db_path: Path, name: str) -> Photo | None:
    """The photo a person refers to, or None when there is none (or it went missing)."""
    if not name or not is_safe(name):
        return None
    try:
        data = (folder_of(db_path) / name).read_bytes()
    except OSError:
        return None
    return Photo(data=data, kind=name.rsplit(".", 1)[1])


def names(db_path: Path) -> set[str]:
    """Every photo file in the folder."""
    folder = folder_of(db_path)
    if not folder.is_dir():
        return set()
    return {p.name for p in folder.iterdir() if p.is_file() and is_safe(p.name)}


def orphans(db_path: Path, used: set[str]) -> list[str]:
    """Photos no person refers to (people deleted, or merged into another)."""
    return sorted(names(db_path) - used)
