"""The base of every screen that shows what is in the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.screen import Screen
from textual.widgets import Input, OptionList, TabbedContent
from textual.widgets.input import Selection

from nettui.ui.messages import StoreChanged
from nettui.ui.translation import translate_bindings

if TYPE_CHECKING:
    from nettui.store.repository import Repository


class StoreScreen(Screen[None]):
    """Refreshed when shown, when the user comes back to it, and when another session
    (or a CLI command) changed the database."""

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        translate_bindings(self)

    @property
    def repo(self) -> Repository:
        return self.app.repo  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        # Also the first time the screen is shown (Textual resumes a screen when it is
        # pushed or its mode switched to): filling it on mount too did the work twice.
        self.refresh_data()

    @on(StoreChanged)
    def store_changed(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Show what the store holds now."""
        raise NotImplementedError


class TabbedListScreen(StoreScreen):
    """A screen of tabs, each a list, with one filter on top ("/" focuses it).

    Subclasses name their tabs in TABS (each tab's list has the id "<tab>-list") and
    refresh their lists from the filter's text in `refresh_data`.
    """

    TABS: tuple[str, ...] = ()
    # Keys that are plain characters while the filter has focus.
    KEYS_TYPED_IN_FILTER = ("filter", "add", "next_tab", "previous_tab")

    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active or self.TABS[0]

    @property
    def current_list(self) -> OptionList:
        return self.query_one(f"#{self.tab}-list", OptionList)

    @property
    def filter_text(self) -> str:
        return self.query_one("#filter", Input).value.strip()

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        self.set_focus(field)  # now, so "/jose" typed in one burst lands in the filter
        field.selection = Selection(0, len(field.value))

    @on(Input.Changed, "#filter")
    def filter_changed(self) -> None:
        self.refresh_data()

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.set_focus(self.current_list)

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        if field.value:
            field.value = ""
        self.set_focus(self.current_list)

    def _switch(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = self.TABS[(self.TABS.index(self.tab) + step) % len(self.TABS)]
        self.set_focus(self.current_list)
        self.refresh_bindings()

    def action_next_tab(self) -> None:
        self._switch(1)

    def action_previous_tab(self) -> None:
        self._switch(-1)

    @on(TabbedContent.TabActivated)
    def tab_changed(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.KEYS_TYPED_IN_FILTER and isinstance(self.focused, Input))
