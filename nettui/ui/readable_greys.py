"""NO_COLOR that stays readable: greys, with every text apart from its background.

Textual honours NO_COLOR by turning each colour into its grey (its Monochrome filter).
A 16-colour terminal (TERM=xterm) then shows each grey as the nearest of its four:
black, bright black, white and bright white. Two greys that differed in the theme
could land on the same one, or on white and bright white, which most terminals draw
almost alike: the People list's cursor row drew "online only" grey on grey (SGR 37 on
47) and the date 97 on 47. This filter makes the greys as Textual does, then moves
the grey of any text too close to its background's, as the terminal will show them,
to the nearest grey that reads.
"""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color as RichColor
from rich.color import ColorSystem, ColorType
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter, monochrome_style

# The four greys of a 16-colour terminal, as xterm draws them (most terminals are
# close): (SGR colour number, its level). White and bright white are 229 and 255:
# hardly apart, which is why they count as the same here.
STANDARD_GREYS = ((0, 0), (8, 127), (7, 229), (15, 255))
# The least contrast (WCAG's ratio of luminances) between a text and its background.
MIN_CONTRAST = 2.0


def _luminance(level: int) -> float:
    channel = level / 255
    return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4


def contrast(level: int, other: int) -> float:
    """WCAG's contrast ratio of two greys (0-255): 1 for the same, 21 for black on white."""
    light, dark = sorted((_luminance(level), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _standard_level(color: RichColor) -> int | None:
    """The level of the grey a 16-colour terminal shows for `color`, or None (not a grey)."""
    number = color.downgrade(ColorSystem.STANDARD).number
    return dict(STANDARD_GREYS).get(number if number is not None else -1)


def _level(color: RichColor) -> int:
    red, _green, _blue = color.get_truecolor()
    return red  # a grey: its three channels are the same


class ReadableGreys(LineFilter):
    """Monochrome (Textual's NO_COLOR), with each text readable over its background.

    `color_system` is the terminal's, as Rich named it: "standard" (16 colours),
    "256", "truecolor" or None.
    """

    def __init__(self, color_system: str | None, enabled: bool = True) -> None:
        super().__init__(enabled=enabled)
        self.sixteen_colours = color_system in ("standard", "windows")

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        readable = self._readable
        return [
            Segment(text, None if style is None else readable(style), control)
            for text, style, control in segments
        ]

    @lru_cache(1024)  # noqa: B019 - one filter for the app's life; styles are few
    def _readable(self, style: Style) -> Style:
        grey = monochrome_style(style)
        text, ground = grey.color, grey.bgcolor
        if grey.reverse:
            text, ground = ground, text
        if text is None or ground is None or ColorType.DEFAULT in (text.type, ground.type):
            return grey  # the terminal's own colours: its pair, readable
        if self.sixteen_colours:
            text_level, ground_level = _standard_level(text), _standard_level(ground)
            if text_level is None or ground_level is None:
                return grey
            if contrast(text_level, ground_level) >= MIN_CONTRAST:
                return grey
            # The readable grey nearest to the text's own.
            number = min(
                (n for n, level in STANDARD_GREYS if contrast(level, ground_level) >= MIN_CONTRAST),
                key=lambda n: abs(dict(STANDARD_GREYS)[n] - text_level),
            )
            new = RichColor.from_ansi(number)
        else:
            text_level, ground_level = _level(text), _level(ground)
            if contrast(text_level, ground_level) >= MIN_CONTRAST:
                return grey
            # Away from the background, step by step, until it reads.
            step = 8 if ground_level < 128 else -8
            level = text_level
            while contrast(level, ground_level) < MIN_CONTRAST and 0 <= level + step <= 255:
                level += step
            if contrast(level, ground_level) < MIN_CONTRAST:
                level = 255 if step > 0 else 0
            new = RichColor.from_rgb(level, level, level)
        if grey.reverse:
            return grey + Style(bgcolor=new)
        return grey + Style(color=new)
