"""One source of keys: every binding has an id, config.toml's [keymap] moves a key, and
the footer, the help screen and the palette then name the new key."""

from __future__ import annotations

from nettui.config import Config
from nettui.domain.models import Person
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.keys import default_keys, unknown_ids
from nettui.ui.screens.help import HelpScreen
from nettui.ui.widgets.person_list import PersonList
from tests.ui.test_people_screen import screen_text


def test_every_binding_of_nettui_has_an_id():
    import importlib
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import nettui.ui

    for module in pkgutil.walk_packages(nettui.ui.__path__, "nettui.ui."):
        importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    without = [
        f"{cls.__module__}.{cls.__name__}: {binding.key} -> {binding.action}"
        for cls in set(subclasses(DOMNode))
        if cls.__module__.startswith("nettui.")
        for binding in cls.__dict__.get("BINDINGS", ())
        if isinstance(binding, Binding) and not binding.id
    ]
    assert without == []
    keys = default_keys()
    for binding_id in ("list.down", "list.first", "form.next_field", "needs.previous_tab"):
        assert binding_id in keys
    assert keys["list.down"] == ("down", "j")


def test_an_unknown_id_is_found():
    assert unknown_ids({"people.add": "n", "people.nwe": "x"}) == ["people.nwe"]


async def test_a_remapped_key_is_shown_in_footer_help_and_palette(db_path):
    repo = Repository(db_path)
    repo.add_person(Person(name="Ana García"))
    keymap = {"people.add": "n", "list.down": "ctrl+n", "people.nwe": "x"}
    app = NettuiApp(repo, config=Config(keymap=keymap))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        notices = [n.message for n in app._notifications]
        assert any("no key is called 'people.nwe'" in message for message in notices)
        footer = screen_text(app).splitlines()[-1]
        assert "n Add" in footer and "a Add" not in footer
        described = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert described["Add a person"] == "A new contact (n)"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        assert "↑ ctrl+n, k" in shown  # list.down lost its second key, j
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("a")  # no longer Add
        await pilot.pause()
        assert isinstance(app.screen.focused, PersonList)
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "PersonFormScreen"


def test_the_readme_lists_every_binding_id():
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    missing = [i for i in default_keys() if "." in i and f"`{i}`" not in readme]
    assert missing == []
    for binding_id in ("help", "palette", "quit"):
        assert f"`{binding_id}`" in readme


async def test_a_remapped_key_is_named_in_the_hints(db_path):
    """No key letters inside translated texts: the form's hint, the Dashboard's line
    and the filter's placeholder name the keys as the keymap has them."""
    repo = Repository(db_path)
    repo.add_person(Person(name="Ana García"))
    from nettui.ui.keys import key_name

    assert key_name("slash") == "/"  # the default of the filters' placeholders
    keymap = {"form.save": "ctrl+w", "go.meetups": "9", "people.filter": "f"}
    app = NettuiApp(repo, config=Config(keymap=keymap))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "press f and type" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert type(app.screen).__name__ == "PersonFormScreen"
        shown = screen_text(app)
        assert "enter on the last field or ctrl+w saves · esc cancels" in shown
        assert "ctrl+s saves" not in shown
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        shown = screen_text(app)
        assert "Nothing planned. Press 9, then a, to plan a meetup." in shown
        assert "Press 4" not in shown
