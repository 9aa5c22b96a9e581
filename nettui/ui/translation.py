"""Key descriptions in the user's language.

BINDINGS are class attributes, built when the module is imported, before the language
is known; their descriptions are marked with N_() and translated here, per instance
(Textual gives each node its own copy of its class's bindings).
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from nettui.i18n import N_, _
from nettui.ui.textual_compat import own_bindings

# Textual's own words that reach the screen: the footer's palette key, the quit key,
# the palette's prompts and the system commands nettui keeps.
TEXTUAL_STRINGS = (
    N_("palette"),
    N_("Open the command palette"),
    N_("Quit"),
    N_("Quit the app and return to the command prompt."),
    N_("Search for commands…"),
    N_("Search for themes…"),
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit the application as soon as possible"),
)


def translate_bindings(node: DOMNode) -> None:
    """Translate the descriptions and tooltips of `node`'s own key bindings."""
    key_to_bindings = own_bindings(node).key_to_bindings
    for key, bindings in key_to_bindings.items():
        key_to_bindings[key] = [
            replace(
                binding,
                description=_(binding.description) if binding.description else "",
                tooltip=_(binding.tooltip) if binding.tooltip else "",
            )
            for binding in bindings
        ]
