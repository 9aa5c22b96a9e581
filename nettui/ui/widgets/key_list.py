"""An OptionList that also answers to the list keys of the keymap (j/k, g/G)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class KeyList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "Top", show=False),
        Binding("G", "last", "Bottom", show=False),
    ]
