"""The strip at the top of every main screen: the four modes and their keys."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from nettui.i18n import N_, _

MODES = (
    ("1", "dashboard", N_("Dashboard")),
    ("2", "people", N_("People")),
    ("3", "needs", N_("Needs & offers")),
    ("4", "meetups", N_("Meetups")),
)


class ModeBar(Static):
    """`1 Dashboard  2 People  3 Needs & offers  4 Meetups`, the current one lit."""

    DEFAULT_CSS = """
    ModeBar { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, current: str, note: str = "") -> None:
        super().__init__()
        self.current = current
        self.note = note

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("nettui ", style="bold")
        for key, mode, label in MODES:
            style = "bold reverse" if mode == self.current else ""
            text.append(f" {key} ", style="bold" if mode != self.current else "bold reverse")
            text.append(f"{_(label)} ", style=style)
        if self.note:
            text.append(f"  {self.note}", style="italic")
        return text
