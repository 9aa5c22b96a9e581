"""Text fields whose own keys (backspace, ctrl+a, ctrl+k, arrows...) act in the order typed.

Textual runs a widget's own non-priority bindings only once the key has bubbled up
to the app, through each parent's message queue. Meanwhile the field goes on with
the keys queued behind it, so in a burst (fast typing, a paste of keys, an ssh lag)
"anx<backspace>a" became "anx", and "<ctrl+a><ctrl+k>role 6" became "" (home and
delete-to-end ran after the letters). These fields run their own binding as the
key reaches them, in order, exactly as Textual would have chosen it later. They also
take a paste as plain text (see paste_first).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea

from nettui.domain.text import pasted
from nettui.ui.textual_compat import EarlyKeysAndPastes, active_keymap, own_bindings


class _OwnKeysInOrder(EarlyKeysAndPastes):
    """Runs the focused field's own binding for a key when the key reaches it."""

    async def key_first(self, event: events.Key) -> None:
        if not event.is_printable and await self._run_own_binding(event.key):
            event.stop()
            event.prevent_default()

    def paste_first(self, event: events.Paste) -> None:
        # A paste is text, never keys or terminal commands: its escape sequences and
        # control characters go (the input parser cleaned it already:
        # nettui/ui/paste.py; this covers a Paste from anywhere else), and a one-line
        # field takes its lines joined by spaces where Textual kept only the first.
        event.text = pasted(event.text, one_line=isinstance(self, Input))

    async def _run_own_binding(self, key: str) -> bool:
        # The field's own bindings with the user's keymap applied, as Textual looks
        # them up. Not through the screen's focus chain: keys queued here before a
        # tab moved the focus on still belong to this field.
        bindings = own_bindings(self)
        keymap = active_keymap(self.app)
        if keymap:
            bindings = bindings.copy()
            bindings.apply_keymap(keymap)
        for binding in bindings.key_to_bindings.get(key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                return True
        return False


class Field(_OwnKeysInOrder, Input):
    """A one-line text field (every form's Input)."""


class TextBox(_OwnKeysInOrder, TextArea):
    """A text area (notes, an agenda)."""
