"""The footer of every screen: the keys that work here, in as little room as it takes."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

# Below this width the palette's hint (^p) leaves the footer, so that every key of a
# screen fits in 80 columns, in Spanish too; ctrl+p still works and ? lists it.
PALETTE_HINT_MIN_WIDTH = 100


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True)

    def on_resize(self, event: events.Resize) -> None:
        self.show_command_palette = event.size.width >= PALETTE_HINT_MIN_WIDTH
