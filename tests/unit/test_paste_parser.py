"""Bracketed pastes read from the terminal arrive as one paste, never as keys.

Textual's own parser read an ESC inside a paste as a key's sequence: pasting
"\\x1b[31mred\\x1b[0m" gave the app the keys ^ [ 3 1 m r e d..., and a pasted ESC ESC
or an OSC ending in BEL gave it escape and ctrl+g, which close a form.
"""

from __future__ import annotations

import time

import pytest
from textual import events

from nettui.ui.paste import PasteSafeParser


def read(*chunks: str) -> list[events.Event]:
    parser = PasteSafeParser()
    tokens = [token for chunk in chunks for token in parser.feed(chunk)]
    time.sleep(0.15)  # past the hold of a cut marker, then the driver's tick
    return tokens + list(parser.tick())


@pytest.mark.parametrize(
    "chunks, text",
    [
        (["\x1b[200~\x1b[31mred\x1b[0m\x1b[201~"], "red"),
        (["\x1b[200~\x1b]0;title\x07Ana\x1b[201~"], "Ana"),
        (["\x1b[200~x\x1b\x1b[201~"], "x"),  # escape, escape
        # cut anywhere by the reads, markers included
        (["\x1b[2", "00~Ana \x1b[3", "1mGarcía\x1b[0m\x1b[20", "1~"], "Ana García"),
    ],
)
def test_a_paste_with_escape_sequences_is_one_paste_of_its_text(chunks, text):
    tokens = read(*chunks)
    assert [type(t) for t in tokens] == [events.Paste]
    assert tokens[0].text == text


def test_keys_around_a_paste_stay_keys_in_order():
    tokens = read("a\x1b[200~Ana\x1b[201~b", "\x1b", "\x1b[A")
    assert [getattr(t, "key", None) or t.text for t in tokens] == ["a", "Ana", "b", "escape", "up"]


def test_a_read_ending_like_the_start_of_a_paste_is_not_held_forever():
    """ "\x1b[2" and nothing after it: not a paste after all. It reaches Textual's
    parser a moment later and comes out as Textual makes it."""
    from textual._xterm_parser import XTermParser

    def keys(parser: XTermParser) -> list[str]:
        out = list(parser.feed("j\x1b[2"))
        for _ in range(3):
            time.sleep(0.15)
            out += parser.tick()
        return [t.key for t in out]

    assert keys(PasteSafeParser()) == keys(XTermParser()) == ["j", "left_square_bracket", "2"]
