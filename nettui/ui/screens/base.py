"""The base of every screen that shows what is in the store."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual import on
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TabbedContent
from textual.widgets.input import Selection

from nettui.i18n import N_, _
from nettui.ui.context import AppContext
from nettui.ui.messages import StoreChanged
from nettui.ui.textual_compat import own_bindings, start_styled_as_app
from nettui.ui.translation import translate_bindings
from nettui.ui.widgets.filter_bar import FilterInput


class StoreScreen(AppContext, Screen[None]):
    """Refreshed when shown, when the user comes back to it, and when another session
    (or a CLI command) changed the database."""

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        translate_bindings(self)
        # Otherwise Textual restyles the whole app, twice, on the first visit to each
        # mode (see start_styled_as_app).
        start_styled_as_app(self)

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


def clear_filter_binding(screen: str) -> Binding:
    """Escape (and ctrl+g) clears a filtered screen's filter; its id is "<screen>.clear".

    A priority binding, so that it runs as the key arrives: see FilteredScreen's
    check_action and action_clear_filter."""
    return Binding(
        "escape,ctrl+g",
        "clear_filter",
        N_("Clear filter"),
        show=False,
        priority=True,
        id=f"{screen}.clear",
    )


# Enter in a filter: to the list. A priority binding, so that it runs as the key
# arrives: see FilterInput. (So is each screen's clear_filter_binding.)
LEAVE_FILTER_BINDING = Binding(
    "enter", "leave_filter", N_("To the list"), priority=True, id="filter.leave"
)


class FilteredScreen(StoreScreen):
    """A store screen with a filter (a FilterBar, whose Input has the id "filter") over
    a list: "/" focuses it, typing narrows the list (the bar calls `filter_changed`;
    refresh_data reads `filter_text`), enter goes back to the list, escape clears it.

    Subclasses that override check_action ask this one first."""

    BINDINGS = [LEAVE_FILTER_BINDING]

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        # Escape in the filter, shown in the footer (blank while typing, as Textual
        # leaves out the letter keys the field takes). First among escape's bindings:
        # a subclass's own escape (clear_filter_binding) replaces a base class's.
        # It has the id of the screen's clear_filter_binding: a keymap moves both.
        bindings = own_bindings(self).key_to_bindings  # a copy per screen; its lists are not
        clear_id = next(
            (b.id for b in bindings.get("escape", []) if b.action == "clear_filter"), None
        )
        shown = Binding(
            "escape", "clear_filter_shown", _("Clear filter"), priority=True, id=clear_id
        )
        bindings["escape"] = [shown, *bindings.get("escape", [])]

    @property
    def filter_input(self) -> FilterInput:
        return self.query_one("#filter", FilterInput)

    @property
    def filter_text(self) -> str:
        return self.filter_input.value.strip()

    @property
    def filtered_list(self) -> Widget:
        """The list the filter narrows, which gets the focus back."""
        raise NotImplementedError

    def action_filter(self) -> None:
        field = self.filter_input
        self.set_focus(field)  # now, so "/jose" typed in one burst lands in the filter
        # Typing replaces the old filter; done here, not on the Focus event, which
        # arrives after the burst and would select what was just typed.
        field.selection = Selection(0, len(field.value))

    def filter_changed(self) -> None:
        if self.is_mounted:
            self.refresh_data()

    def action_leave_filter(self) -> None:
        self.filter_input.leave(self.filtered_list)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_filter":  # enter anywhere else is that widget's
            return isinstance(self.focused, FilterInput)
        if action == "clear_filter_shown":
            return isinstance(self.focused, FilterInput)
        if action == "clear_filter":
            # A priority binding (see action_clear_filter): a focused widget with an
            # escape of its own (a person's page: back) keeps it.
            focused = self.focused
            own_keys = own_bindings(focused).key_to_bindings if focused is not None else {}
            return not any(key in own_keys for key in ("escape", "ctrl+g"))
        return True

    def action_clear_filter_shown(self) -> None:
        self.action_clear_filter()

    def action_clear_filter(self) -> None:
        if isinstance(self.focused, FilterInput):
            # Cleared in the order typed, as enter leaves: "/mar" then ctrl+g j j in one
            # burst typed "jj" in the filter before clearing it, and the cursor went
            # back to the top, not two rows down from María.
            self.focused.leave(self.filtered_list, clear=True)
            return
        if self.filter_input.value:
            self.filter_input.value = ""
        self.set_focus(self.filtered_list)


# The kind of list each tab holds (an OptionList on Meetups, an EntryList on Needs).
ListWidget = TypeVar("ListWidget", bound=Widget)


class TabbedListScreen(FilteredScreen, Generic[ListWidget]):
    """A screen of tabs, each a list, with one filter on top ("/" focuses it).

    Subclasses name their tabs in TABS (each tab's list has the id "<tab>-list") and
    refresh their lists from the filter's text in `refresh_data`.
    """

    TABS: tuple[str, ...] = ()
    # Keys that are plain characters while the filter has focus.
    KEYS_TYPED_IN_FILTER: tuple[str, ...] = ("filter", "add", "next_tab", "previous_tab")

    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active or self.TABS[0]

    @property
    def current_list(self) -> ListWidget:
        """The list of the tab in front (its id is "<tab>-list")."""
        raise NotImplementedError

    @property
    def filtered_list(self) -> ListWidget:
        return self.current_list

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
        if not super().check_action(action, parameters):
            return False
        return not (action in self.KEYS_TYPED_IN_FILTER and isinstance(self.focused, Input))
