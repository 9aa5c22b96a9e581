"""Help: the keys of the screen it was opened from, straight from its bindings."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from nettui.i18n import N_, _
from nettui.ui.keys import key_name, keys_of
from nettui.ui.translation import translate_bindings

# Keys that live on widgets or on every list, shown with their meaning. Each row's
# keys come from bindings (after the user's keymap): groups of (binding id, which of
# its keys), each group joined by its separator, the groups by ", ".
Group = tuple[str, tuple[tuple[str, int], ...]]
GENERAL: list[tuple[tuple[Group, ...], str]] = [
    (
        ((" ", (("go.dashboard", 0), ("go.people", 0), ("go.needs", 0), ("go.meetups", 0))),),
        N_("Dashboard, People, Needs & offers, Meetups"),
    ),
    (((" ", (("palette", 0),)),), N_("command palette: every action by name")),
    (
        ((" ", (("list.up", 0), ("list.down", 0))), ("/", (("list.down", 1), ("list.up", 1)))),
        N_("move in a list"),
    ),
    (((" / ", (("list.first", 0), ("list.last", 0))),), N_("top / bottom of a list")),
    (((" ", (("people.open", 0),)),), N_("open what is selected")),
    (
        ((" / ", (("form.next_field", 0), ("form.previous_field", 0))),),
        N_("next / previous field in a form"),
    ),
    (((", ", (("person.back", 0), ("person.back", 1))),), N_("close, clear, back")),
    (((" ", (("quit", 0),)),), N_("quit (outside a text field)")),
]


def general_keys(app: App[Any], groups: tuple[Group, ...]) -> str:
    """A general row's keys, as the keymap has them ("↑ ↓, j/k")."""
    shown = []
    for separator, wanted in groups:
        names = []
        for binding_id, index in wanted:
            keys = keys_of(app, binding_id)
            if index < len(keys):
                names.append(key_name(keys[index]))
        if names:
            shown.append(separator.join(names))
    return ", ".join(shown)


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
            yield Static(self._closes(), classes="muted")

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
        for groups, meaning in GENERAL:
            table.add_row(Text(general_keys(self.app, groups)), Text(_(meaning)))
        return table

    def _closes(self) -> str:
        """ "escape or ? closes", with the keys the keymap gives."""
        keys = keys_of(self.app, "help.close")
        if len(keys) >= 2:
            return _("{key} or {other} closes").format(
                key=key_name(keys[0]), other=key_name(keys[1])
            )
        return _("{key} closes").format(key=key_name(keys[0]) if keys else "?")

    def action_close(self) -> None:
        self.dismiss()
