"""The one-line filter above a list: "/" focuses it, typing narrows the list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label

from nettui.i18n import _


class FilterBar(Horizontal):
    """`Filter [.....]`: a compact Input with id "filter" and a label."""

    DEFAULT_CSS = """
    FilterBar { height: 1; margin: 1 0 0 0; }
    FilterBar > Label { padding: 0 0 0 1; color: $text-muted; }
    FilterBar > Input { width: 1fr; }
    """

    def __init__(self, placeholder: str) -> None:
        super().__init__()
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield Label(_("Filter") + " ")
        # select_on_focus is off: the screen selects the old text itself when "/" is
        # pressed, because the Focus event arrives after keys typed in the same burst.
        field = Input(
            placeholder=self.placeholder, id="filter", compact=True, select_on_focus=False
        )
        field.cursor_blink = False  # over ssh a blink is a write every half second, forever
        yield field
