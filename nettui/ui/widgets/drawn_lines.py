"""Line views whose lines go to the screen as they draw them.

Textual passes each line a widget draws through its styles (borders, padding, tint,
opacity) and keeps it: about 50 us a line, 1 to 2 ms of a key that changed the whole
People list. A view with none of those styles hands its lines over itself; the app's
line filters (NO_COLOR's greys, the 16-colour palette) still apply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Region
from textual.strip import Strip

if TYPE_CHECKING:
    from textual.widget import Widget as _MixedIntoWidget
else:  # a plain mixin: a Widget base here would hide the view's own COMPONENT_CLASSES
    _MixedIntoWidget = object


class DrawnLines(_MixedIntoWidget):
    """render_lines for a view that draws whole lines of its width in render_line.

    Textual's pass also kept lines that had not changed; the view keeps what it needs
    (its rows, its laid-out page), so an unchanged line costs it a look-up."""

    def render_lines(self, crop: Region) -> list[Strip]:
        styles = self.styles
        if styles.gutter or styles.tint.a or styles.text_opacity != 1 or self.opacity != 1:
            return super().render_lines(crop)
        filters = self.get_line_filters()
        background = self.background_colors[1]
        strips = []
        for y in crop.line_range:
            strip = self.render_line(y)
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            strips.append(strip)
        x1, x2 = crop.column_span
        if (x1, x2) != (0, self.size.width):
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips
