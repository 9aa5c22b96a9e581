"""Every use of a private Textual name, in one place.

Textual (pinned to ~=8.2 in pyproject.toml) keeps these names to itself and may
change them in any release. Each one is here as a small named function or mixin
that says why nettui needs it; tests/ui/test_textual_compat.py has a canary for
each, which names the private name when a new Textual no longer has it. Nowhere
else in nettui touches a Textual name that starts with "_". See
docs/architecture.md ("Textual internals").
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from textual import events
from textual._xterm_parser import XTermParser
from textual.binding import BindingsMap
from textual.content import Content
from textual.dom import DOMNode
from textual.geometry import Region, Size
from textual.widget import Widget
from textual.widgets import Input, Tab
from textual.widgets._tabs import Underline

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    _MixedIntoWidget = Widget
    _MixedIntoScreen = Screen
else:  # plain mixins: a Widget base here would hide the widget's COMPONENT_CLASSES
    _MixedIntoWidget = object
    _MixedIntoScreen = object

__all__ = [
    "EarlyKeysAndPastes",
    "RepaintOnceAfterFullRepaint",
    "XTermParser",
    "active_keymap",
    "cursor_shown",
    "install_input_parser",
    "laid_out_size",
    "make_mode_screen",
    "own_bindings",
    "set_tab_label_quietly",
    "start_styled_as_app",
    "suggestion_shown",
    "widen_tab_underline",
]


def laid_out_size(widget: Widget) -> Size:
    """`widget._size`: the size as laid out. The public `size` finds the region
    through the screen on each call, and line views ask for it on every line they
    draw (they have no border or padding, so the two are the same)."""
    return widget._size


def own_bindings(node: DOMNode) -> BindingsMap:
    """`node._bindings`: the node's own bindings (a copy per instance), before the
    user's keymap. Translated in place (translation.py), and read to see whether a
    focused widget has a key of its own."""
    return node._bindings


def active_keymap(app: App[Any]) -> Mapping[str, str]:
    """`app._keymap`: the keymap set with App.set_keymap (binding id -> keys), as
    Textual normalised it. Textual has a setter and no getter; a field that runs its
    own bindings as the key arrives must apply the keymap as Textual would."""
    return app._keymap


def suggestion_shown(field: Input) -> bool:
    """`Input._suggestion`: is a suggestion drawn after the text? Then the field is
    Input's own to draw (FilterInput draws only the plain case)."""
    return bool(field._suggestion)


def cursor_shown(field: Input) -> bool:
    """`Input._cursor_visible`: is the cursor drawn now (the blink's phase)?"""
    return bool(field._cursor_visible)


def start_styled_as_app(screen: Screen[Any]) -> None:
    """Write the app's `_css_update_count` to a new screen's. A new screen's counter
    starts at -1, so the first time it is shown Textual re-parses every stylesheet
    and restyles the whole app, twice. A new screen is styled as it mounts, with the
    theme of the moment, so it starts out current. (A theme change still restyles
    it: the app's counter moves on.)"""
    if isinstance(getattr(screen, "_css_update_count", None), int):
        screen._css_update_count = screen.app._css_update_count


def make_mode_screen(app: App[Any], mode: str) -> bool:
    """`App._init_mode`: make a mode's screen now, in a quiet moment, not on its
    first visit (Textual makes it only when first shown). False if Textual no longer
    has it: then the first visit makes the screen, as Textual does by itself."""
    make = getattr(app, "_init_mode", None)
    if make is None:
        return False
    make(mode)
    return True


def set_tab_label_quietly(tab: Tab, label: Content) -> None:
    """`Tab._label`: what `Tab.label` returns, set without `Tab.update`, which posts
    Tab.Relabelled (Tabs then slides the underline for a few frames) and lays the
    screen out again. The caller updates the tab's text itself (Static.update)."""
    tab._label = label


def widen_tab_underline(tabs: Widget, start: int, end: int) -> None:
    """`Underline` (textual.widgets._tabs): the bar under the tab in front spans its
    tab's cells; when a tab is widened in place (set_tab_label_quietly, no layout),
    its span moves by hand: `start` cells at its start, `end` at its end."""
    underline = tabs.query_one(Underline)
    underline.highlight_start += start
    underline.highlight_end += end


def install_input_parser(parser: type[XTermParser]) -> int:
    """Make Textual's terminal drivers read input with `parser`, a subclass of the
    private XTermParser: the drivers make their parser by that module-level name.
    Returns how many drivers now use it (0: a Textual that moved the name; pastes
    then go back to Textual's own handling)."""
    from textual.drivers import linux_driver, linux_inline_driver

    installed = 0
    for module in (linux_driver, linux_inline_driver):
        current = getattr(module, "XTermParser", None)
        if isinstance(current, type) and issubclass(current, XTermParser):
            setattr(module, "XTermParser", parser)  # noqa: B010 - a private name
            installed += 1
    return installed


class EarlyKeysAndPastes(_MixedIntoWidget):
    """Textual's private handler names `_on_key` and `_on_paste`: Textual calls each
    class's handler along the MRO, the private one before the public, until one
    prevents the default. A class with this mixin first in its bases sees a key or
    a paste before the widget's own handling does, in `key_first` and `paste_first`
    (public names of ours: override them and call super)."""

    async def _on_key(self, event: events.Key) -> None:
        await self.key_first(event)

    def _on_paste(self, event: events.Paste) -> Any:
        # Any: Input's handler is a function, TextArea's a coroutine; this one runs
        # before either and returns nothing.
        self.paste_first(event)

    async def key_first(self, event: events.Key) -> None:
        """A key, before the widget's own handling (stop it and prevent the default
        to keep it from the widget)."""

    def paste_first(self, event: events.Paste) -> None:
        """A paste, before the widget's own handling (it may change event.text)."""


class RepaintOnceAfterFullRepaint(_MixedIntoScreen):
    """Overrides the private `Widget._exchange_repaint_regions` and clears the
    private `_repaint_regions` of the screen's widgets. When Textual repaints the
    whole screen it drops the updates its widgets asked for meanwhile, but they
    stayed with the widgets and went out again with their next change: the first
    move after clearing the People filter resent the whole list. This frame draws
    all of it, so they are cleared."""

    def _exchange_repaint_regions(self) -> Collection[Region]:
        regions = super()._exchange_repaint_regions()
        if any(region.size == self.outer_size for region in regions):
            for widget in self.walk_children(Widget):
                widget._repaint_regions.clear()
        return regions
