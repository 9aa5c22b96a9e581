"""A checkbox that shows its state by its mark, not only by its colours."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """Textual draws the X ticked and unticked alike, in two shades: with NO_COLOR
    they are nearly the same grey. Here the X is there only when ticked."""

    def render(self) -> Content:
        # Set on each drawing (a change of value redraws): Checkbox reads it there.
        self.BUTTON_INNER = "X" if self.value else " "
        return super().render()
