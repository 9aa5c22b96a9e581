"""The keys of nettui's bindings as the user's keymap has them.

Every Binding has an id; config.toml's [keymap] gives an id new keys
(App.set_keymap). The footer and the help screen's own rows read the active
bindings, which Textual makes with the keymap applied; texts that name a key (the
help's general rows, the palette's descriptions, "Press a to add someone") ask here,
so a remapped key is named as it now is. The ids are listed in the README.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from functools import cache
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import key_to_character

from nettui.i18n import N_, _
from nettui.ui.textual_compat import active_keymap

# Arrows as the texts have always shown them; other keys by their character ("/",
# "?", "]") or their name ("escape", "ctrl+s").
_ARROWS = {"up": "↑", "down": "↓"}
# Characters Textual's key_to_character does not give back (its name for "/" is not
# the Unicode one).
_CHARACTERS = {"slash": "/"}
# Keys the texts name in words, in the user's language ("derecha o ]").
_SPOKEN = {"right": N_("right"), "left": N_("left"), "space": N_("space")}
# The hints under the forms name escape as its key cap does.
_SHORT = {"escape": "esc"}


def _subclasses(cls: type[DOMNode]) -> Iterator[type[DOMNode]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@cache
def default_keys() -> dict[str, tuple[str, ...]]:
    """Every binding id of nettui (and of the Textual widgets it uses) and its keys
    before the keymap, from the BINDINGS of every screen and widget."""
    import nettui.ui.app
    import nettui.ui.screens
    import nettui.ui.widgets

    for package in (nettui.ui.screens, nettui.ui.widgets):  # forms opened on demand too
        for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    keys: dict[str, list[str]] = {}
    for cls in {DOMNode, *_subclasses(DOMNode)}:
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                found = keys.setdefault(binding.id, [])
                found.extend(k.strip() for k in binding.key.split(","))
    return {binding_id: tuple(dict.fromkeys(found)) for binding_id, found in keys.items()}


def unknown_ids(keymap: dict[str, str]) -> list[str]:
    """The ids in `keymap` that no binding has (a typo, or an id of another version)."""
    known = default_keys()
    return sorted(binding_id for binding_id in keymap if binding_id not in known)


def keys_of(app: App[Any], binding_id: str) -> tuple[str, ...]:
    """The keys of a binding now: the keymap's, else its own."""
    mapped = active_keymap(app).get(binding_id)
    if mapped:
        return tuple(k.strip() for k in mapped.split(",") if k.strip())
    return default_keys().get(binding_id, ())


def key_name(key: str, short: bool = False) -> str:
    """A key as the texts name it: "↑", "/", "?", "a", "escape", "ctrl+s"; `short`:
    "esc" for escape."""
    if short and key in _SHORT:
        return _SHORT[key]
    if key in _ARROWS:
        return _ARROWS[key]
    if key in _CHARACTERS:
        return _CHARACTERS[key]
    if key in _SPOKEN:
        return _(_SPOKEN[key])
    character = key_to_character(key)
    if character is not None and len(character) == 1 and character.isprintable():
        return character if not character.isspace() else key
    return key


def key_text(app: App[Any], binding_id: str, short: bool = False) -> str:
    """The key that does it, for a text ("Press {key} to add someone."): its first."""
    keys = keys_of(app, binding_id)
    return key_name(keys[0], short) if keys else "?"


def keys_text(app: App[Any], binding_id: str) -> str:
    """All its keys, for a text: "right or ]"."""
    return _(" or ").join(key_name(key) for key in keys_of(app, binding_id))


def with_key(app: App[Any], text: str, binding_id: str, every: bool = False) -> str:
    """A palette description and the key that does it: "A new contact (a)"; "(/)"
    alone for no text. `every`: all its keys ("right or ]")."""
    key = keys_text(app, binding_id) if every else key_text(app, binding_id)
    return f"{text} ({key})" if text else f"({key})"


def form_keys(app: App[Any]) -> dict[str, str]:
    """The keys a form's hint names, by placeholder: "{next} moves · {enter} on the
    last field or {save} saves · {cancel} cancels". {tick} is the checkbox's own key
    (Textual's, not one of ours, so not remappable)."""
    return {
        "next": key_text(app, "form.next_field"),
        "previous": key_text(app, "form.previous_field"),
        "enter": key_text(app, "form.enter"),
        "save": key_text(app, "form.save"),
        "cancel": key_text(app, "form.cancel", short=True),
        "tick": key_name("space"),
    }
