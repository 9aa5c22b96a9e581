"""The one-line filter above a list: "/" focuses it, typing narrows the list."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Label

from nettui.i18n import _
from nettui.ui.widgets.fields import Field


class FilterInput(Field):
    """An Input that calls `on_change` as its text changes, in the same frame as the
    key: Textual's Changed message reached the screen after a first frame (the key
    alone), so the list came a frame, about 16 ms and 3 KB, later."""

    # Input sets its virtual size (its text's width) on every change; Textual's own
    # declaration lays the whole screen out for it (about 2 ms a key). This field's
    # size never depends on its text, so the change repaints it alone.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, on_change: Callable[[], None], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._on_change = on_change

    def watch_value(self) -> None:
        self._on_change()


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
