"""Bracketed pastes that hold escape sequences stay pastes.

Textual's input parser (8.x) reads an ESC inside a bracketed paste as the start of a
key's sequence and hands what follows to the app as keys: pasting
"\\x1b[31mred\\x1b[0m" into a form sent escape (the form closed, what was typed was
lost) and a string of letters as commands. This parser holds each paste until its
end marker and gives Textual's the paste with its escape sequences and control
characters removed (nettui.domain.text.pasted), so the paste arrives whole as one
Paste event and never as keys.

Textual's drivers make their parser by the module-level name XTermParser (private);
`install` points that name here (textual_compat.install_input_parser). If a Textual
version moves it, pastes go back to Textual's own handling, and fields still clean
what they are given (widgets/fields.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from nettui.domain.text import pasted
from nettui.ui.textual_compat import XTermParser, install_input_parser

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
# A read that ends with the first characters of PASTE_START ("\x1b[20") is held for
# the rest; if nothing follows within this time it was something else (a key).
HOLD_SECONDS = 0.1


class PasteSafeParser(XTermParser):
    """XTermParser, with the inside of each bracketed paste cleaned before it is read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held = ""  # the start of a paste's opening marker, cut by a read
        self._held_at = 0.0
        self._in_paste = False
        self._paste = ""  # the paste so far (its end marker not seen yet)

    def feed(self, data: str) -> Iterable[Any]:
        if not data:  # the end of input: whatever is held goes as it came
            held = self._held + (PASTE_START + self._paste if self._in_paste else "")
            self._held, self._paste, self._in_paste = "", "", False
            if held:
                yield from super().feed(held)
            yield from super().feed("")
            return
        ready = self._split(data)
        if ready:
            yield from super().feed(ready)

    def tick(self) -> Iterable[Any]:
        if self._held and time.monotonic() - self._held_at >= HOLD_SECONDS:
            held, self._held = self._held, ""
            yield from super().feed(held)
        yield from super().tick()

    def _split(self, data: str) -> str:
        """What Textual's parser can read now: the text outside pastes as it came,
        each complete paste cleaned; the rest is held."""
        text, self._held = self._held + data, ""
        ready: list[str] = []
        while text:
            if self._in_paste:
                search_from = max(0, len(self._paste) - len(PASTE_END) + 1)
                self._paste += text
                text = ""
                end = self._paste.find(PASTE_END, search_from)
                if end < 0:
                    break
                text = self._paste[end + len(PASTE_END) :]
                ready.append(PASTE_START + pasted(self._paste[:end]) + PASTE_END)
                self._paste, self._in_paste = "", False
                continue
            start = text.find(PASTE_START)
            if start >= 0:
                ready.append(text[:start])
                text = text[start + len(PASTE_START) :]
                self._in_paste = True
                continue
            # A marker cut by the read: hold its first characters (two or more: a lone
            # ESC is the escape key and must not wait).
            for length in range(len(PASTE_START) - 1, 1, -1):
                if text.endswith(PASTE_START[:length]):
                    ready.append(text[:-length])
                    self._held, self._held_at = text[-length:], time.monotonic()
                    break
            else:
                ready.append(text)
            text = ""
        return "".join(ready)


def install() -> None:
    """Make Textual's terminal drivers read input with PasteSafeParser."""
    install_input_parser(PasteSafeParser)
