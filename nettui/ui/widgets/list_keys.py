"""The keys that move in a list, the same in each of our lists (People and a person's
page, the lists of Needs & offers, Meetups, the Dashboard): users learn them once, and
a keymap entry such as "list.down" moves them in every list at once."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from nettui.i18n import N_

LIST_BINDINGS: list[BindingType] = [
    Binding("down,j", "cursor_down", N_("Down"), show=False, id="list.down"),
    Binding("up,k", "cursor_up", N_("Up"), show=False, id="list.up"),
    Binding("g,home", "first", N_("Top"), show=False, id="list.first"),
    Binding("G,end", "last", N_("Bottom"), show=False, id="list.last"),
    Binding("pagedown", "page_down", N_("Page down"), show=False, id="list.page_down"),
    Binding("pageup", "page_up", N_("Page up"), show=False, id="list.page_up"),
]
