"""People's photos: one file per person in a folder beside the store.

A photo is not kept inside the JSON store: a phone's contact picture is 20 to 200 KB,
and base64 in every person's record would make the file, its backups and every write
several times larger. The folder is `<store>.photos/` (mode 0700), each file mode 0600,
written to a temp file, fsynced and renamed, as the store is. `Person.photo` holds the
file's name, `<person id>.<kind>`: the same card imported again writes the same name.

A deleted person's photo stays: the app's undo puts the person back with their record
only, and the file must still be there. `nettui doctor` counts photos nobody refers to.

A meetup's photo together lives in the same folder as `meetup-<meetup id>.<kind>`
(`Meetup.photo`). It comes from a file the user names (`nettui done --photo PATH`, the
"how it went" form): `image_from_file` checks it is an image and keeps a reduced copy.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path

from nettui.domain.card import Photo
from nettui.domain.errors import ValidationError
from nettui.i18n import _
from nettui.store import files
from nettui.store.errors import os_reason

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


# A file larger than this is refused before it is read: a camera's JPEG is 3 to 15 MB,
# a phone's HEIC or a panorama up to 30; past 40 MB it is not a photo of two people.
MAX_PHOTO_BYTES = 40 * 1024 * 1024
# The copy kept: long side at most this many pixels. A page shows the photo in a few
# dozen cells (a Kitty or Sixel terminal draws some 200 x 200 pixels of it), and the
# JSON backup carries every photo as base64: a 12 MP original would add 10 MB to each.
KEPT_SIDE = 1600


class NotAnImage(ValidationError):
    """The file named as a photo is missing, unreadable, too large or not an image."""


def meetup_name_for(meetup_id: str, kind: str) -> str:
    return name_for(f"meetup-{meetup_id}", kind)


def image_from_file(path_text: str) -> Photo:
    """The photo in a file the user named (`~` expands), as the copy nettui keeps: turned
    upright as the camera said, at most KEPT_SIDE pixels on its long side, re-encoded
    (JPEG, or PNG when it has transparency). Re-encoding also leaves out the camera's
    metadata, its GPS position among them, which the store and its backups have no
    business keeping. NotAnImage (one sentence) when it cannot be; nothing is written."""
    import io
    import warnings

    from PIL import Image, ImageOps, UnidentifiedImageError

    if not path_text.strip():
        raise NotAnImage(_("Give the path of the photo's file."))
    path = Path(path_text.strip()).expanduser()
    try:
        if path.is_dir():
            raise NotAnImage(_("{path} is a folder, not an image file.").format(path=path))
        found = path.stat()
        if not stat.S_ISREG(found.st_mode):
            # A device or a pipe has no size to check: /dev/zero never ends, and a pipe
            # waits for a writer. Only a file is a photo.
            raise NotAnImage(_("{path} is not a file, so not a photo.").format(path=path))
        too_big = NotAnImage(
            _("{path} is {mb} MB; a photo may be up to {limit} MB.").format(
                path=path,
                mb=found.st_size // (1024 * 1024),
                limit=MAX_PHOTO_BYTES // (1024 * 1024),
            )
        )
        if found.st_size > MAX_PHOTO_BYTES:
            raise too_big
        with path.open("rb") as file:
            data = file.read(MAX_PHOTO_BYTES + 1)  # at most: it may grow as it is read
        if len(data) > MAX_PHOTO_BYTES:
            raise too_big
    except FileNotFoundError:
        raise NotAnImage(_("There is no file {path}.").format(path=path)) from None
    except OSError as error:
        raise NotAnImage(
            _("Cannot read {path}: {reason}.").format(path=path, reason=os_reason(error))
        ) from None
    not_image = NotAnImage(
        _("{path} is not an image nettui can read (JPEG, PNG, GIF, WebP...).").format(path=path)
    )
    try:
        with warnings.catch_warnings():
            # A decompression bomb is an error here, never a warning and 2 GB of pixels.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                opened.draft("RGB", (KEPT_SIDE, KEPT_SIDE))  # a JPEG decodes at a fraction
                image = ImageOps.exif_transpose(opened)
                image.thumbnail((KEPT_SIDE, KEPT_SIDE))
                clear = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
                out = io.BytesIO()
                if clear:
                    image.convert("RGBA").save(out, "PNG", optimize=True)
                else:
                    image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise not_image from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise not_image from None  # a truncated or damaged image, or one Pillow half-knows
    return Photo(data=out.getvalue(), kind="png" if clear else "jpeg")
