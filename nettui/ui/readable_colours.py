"""Colours that stay readable in a 16-colour terminal and with NO_COLOR.

A 16-colour terminal (TERM=xterm, no COLORTERM) shows each of a theme's colours as the
nearest of its 16, and two colours that differed in the theme can land on the same one
or on two the terminal draws almost alike: nettui-dark's section titles came out grey
on grey (8 on 8), nettui-light's month labels white on white (15 on 15), a tab's
underline black on black in high-contrast. NO_COLOR has the same trouble with greys:
Textual turns each colour into its grey, and the People list's cursor row drew
"online only" grey on grey (SGR 37 on 47).

Choosing theme colours that stay apart once reduced would hold only for our four
themes, not for Textual's or the user's own, and only until the next colour is added.
So this line filter runs whenever the terminal has 16 colours (and under NO_COLOR),
whatever the theme: it takes each text's colour and background as the terminal will
get them and, where they are too close, draws the text in the nearest of the 16 (the
nearest grey under NO_COLOR) that reads on that background.
"""

from __future__ import annotations

import colorsys
from functools import lru_cache

from rich.color import Color as RichColor
from rich.color import ColorSystem, ColorType
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter, monochrome_style

Rgb = tuple[int, int, int]

# The terminal picks the 16 colours' shades, and terminals differ: xterm's (white and
# bright white are 229 and 255, hardly apart) and the VGA one of the Linux console and
# many others (Rich's, which it also uses to choose the nearest). A text must read in both.
XTERM_16: tuple[Rgb, ...] = (
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
    (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0),
    (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
)  # fmt: skip
VGA_16: tuple[Rgb, ...] = (
    (0, 0, 0), (170, 0, 0), (0, 170, 0), (170, 85, 0), (0, 0, 170), (170, 0, 170),
    (0, 170, 170), (170, 170, 170), (85, 85, 85), (255, 85, 85), (85, 255, 85),
    (255, 255, 85), (85, 85, 255), (255, 85, 255), (85, 255, 255), (255, 255, 255),
)  # fmt: skip
GREYS_16 = (0, 8, 7, 15)  # black, bright black, white, bright white
# The least contrast (WCAG's ratio of luminances) between a text and its background.
MIN_CONTRAST = 2.0


def _luminance(rgb: Rgb) -> float:
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: Rgb, other: Rgb) -> float:
    """WCAG's contrast ratio: 1 for the same colour, 21 for black on white."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@lru_cache(256)
def readable_16(text: int, ground: int) -> bool:
    """Colour number `text` reads on `ground` as xterm and as the Linux console draw them."""
    return all(
        contrast(palette[text], palette[ground]) >= MIN_CONTRAST for palette in (XTERM_16, VGA_16)
    )


def _number(color: RichColor) -> int | None:
    """The number (0-15) of the colour a 16-colour terminal gets for `color`."""
    return color.downgrade(ColorSystem.STANDARD).number


def _default(color: RichColor | None) -> bool:
    """The terminal's own colour (no colour given, or "default")."""
    return color is None or color.type == ColorType.DEFAULT


def _greyish(rgb: Rgb) -> bool:
    """Hardly any colour in it (Rich counts a saturation under 15% as a grey, too)."""
    return colorsys.rgb_to_hls(*(c / 255 for c in rgb))[2] < 0.15


def _distance(one: Rgb, other: Rgb) -> float:
    """How far apart two colours look ("redmean": cheap, and closer to the eye than RGB's)."""
    mean = (one[0] + other[0]) / 2
    red, green, blue = (a - b for a, b in zip(one, other, strict=True))
    return (2 + mean / 256) * red**2 + 4 * green**2 + (2 + (255 - mean) / 256) * blue**2


class ReadableColours(LineFilter):
    """Each text drawn apart from its background, as the terminal will show them.

    `color_system` is the terminal's, as Rich named it: "standard" (16 colours),
    "256", "truecolor" or None. With `greys` (NO_COLOR) the colours are first made
    greys as Textual's Monochrome does, and a text is only ever moved to another grey.
    `dark`: the theme's, and what the terminal's own colours ("default", which the
    ANSI themes use) are taken to be in 16 colours: light on black for a dark theme,
    black on bright white for a light one (ansi-dark's blue text on a black terminal
    is hard to read in the Linux console's shades).
    """

    def __init__(
        self, color_system: str | None, greys: bool, dark: bool, enabled: bool = True
    ) -> None:
        super().__init__(enabled=enabled)
        self.sixteen_colours = color_system in ("standard", "windows")
        self.greys = greys
        self.default_text, self.default_ground = (7, 0) if dark else (0, 15)

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        readable = self._readable
        return [
            Segment(text, None if style is None else readable(style), control)
            for text, style, control in segments
        ]

    @lru_cache(4096)  # noqa: B019 - four filters for the app's life; styles are few
    def _readable(self, style: Style) -> Style:
        if self.greys:
            style = monochrome_style(style)
        text, ground = style.color, style.bgcolor
        if style.reverse:
            text, ground = ground, text
        if self.sixteen_colours:
            new = self._readable_16(text, ground)
        elif self.greys and text is not None and ground is not None:
            if _default(text) or _default(ground):
                return style
            new = self._readable_grey(text, ground)
        else:
            return style  # more colours: the theme's, which keep apart
        if new is None:
            return style
        return style + (Style(bgcolor=new) if style.reverse else Style(color=new))

    def _readable_16(self, text: RichColor | None, ground: RichColor | None) -> RichColor | None:
        """The nearest of the 16 colours that reads on `ground`, or None if `text` does."""
        text_number = self.default_text if text is None or _default(text) else _number(text)
        ground_number = (
            self.default_ground if ground is None or _default(ground) else _number(ground)
        )
        if text_number is None or ground_number is None or readable_16(text_number, ground_number):
            return None
        if text is None or text.type in (ColorType.DEFAULT, ColorType.STANDARD):
            wanted = XTERM_16[text_number]
        else:
            red, green, blue = text.get_truecolor()
            wanted = (red, green, blue)
        # A grey stays a grey: the quiet part of a tab's underline, black on black in
        # high-contrast, came out red, the nearest of all 16 to black that reads.
        choices = GREYS_16 if self.greys or _greyish(wanted) else range(16)
        number = min(
            (n for n in choices if readable_16(n, ground_number)),
            key=lambda n: _distance(wanted, XTERM_16[n]),
            default=None,
        )
        return None if number is None else RichColor.from_ansi(number)

    @staticmethod
    def _readable_grey(text: RichColor, ground: RichColor) -> RichColor | None:
        """NO_COLOR in 256 colours or more: the grey nearest to the text's that reads."""
        text_level, ground_level = text.get_truecolor().red, ground.get_truecolor().red
        if contrast((text_level,) * 3, (ground_level,) * 3) >= MIN_CONTRAST:
            return None
        # Away from the background, step by step, until it reads.
        step = 8 if ground_level < 128 else -8
        level = text_level
        while (
            contrast((level,) * 3, (ground_level,) * 3) < MIN_CONTRAST and 0 <= level + step <= 255
        ):
            level += step
        if contrast((level,) * 3, (ground_level,) * 3) < MIN_CONTRAST:
            level = 255 if step > 0 else 0
        return RichColor.from_rgb(level, level, level)
