"""One line of plain text that changes often: the People summary, on every key typed."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from nettui.ui.textual_compat import laid_out_size
from nettui.ui.widgets.drawn_lines import DrawnLines, fit_cells


class TextLine(DrawnLines, Widget):
    """A line of text in the widget's own style, cut with "…" when it is too long.

    A Static lays its text out through Rich on every change, a visible part of each
    key typed in the filter, for a line whose text is only counts. This one makes the
    line once per text and width (kept as drawn: KEEPS_LINES)."""

    DEFAULT_CSS = "TextLine { height: 1; }"
    KEEPS_LINES = True

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._text = text
        self._style: Style | None = None  # Textual works it out anew on each call

    @property
    def text(self) -> str:
        return self._text

    def update(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = None  # the theme or a class changed

    def render_line(self, y: int) -> Strip:
        width = laid_out_size(self).width
        if self._style is None:
            self._style = self.rich_style
        if y:
            return Strip.blank(width, self._style)
        return Strip([Segment(fit_cells(self._text, width), self._style)], width)
