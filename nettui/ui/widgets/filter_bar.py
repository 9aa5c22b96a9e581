"""The one-line filter above a list: "/" focuses it, typing narrows the list."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Label

from nettui.i18n import _
from nettui.ui.textual_compat import cursor_shown, laid_out_size, suggestion_shown
from nettui.ui.widgets.drawn_lines import DrawnLines
from nettui.ui.widgets.fields import Field


class FilterInput(DrawnLines, Field):
    """An Input that calls `on_change` as its text changes, in the same frame as the
    key: Textual's Changed message reached the screen after a first frame (the key
    alone), so the list came a frame later, with a frame's bytes more. (It still posts
    Changed, which no one handles: dropping it made no difference measured.)

    Enter leaves it for the list in the order typed ("/mar<enter>jj" in one burst):
    the screen calls `leave`, which posts Leave here, behind the letters already
    queued, and the keys that reach this field after it left (typed after enter,
    while it still had the focus) go back to the app, which hands them to the list.
    """

    class Leave(Message):
        """Give the focus to `to` once the keys typed before enter (or escape, which
        also clears the field: `clear`) are in."""

        def __init__(self, to: Widget, clear: bool = False) -> None:
            super().__init__()
            self.to = to
            self.clear = clear

    # Input sets its virtual size (its text's width) on every change; Textual's own
    # declaration lays the whole screen out for it on every key. This field's
    # size never depends on its text, so the change repaints it alone.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    _styles_drawn_with: tuple[Style, Style, Style] | None = None  # see _drawn_styles

    def __init__(self, on_change: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_change = on_change
        self._left = False  # enter gave the focus away; keys still reaching here follow it

    def watch_value(self) -> None:
        self._on_change()

    def render_line(self, y: int) -> Strip:
        """The line Input draws, made from plain segments: Input lays it out through
        Rich's console, a visible part of each key typed. The empty field (its
        placeholder) and what the filter never uses are left to Input. Cut to the
        field's width (Input's line has a cell more, for the cursor, that Textual's
        pass used to cut): the line goes to the screen as it is (DrawnLines)."""
        return self._input_line(y).crop(0, laid_out_size(self).width)

    def _input_line(self, y: int) -> Strip:
        value = self.value
        # Rich drops control codes and expands tabs: such a value is Input's to draw.
        if (
            y
            or not value
            or not value.isprintable()
            or self.password
            or self.highlighter
            or suggestion_shown(self)
        ):
            return super().render_line(y)
        if self.has_focus:
            cursor = self.cursor_position if cursor_shown(self) else -1
            start, end = sorted(self.selection)
        else:
            cursor, start, end = -1, 0, 0
        if cursor == len(value):
            value += " "  # the cursor after the last letter
        base, selected, under_cursor = self._drawn_styles()

        def style_at(index: int) -> Style | None:
            # Rich adds the cursor's style over the selection's, as Input asks it to.
            marked = [
                style
                for style, applies in (
                    (selected, start <= index < end),
                    (under_cursor, index == cursor),
                )
                if applies
            ]
            return Style.combine(marked) if marked else None

        # One segment for each run of letters with the same marks.
        marks = (cursor, cursor + 1, start, end)
        cuts = sorted({0, len(value), *(c for c in marks if 0 < c < len(value))})
        segments = [Segment(value[left:right], style_at(left)) for left, right in pairwise(cuts)]
        width = self.scrollable_content_region.width + 1
        scroll_x = self.scroll_offset.x
        strip = Strip(segments).crop(scroll_x, scroll_x + width).extend_cell_length(width)
        return strip.apply_style(base)

    def _drawn_styles(self) -> tuple[Style, Style, Style]:
        """(the field's, the selection's, the cursor's) Rich styles. Textual forgets
        them on every repaint and finding them again was a part of each key; they
        change only with the styles (the theme, the focus)."""
        if self._styles_drawn_with is None:
            self._styles_drawn_with = (
                self.rich_style,
                self.get_component_rich_style("input--selection"),
                self.get_component_rich_style("input--cursor"),
            )
        return self._styles_drawn_with

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles_drawn_with = None

    def leave(self, to: Widget, clear: bool = False) -> None:
        """Give the focus to `to` (and empty the field if `clear`) once the keys already
        on their way to this field are in: a message to itself, queued behind them."""
        self.post_message(self.Leave(to, clear))

    def _on_filter_input_leave(self, message: Leave) -> None:
        message.stop()
        if self._left and not message.clear:
            # A second enter, typed before the first had moved the focus ("/nunez" then
            # enter enter in one burst): the list's own, which opens the person.
            self.app.post_message(events.Key("enter", None))
            return
        if message.clear:
            self.value = ""
        self._left = True
        self.screen.set_focus(message.to)

    def on_focus(self) -> None:
        self._left = False

    async def key_first(self, event: events.Key) -> None:
        if self._left:
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
        await super().key_first(event)


class FilterBar(Horizontal):
    """`Filter [.....]`: a compact FilterInput with id "filter" and a label."""

    DEFAULT_CSS = """
    FilterBar { height: 1; margin: 1 0 0 0; }
    FilterBar > Label { padding: 0 0 0 1; color: $text-muted; }
    FilterBar > Input { width: 1fr; }
    """

    def __init__(self, placeholder: str, on_change: Callable[[], None]) -> None:
        super().__init__()
        self.placeholder = placeholder
        self.on_change = on_change

    def compose(self) -> ComposeResult:
        yield Label(_("Filter") + " ")
        # select_on_focus is off: the screen selects the old text itself when "/" is
        # pressed, because the Focus event arrives after keys typed in the same burst.
        field = FilterInput(
            self.on_change,
            placeholder=self.placeholder,
            id="filter",
            compact=True,
            select_on_focus=False,
        )
        field.cursor_blink = False  # over ssh a blink is a write every half second, forever
        yield field
