"""The last guard between contact data and the terminal.

Screens show untrusted text (names, notes, imported cards) through `visible()`, which
turns escape sequences into symbols. This filter runs on every line Textual draws,
so a control character that reaches any widget anyway (an Input's value, a toast, a
widget added later) is dropped instead of being sent: an OSC title change or an
OSC 52 clipboard write in a contact's name can never act on the user's terminal.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class ControlCharacterFilter(LineFilter):
    """Remove C0 and C1 control characters from the text of every drawn segment."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        search = _CONTROL.search
        if not any(search(segment.text) for segment in segments if segment.control is None):
            return segments
        return [
            Segment(_CONTROL.sub("", segment.text), segment.style)
            if segment.control is None
            else segment
            for segment in segments
        ]
