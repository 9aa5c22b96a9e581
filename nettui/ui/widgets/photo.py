"""A photo on a person's page, drawn by textual-image: Kitty's graphics protocol or
Sixel where the terminal has them, coloured Unicode half blocks everywhere else (tmux,
ssh, the Linux console, 256 colours).

textual-image finds the terminal's graphics by asking it (escape sequences written to
stdout, answers read from stdin, up to 0.1 s each) when it is first imported. nettui
never lets it ask: once Textual runs, Textual's input thread reads the answers, and an
answer late over ssh ("\\x1b[?62;4c") would arrive as keys ("?" opens the help, "c"
cancels a meetup). The kind is chosen from the environment instead (`graphics_kind`),
which costs nothing at start, writes nothing to a pipe or to tmux, and works headless;
NETTUI_GRAPHICS (kitty, sixel, halfblocks, none) overrides it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from nettui.i18n import _, day_month_year
from nettui.store import photos

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from nettui.store.repository import Repository

KINDS = ("kitty", "sixel", "halfblocks", "none")

# Cells the photo takes: 20 x 10 is about square on a terminal (a cell is twice as tall
# as wide) and leaves 58 columns of text beside it at 80 x 24.
PHOTO_WIDTH = 20
PHOTO_HEIGHT = 10
PANEL_WIDTH = PHOTO_WIDTH + 2  # a column of space on each side
# Narrower than this, the page keeps all its columns for the text and shows no photo.
NARROWEST_PAGE = 70
# The copy drawn: a page shows a few hundred pixels at most, and textual-image scales
# the image again at each frame.
_DRAWN_SIDE = 400


def graphics_kind(env: Mapping[str, str] | None = None) -> str:
    """How this terminal can show a photo, from what the environment says (ssh forwards
    TERM, so a Kitty or foot user is recognised over ssh too)."""
    env = os.environ if env is None else env
    chosen = env.get("NETTUI_GRAPHICS", "").strip().lower()
    if chosen in KINDS:
        return chosen
    term, program = env.get("TERM", ""), env.get("TERM_PROGRAM", "")
    if env.get("TMUX") or env.get("STY") or term.startswith(("screen", "tmux")):
        return "halfblocks"  # tmux and screen pass neither protocol on by default
    if term == "xterm-kitty":
        return "kitty"
    sixel_terms = ("foot", "foot-extra", "mlterm", "yaft-256color", "contour")
    if (
        term in sixel_terms
        or program in ("WezTerm", "iTerm.app")
        or env.get("LC_TERMINAL") == "iTerm2"
        or env.get("KONSOLE_VERSION")
    ):
        return "sixel"
    return "halfblocks"


class _NotATerminal:
    """Stands for stdout while textual-image is imported, so that it asks nothing."""

    def isatty(self) -> bool:
        return False


_widget_classes: dict[str, Callable[..., Widget]] = {}


def _image_class(kind: str) -> Callable[..., Widget]:
    """textual-image's widget for `kind`, imported the first time a photo is shown."""
    if not _widget_classes:
        _cell_size_from_the_kernel()
        real = sys.__stdout__
        # textual-image reads sys.__stdout__ at import only (renderable/__init__.py and
        # widget/__init__.py); tests/ui/test_person_photo.py fails if that changes.
        setattr(sys, "__stdout__", _NotATerminal())  # noqa: B010 (typeshed: Final)
        try:
            from textual_image import widget
        finally:
            setattr(sys, "__stdout__", real)  # noqa: B010
        _widget_classes.update(
            kitty=widget.TGPImage, sixel=widget.SixelImage, halfblocks=widget.HalfcellImage
        )
    return _widget_classes[kind]


def _cell_size_from_the_kernel() -> None:
    """Kitty and Sixel draw pixels: textual-image needs a cell's size in pixels. The
    terminal tells the kernel (TIOCGWINSZ) without being asked anything; textual-image
    takes it from these variables (as textual-serve sets them). Half blocks need none."""
    stream = sys.__stderr__  # where Textual draws
    if "TEXTUAL_CELL_WIDTH" in os.environ or stream is None:
        return
    try:
        import fcntl
        import struct
        import termios

        packed = fcntl.ioctl(stream.fileno(), termios.TIOCGWINSZ, b"\0" * 8)
        rows, columns, width, height = struct.unpack("HHHH", packed)
    except (OSError, ValueError, ImportError):
        return
    if rows and columns and width and height:
        os.environ["TEXTUAL_CELL_WIDTH"] = str(width // columns)
        os.environ["TEXTUAL_CELL_HEIGHT"] = str(height // rows)


def photo_of(repo: Repository, person_id: str) -> tuple[Path | None, str]:
    """Which photo a person's page shows, and its caption: the latest photo together
    (what the page is for: the two of you, met), else the photo their card brought (a
    face still helps to remember a name)."""
    from datetime import datetime

    for meetup in repo.meetups_of(person_id):  # newest first
        path = repo.photo_path(meetup)
        if path is not None:
            day = datetime.fromisoformat(meetup.start).astimezone()
            return path, _("Together, {date}").format(date=day_month_year(day))
    person = repo.person(person_id)
    if person is not None and person.photo and photos.is_safe(person.photo):
        path = photos.folder_of(repo.path) / person.photo
        if path.is_file():
            return path, _("Contact photo")
    return None, ""


def drawn_copy(path: Path) -> PILImage | None:
    """The photo, small, or None when it cannot be read (gone, damaged)."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            image.draft("RGB", (_DRAWN_SIDE, _DRAWN_SIDE))
            image.thumbnail((_DRAWN_SIDE, _DRAWN_SIDE))
            return image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None


class PhotoPanel(Vertical):
    """The photo and what it is (a photo together and when, or the contact's photo),
    docked at the right of a person's page. Hidden when there is none to show."""

    DEFAULT_CSS = f"""
    PhotoPanel {{
        dock: right;
        width: {PANEL_WIDTH};
        height: auto;
        padding: 0 1;
        display: none;
    }}
    PhotoPanel .photo {{ width: {PHOTO_WIDTH}; height: {PHOTO_HEIGHT}; }}
    PhotoPanel #photo-caption {{ width: {PHOTO_WIDTH}; height: auto; color: $text-muted; }}
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: Path | None = None
        self.kind = graphics_kind()
        stdout = sys.__stdout__
        if self.kind == "kitty" and not (stdout and stdout.isatty()):
            # textual-image sends a Kitty image to stdout itself, not through Textual:
            # with stdout sent to a file or a pipe, that would be where it went.
            self.kind = "halfblocks"

    def compose(self) -> ComposeResult:
        yield Static("", id="photo-caption", markup=False)

    def show_photo(self, path: Path | None, caption: str) -> bool:
        """Show the photo in `path` (None: none); True when one is shown."""
        if path == self.shown and self.display:
            self.query_one("#photo-caption", Static).update(caption)
            return True
        for old in self.query(".photo"):
            old.remove()
        self.shown = None
        image = drawn_copy(path) if path is not None and self.kind != "none" else None
        if image is None:
            self.display = False
            return False
        picture = _image_class(self.kind)(image, classes="photo")
        self.mount(picture, before=0)
        self.query_one("#photo-caption", Static).update(caption)
        self.shown = path
        self.display = True
        return True
