"""A checkbox that shows its state by its mark, not only by its colours."""

from __future__ import annotations

from textual.widgets import Checkbox


class TickBox(Checkbox):
    """Textual draws the X ticked and unticked alike, in two shades: with NO_COLOR
    they are nearly the same grey. Here the X is there only when ticked."""

    @property
    def BUTTON_INNER(self) -> str:
        return "X" if self.value else " "
