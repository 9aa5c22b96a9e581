"""Help: the keys of the screen it was opened from, straight from its bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from nettui.i18n import N_, _
from nettui.ui.translation import translate_bindings

# Keys that live on widgets or on every list, shown with their meaning.
GENERAL = [
    ("1 2 3 4", N_("Dashboard, People, Needs & offers, Meetups")),
    ("ctrl+p", N_("command palette: every action by name")),
    ("↑ ↓, j/k", N_("move in a list")),
    ("g / G", N_("top / bottom of a list")),
    ("enter", N_("open what is selected")),
    ("tab / shift+tab", N_("next / previous field in a form")),
    ("escape, ctrl+g", N_("close, clear, back")),
    ("q", N_("quit (outside a text field)")),
]


def _is_ours(node: object, action: str) -> bool:
    """Is `action` implemented by nettui (not inherited from a Textual widget)?"""
    name = "action_" + action.split("(")[0].rpartition(".")[2]
    return any(
        name in vars(cls) for cls in type(node).__mro__ if cls.__module__.startswith("nettui.")
    )


class HelpScreen(ModalScreen[None]):
    """The keys of `screen`, from its active bindings, plus the keys of every screen."""

    BINDINGS = [
        Binding("escape,question_mark,q,ctrl+g", "close", N_("Close"), id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 100%; max-width: 76; height: auto; max-height: 100%;
        background: $surface; border: round $primary; padding: 0 1;
    }
    """

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        translate_bindings(self)
        self.target = screen

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Keys of this screen"), classes="title")
            with VerticalScroll():
                yield Static(self._keys_table())
            yield Static(_("escape or ? closes"), classes="muted")

    def _keys_table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        seen: set[str] = set()
        for active in self.target.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen:
                continue
            if not _is_ours(active.node, binding.action):
                continue  # Textual's generic keys (scroll left, copy...) are noise here
            if binding.action.startswith("go("):
                continue  # 1 2 3 4: under "Everywhere"
            seen.add(binding.action)
            table.add_row(Text(self.app.get_key_display(binding)), Text(binding.description))
        table.add_row("", "")
        table.add_row(Text(_("Everywhere"), style="underline"), "")
        for key, meaning in GENERAL:
            table.add_row(Text(key), Text(_(meaning)))
        return table

    def action_close(self) -> None:
        self.dismiss()
