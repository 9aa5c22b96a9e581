"""The keys that move in a list, the same in each of our line-view lists (People, and
the lists of Needs & offers): users learn them once."""

from __future__ import annotations

from textual.binding import Binding

from nettui.i18n import N_

LIST_BINDINGS = [
    Binding("down,j", "cursor_down", N_("Down"), show=False),
    Binding("up,k", "cursor_up", N_("Up"), show=False),
    Binding("g,home", "first", N_("Top"), show=False),
    Binding("G,end", "last", N_("Bottom"), show=False),
    Binding("pagedown", "page_down", N_("Page down"), show=False),
    Binding("pageup", "page_up", N_("Page up"), show=False),
]
