"""Canaries for nettui/ui/textual_compat.py: each private Textual name nettui uses is
still there and means what nettui takes it to mean. A failure names the private name:
read its function's docstring in textual_compat.py, then fix that function alone."""

from __future__ import annotations

import inspect

import textual
from textual.app import App, ComposeResult
from textual.binding import BindingsMap
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Tab, TextArea

from nettui.ui import textual_compat as compat

CHANGED = f"Textual {textual.__version__} changed the private name {{name}}: see textual_compat.py"


def expect(condition: object, name: str) -> None:
    assert condition, CHANGED.format(name=name)


class Field(Input):
    pass


class Probe(App[None]):
    def compose(self) -> ComposeResult:
        yield Field(id="field")
        yield Widget(id="plain")  # no border or padding, as nettui's line views


async def test_widget_size_is_the_laid_out_size():
    app = Probe()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        plain = app.query_one("#plain", Widget)
        expect(isinstance(compat.laid_out_size(plain), Size), "Widget._size")
        expect(compat.laid_out_size(plain) == plain.size != Size(0, 0), "Widget._size")


async def test_own_bindings_and_the_keymap():
    app = Probe()
    async with app.run_test() as pilot:
        expect(isinstance(compat.own_bindings(app.query_one(Field)), BindingsMap), "_bindings")
        app.set_keymap({"some.id": "f2"})
        await pilot.pause()
        expect(compat.active_keymap(app) == {"some.id": "f2"}, "App._keymap")


async def test_input_suggestion_and_cursor():
    app = Probe()
    async with app.run_test() as pilot:
        field = app.query_one(Field)
        expect("_suggestion" in type(field)._reactives, "Input._suggestion")
        expect("_cursor_visible" in type(field)._reactives, "Input._cursor_visible")
        await pilot.pause()
        expect(compat.suggestion_shown(field) is False, "Input._suggestion")
        expect(isinstance(compat.cursor_shown(field), bool), "Input._cursor_visible")


async def test_a_new_screen_starts_styled_as_the_app():
    app = Probe()
    async with app.run_test():
        expect(isinstance(getattr(app, "_css_update_count", None), int), "App._css_update_count")
        screen = Screen()
        expect(getattr(screen, "_css_update_count", None) == -1, "Screen._css_update_count")
        compat.start_styled_as_app(screen)
        expect(screen._css_update_count == app._css_update_count, "Screen._css_update_count")


async def test_a_mode_screen_can_be_made_ahead():
    class Modes(App[None]):
        MODES = {"one": Screen, "two": Screen}

        def on_mount(self) -> None:
            self.switch_mode("one")

    app = Modes()
    async with app.run_test() as pilot:
        expect(compat.make_mode_screen(app, "two"), "App._init_mode")
        await pilot.pause()
        expect(app.current_mode == "one", "App._init_mode")
        expect(len(app._screen_stacks.get("two", [])) == 1, "App._init_mode")


def test_a_tab_label_set_quietly_is_its_label():
    tab = Tab("old", id="t")
    compat.set_tab_label_quietly(tab, Content("new"))
    expect(str(tab.label) == "new", "Tab._label")


def test_the_drivers_make_their_parser_by_the_name_xtermparser():
    from textual.drivers import linux_driver, linux_inline_driver

    for module in (linux_driver, linux_inline_driver):
        expect("XTermParser(" in inspect.getsource(module), f"{module.__name__}.XTermParser")
    was = linux_driver.XTermParser

    class Parser(compat.XTermParser):
        pass

    try:
        expect(compat.install_input_parser(Parser) == 2, "XTermParser")
        expect(linux_driver.XTermParser is Parser, "linux_driver.XTermParser")
    finally:
        compat.install_input_parser(was)


def test_the_private_key_and_paste_handlers_are_called_along_the_mro():
    # Textual looks up "_on_key" / "_on_paste" in each class's own namespace.
    for widget in (Input, TextArea, Widget):
        expect("_on_key" in vars(widget) or "on_key" in vars(widget), f"{widget.__name__}._on_key")
    expect("_on_paste" in vars(Input) and "_on_paste" in vars(TextArea), "_on_paste")


async def test_early_keys_run_before_the_input_handles_them():
    seen: list[str] = []

    class Early(compat.EarlyKeysAndPastes, Input):
        async def key_first(self, event) -> None:
            seen.append(event.key)
            if event.key == "x":
                event.stop()
                event.prevent_default()

    class EarlyApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Early()

    app = EarlyApp()
    async with app.run_test() as pilot:
        await pilot.press("a", "x", "b")
        await pilot.pause()
        expect(seen == ["a", "x", "b"], "_on_key")
        expect(app.query_one(Early).value == "ab", "_on_key")


def test_widgets_keep_the_regions_they_asked_to_repaint():
    widget = Widget()
    expect(isinstance(getattr(widget, "_repaint_regions", None), set), "_repaint_regions")
    exchange = getattr(widget, "_exchange_repaint_regions", None)
    expect(callable(exchange), "Widget._exchange_repaint_regions")


async def test_the_tab_underline_spans_the_tab_in_front():
    from textual.widgets import TabbedContent, TabPane

    class Tabs(App[None]):
        def compose(self) -> ComposeResult:
            with TabbedContent():
                yield TabPane("One", id="one")
                yield TabPane("Two", id="two")

    app = Tabs()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        tabs = app.query_one(TabbedContent)
        underline = tabs.query_one("Underline")
        before = (underline.highlight_start, underline.highlight_end)
        expect(before[1] > before[0], "Underline.highlight_start/highlight_end")
        compat.widen_tab_underline(tabs, 1, 2)
        after = (underline.highlight_start, underline.highlight_end)
        expect(after == (before[0] + 1, before[1] + 2), "Underline.highlight_start/_end")
