"""The base of every screen that shows what is in the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.screen import Screen

from nettui.ui.messages import StoreChanged

if TYPE_CHECKING:
    from nettui.store.repository import Repository


class StoreScreen(Screen[None]):
    """Refreshed when shown, when the user comes back to it, and when another session
    (or a CLI command) changed the database."""

    @property
    def repo(self) -> Repository:
        return self.app.repo  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    @on(StoreChanged)
    def store_changed(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Show what the store holds now."""
        raise NotImplementedError
