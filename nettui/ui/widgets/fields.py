"""Text fields whose own keys (backspace, ctrl+a, ctrl+k, arrows...) act in the order typed.

Textual runs a widget's own non-priority bindings only once the key has bubbled up
to the app, through each parent's message queue. Meanwhile the field goes on with
the keys queued behind it, so in a burst (fast typing, a paste of keys, an ssh lag)
"anx<backspace>a" became "anx", and "<ctrl+a><ctrl+k>role 6" became "" (home and
delete-to-end ran after the letters). These fields run their own binding as the
key reaches them, in order, exactly as Textual would have chosen it later. They also
take a paste as plain text (see _on_paste).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widgets import Input, TextArea

from nettui.domain.text import pasted

if TYPE_CHECKING:
    from textual.widget import Widget as _MixedIntoWidget
else:  # a plain mixin: a Widget base here would hide the field's COMPONENT_CLASSES
    _MixedIntoWidget = object


class _OwnKeysInOrder(_MixedIntoWidget):
    """Runs the focused field's own binding for a key when the key reaches it."""

    async def _on_key(self, event: events.Key) -> None:
        # Textual calls every class's _on_key along the MRO (the field's own comes
        # next) until one prevents the default.
        if not event.is_printable and await self._run_own_binding(event.key):
            event.stop()
            event.prevent_default()

    def _on_paste(self, event: events.Paste) -> None:
        # Before the field's own handling, as _on_key. A paste is text, never keys or
        # terminal commands: its escape sequences and control characters go (the
        # input parser cleaned it already: nettui/ui/paste.py; this covers a Paste
        # from anywhere else), and a one-line field takes its lines joined by spaces
        # where Textual kept only the first.
        event.text = pasted(event.text, one_line=isinstance(self, Input))

    async def _run_own_binding(self, key: str) -> bool:
        # The field's own bindings with the user's keymap applied, as Textual looks
        # them up. Not through the screen's focus chain: keys queued here before a
        # tab moved the focus on still belong to this field.
        bindings = self._bindings
        if self.app._keymap:
            bindings = bindings.copy()
            bindings.apply_keymap(self.app._keymap)
        for binding in bindings.key_to_bindings.get(key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                return True
        return False


class Field(_OwnKeysInOrder, Input):
    """A one-line text field (every form's Input)."""


class TextBox(_OwnKeysInOrder, TextArea):
    """A text area (notes, an agenda)."""
