"""Line views whose lines go to the screen as they draw them.

Textual passes each line a widget draws through its styles (borders, padding, tint,
opacity) and keeps it, line by line: a large part of a key that changed the whole
People list. A view with none of those styles hands its lines over itself; the app's
line filters (NO_COLOR's greys, the 16-colour palette) still apply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Self

from rich.cells import cell_len, set_cell_size
from textual.color import Color
from textual.geometry import Region, Size
from textual.strip import Strip

from nettui.ui.textual_compat import laid_out_size

if TYPE_CHECKING:
    from textual.widget import Widget as _MixedIntoWidget
else:  # a plain mixin: a Widget base here would hide the view's own COMPONENT_CLASSES
    _MixedIntoWidget = object


def fit_cells(text: str, width: int) -> str:
    """`text` cut (with "…") or padded to exactly `width` cells."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


class DrawnLines(_MixedIntoWidget):
    """render_lines for a view that draws whole lines of its width in render_line.

    Textual's pass also kept lines that had not changed; the view keeps what it needs
    (its rows, its laid-out page), so an unchanged line costs it a look-up.

    A view whose lines change only when it calls refresh() (none scrolls by itself)
    sets KEEPS_LINES: each line is kept as drawn until refresh() names it. Textual asks
    a view for all its lines whenever anything on screen changed, and a key typed in
    the People filter changed one of its lines (look-ups of every line, every frame)."""

    KEEPS_LINES: ClassVar[bool] = False

    # (Textual's pass is needed, the background): both change only with the styles,
    # and finding them on every frame was a cost of its own.
    _drawn_look: tuple[bool, Color] | None = None
    # The lines kept (KEEPS_LINES) and the size they were drawn at.
    _kept: dict[int, Strip] | None = None
    _kept_for: Size | None = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn_look = None
        self._kept = None

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        kept = self._kept
        if kept:
            if regions:
                for region in regions:
                    for y in region.line_range:
                        kept.pop(y, None)
            else:
                kept.clear()
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._drawn_look is None:
            styles = self.styles
            styled = bool(
                styles.gutter or styles.tint.a or styles.text_opacity != 1 or self.opacity != 1
            )
            self._drawn_look = (styled, self.background_colors[1])
        styled, background = self._drawn_look
        if styled:
            return super().render_lines(crop)
        size = laid_out_size(self)  # no gutter: the size as laid out
        kept = None
        if self.KEEPS_LINES:
            if self._kept is None or self._kept_for != size:
                self._kept, self._kept_for = {}, size
            kept = self._kept
        filters = self.get_line_filters()
        strips = []
        for y in crop.line_range:
            strip = kept.get(y) if kept is not None else None
            if strip is None:
                strip = self.render_line(y)
                for line_filter in filters:
                    strip = strip.apply_filter(line_filter, background)
                if kept is not None:
                    kept[y] = strip
            strips.append(strip)
        x1, x2 = crop.column_span
        if (x1, x2) != (0, size.width):
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips
