"""How a screen, a form or a page reaches the app: attributes down, requests up.

- Down: what a screen shows comes from attributes the app holds (`repo`, `config`,
  `lang`, `preview`), read through the typed properties of `AppContext`, never from
  `self.app.<something>` with a `type: ignore`. A form gets the record it edits from
  the screen that opened it, as an argument.
- Up: a screen never pushes a screen itself. It asks the app, through the app's
  navigation methods (`open_screen`, `open_person`, `open_person_page`,
  `action_filter_people`), and saves through `save` (nettui/ui/saving.py), which
  waits for the store's lock in a worker. These are calls, not posted messages: a
  posted message is queued behind the keys of a burst already waiting ("a" then a
  name typed fast or over ssh), and the form must be open before they are handed
  out. Events that can wait for their turn (a page closed, matches found, the store
  changed) are messages (messages.py).
- The app posts StoreChanged to the screen in front; a screen posts no message down to
  a widget of its own, it calls the widget's method.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from nettui.config import Config
    from nettui.store.repository import Repository
    from nettui.ui.app import NettuiApp


class AppContext:
    """Typed access to the app's attributes, for screens and widgets (a mixin before
    Textual's class in the bases)."""

    @property
    def nettui(self) -> NettuiApp:
        """The app, as the NettuiApp it is (Textual types `app` as any App)."""
        return cast("NettuiApp", cast("DOMNode", self).app)

    @property
    def repo(self) -> Repository:
        return self.nettui.repo

    @property
    def config(self) -> Config:
        return self.nettui.config

    @property
    def lang(self) -> str:
        """The interface language, also how numeric dates such as 3/12 read."""
        return self.nettui.lang
