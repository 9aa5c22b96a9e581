"""The app's command palette (ctrl+p) and help (?): every action in the user's
language, each with the key that does it after the user's keymap."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.screen import Screen

from nettui.i18n import _
from nettui.ui.keys import key_text
from nettui.ui.screens.help import HelpScreen

if TYPE_CHECKING:
    from nettui.ui.sync import SyncRunner


class AppPalette(App[None]):
    """The part of NettuiApp that opens the palette and the help, and fills the palette."""

    syncing: SyncRunner  # NettuiApp's

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action in the palette: the modes, this screen's actions, then Textual's."""
        for mode, title in (
            ("dashboard", _("Dashboard")),
            ("people", _("People")),
            ("needs", _("Needs & offers")),
            ("meetups", _("Meetups")),
        ):
            key = key_text(self, f"go.{mode}")
            yield SystemCommand(
                _("Go to {screen}").format(screen=title),
                _("Switch to the {screen} screen (key {key})").format(screen=title, key=key),
                lambda mode=mode: self.switch_mode(mode),
            )
        palette_commands = getattr(screen, "palette_commands", None)
        if palette_commands is not None:
            yield from palette_commands()
        yield SystemCommand(
            _("Sync now"),
            _("With your address book and calendar, as `nettui sync` ({key} on People)").format(
                key=key_text(self, "people.sync")
            ),
            self.syncing.start,
        )
        yield SystemCommand(
            _("Help"),
            _("The keys of this screen ({key})").format(key=key_text(self, "help")),
            self.action_help,
        )
        # Textual's theme and quit commands, in the user's language. Its "Keys" panel
        # and screenshot are left out: ? is the help, and both speak only English.
        yield SystemCommand(_("Theme"), _("Change the current theme"), self.action_change_theme)
        yield SystemCommand(
            _("Quit"), _("Quit the application as soon as possible"), self.action_quit
        )

    def action_command_palette(self) -> None:
        # CommandPalette.is_open(self), which wants an App[object] (App is invariant).
        palette_open = self.screen.has_class("--textual-command-palette")
        if self.use_command_palette and not palette_open:
            self.push_screen(
                CommandPalette(placeholder=_("Search for commands…"), id="--command-palette")
            )

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=_("Search for themes…"))
        )
