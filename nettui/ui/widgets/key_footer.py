"""The footer of every screen: the keys that work here, in as little room as it takes.

One widget that draws one line, not Textual's Footer: that one mounts a widget per
key and recomposes them whenever the bindings change: styling and layout each time a
screen was opened or the focus moved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.strip import Strip
from textual.widget import Widget

from nettui.ui.textual_compat import laid_out_size
from nettui.ui.widgets.drawn_lines import DrawnLines

if TYPE_CHECKING:
    from textual.binding import ActiveBinding, Binding
    from textual.screen import Screen

# Below this width the palette's hint (^p) leaves the footer, so that every key of a
# screen fits in 80 columns, in Spanish too; ctrl+p still works and ? lists it.
PALETTE_HINT_MIN_WIDTH = 100


class KeyFooter(DrawnLines, Widget, can_focus=False):
    """`e Edit l Log ...`: the screen's shown bindings (dim when they do nothing now),
    and the palette's key on the right when there is room."""

    ALLOW_SELECT = False
    KEEPS_LINES = True  # redrawn when the bindings change (_bindings_changed)
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
        self._styles: dict[str, Style] | None = None

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
        for key, (_node, binding, enabled, _tooltip) in active.items():
            if not binding.show or binding.action in actions or _is_palette(binding):
                continue
            actions.add(binding.action)
            keys.append((key, self.app.get_key_display(binding), binding.description, enabled))
        return keys

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None

    def _footer_styles(self) -> dict[str, Style]:
        """The footer's Rich styles, kept until the styles change: Textual forgets
        them at every repaint, and finding them again was a third of a redraw."""
        if self._styles is None:
            key = self.get_component_rich_style("key-footer--key")
            description = self.get_component_rich_style("key-footer--description")
            disabled = self.get_component_rich_style("key-footer--disabled", partial=True)
            self._styles = {
                "base": self.rich_style,
                "key": key,
                "description": description,
                "key off": key + disabled,
                "description off": description + disabled,
            }
        return self._styles

    def render_line(self, y: int) -> Strip:
        # Segments straight to the screen (DrawnLines): a Rich Text laid out by Textual
        # took its time whenever the keys changed (a page opened, the focus moved).
        width = laid_out_size(self).width
        styles = self._footer_styles()
        if y:
            return Strip.blank(width, styles["base"])
        segments: list[Segment] = []
        spans: list[tuple[int, int, str]] = []
        cells = 0

        def add(text: str, style: str) -> None:
            nonlocal cells
            segments.append(Segment(text, styles[style]))
            cells += cell_len(text)

        active = self.screen.active_bindings  # asks every action's check_action: once
        for key, shown, description, enabled in self._keys(active):
            start = cells
            add(shown, "key" if enabled else "key off")
            add(f" {description}", "description" if enabled else "description off")
            spans.append((start, cells, key))
            add(" ", "base")
        # The palette's key as the keymap has it (the first, if it has several).
        palette = next((b for b in active.values() if _is_palette(b.binding)), None)
        if (
            palette is not None
            and self.app.ENABLE_COMMAND_PALETTE
            and width >= PALETTE_HINT_MIN_WIDTH
        ):
            binding = palette[1]
            shown = self.app.get_key_display(binding)
            gap = width - cells - cell_len(f"▏{shown} {binding.description}")
            if gap > 0:
                add(" " * gap, "base")
                add("▏", "base")
                start = cells
                add(shown, "key")
                add(f" {binding.description}", "description")
                spans.append((start, cells, binding.key))
        self._spans = spans
        # The rest of the line in the background alone, as Textual padded the Text.
        rest = Style.from_color(bgcolor=styles["base"].bgcolor)
        return Strip(segments, cells).crop(0, width).extend_cell_length(width, rest)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return


def _is_palette(binding: Binding) -> bool:
    return binding.action in ("command_palette", "app.command_palette")
