"""File names completed as you type, as a shell does: "~/Pic" suggests "~/Pictures/".

The field shows the rest of the name dimmed; right arrow takes it (Textual's Input),
and end too (PathField), as in a shell. Only names in the one folder typed so far are
read, in a thread, so a slow or huge folder (a network mount, 50,000 files) never
stops the keys.
"""

from __future__ import annotations

import asyncio
import os
from itertools import islice

from textual.suggester import Suggester

from nettui.ui.textual_compat import suggestion_shown
from nettui.ui.widgets.fields import Field

# Files a photo field prefers when several names start alike ("IMG_0001.JPG" before
# "IMG_0001.AAE", the sidecar an iPhone export leaves beside it).
_IMAGE_ENDINGS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".bmp", ".tif", ".tiff")
# A folder read for a suggestion: at most this many names (a suggestion is a help, not
# a listing; a folder of 100,000 files still answers at once).
_MOST_NAMES = 5000


def complete_path(value: str, prefer: tuple[str, ...] = _IMAGE_ENDINGS) -> str | None:
    """`value` completed to the first name in its folder that starts with what was typed
    after the last "/" (folders first, then files ending in `prefer`), with "/" after a
    folder; None when nothing fits. "~" stays as typed: the user reads their own path."""
    if not value:
        return None
    expanded = os.path.expanduser(value)
    folder, slash, typed = expanded.rpartition("/")
    where = (folder or "/") if slash else "."
    if typed in (".", ".."):
        return None
    try:
        with os.scandir(where) as entries:
            found = [
                (entry.name, entry.is_dir())
                for entry in islice(entries, _MOST_NAMES)
                if entry.name.startswith(typed) and (typed or not entry.name.startswith("."))
            ]
    except OSError:
        return None

    def rank(item: tuple[str, bool]) -> tuple[int, str]:
        name, is_dir = item
        return (0 if is_dir else 1 if name.lower().endswith(prefer) else 2, name)

    for name, is_dir in sorted(found, key=rank):
        rest = name[len(typed) :] + ("/" if is_dir else "")
        if rest:
            return value + rest
    return None


class PathSuggester(Suggester):
    """Suggests the rest of a file's path from the file system."""

    def __init__(self) -> None:
        # Not cached: a photo copied into the folder a moment ago must be found; case
        # kept, as a file system keeps it.
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return await asyncio.to_thread(complete_path, value)


class PathField(Field):
    """A field for a file's path: completed as typed; end takes the suggestion too."""

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, compact=True, suggester=PathSuggester())

    def action_end(self, select: bool = False) -> None:
        if not select and self.cursor_at_end and suggestion_shown(self):
            self.action_cursor_right()  # takes it, as right arrow does
            return
        super().action_end(select)
