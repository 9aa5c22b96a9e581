"""The footer of every screen: the keys that work here, in as little room as it takes.

One widget that draws one line, not Textual's Footer: that one mounts a widget per
key and recomposes them whenever the bindings change, which cost about 60 ms of
styling and layout each time a screen was opened or the focus moved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.binding import ActiveBinding
    from textual.screen import Screen

# Below this width the palette's hint (^p) leaves the footer, so that every key of a
# screen fits in 80 columns, in Spanish too; ctrl+p still works and ? lists it.
PALETTE_HINT_MIN_WIDTH = 100


class KeyFooter(Widget, can_focus=False):
    """`e Edit l Log ...`: the screen's shown bindings (dim when they do nothing now),
    and the palette's key on the right when there is room."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description", "key-footer--disabled"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyFooter > .key-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyFooter > .key-footer--disabled { text-style: dim; }
    """

    def __init__(self) -> None:
        super().__init__()
        # (first cell, last cell + 1, key) of each key drawn, for clicks.
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen:
            self.refresh()

    def _keys(self, active: dict[str, ActiveBinding]) -> list[tuple[str, str, str, bool]]:
        """(key, how it is shown, description, enabled) of each shown binding, one per
        action, but the palette's."""
        keys, actions = [], set()
        palette = self.app.COMMAND_PALETTE_BINDING
        for key, (_node, binding, enabled, _tooltip) in active.items():
            if not binding.show or binding.action in actions or key == palette:
                continue
            actions.add(binding.action)
            keys.append((key, self.app.get_key_display(binding), binding.description, enabled))
        return keys

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        disabled_style = self.get_component_rich_style("key-footer--disabled", partial=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        active = self.screen.active_bindings  # asks every action's check_action: once
        for key, shown, description, enabled in self._keys(active):
            start = line.cell_len
            line.append(shown, key_style if enabled else key_style + disabled_style)
            line.append(
                f" {description}",
                description_style if enabled else description_style + disabled_style,
            )
            self._spans.append((start, line.cell_len, key))
            line.append(" ")
        width = self.size.width
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if (
            palette is not None
            and self.app.ENABLE_COMMAND_PALETTE
            and width >= PALETTE_HINT_MIN_WIDTH
        ):
            binding = palette[1]
            hint = f"▏{self.app.get_key_display(binding)} {binding.description}"
            gap = width - line.cell_len - cell_len(hint)
            if gap > 0:
                line.append(" " * gap)
                start = line.cell_len + 1
                line.append("▏")
                line.append(self.app.get_key_display(binding), key_style)
                line.append(f" {binding.description}", description_style)
                self._spans.append((start, line.cell_len, binding.key))
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
