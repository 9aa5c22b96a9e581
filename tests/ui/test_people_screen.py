"""The People screen driven by key presses, checked on screen and in the store."""

from __future__ import annotations

import os
import threading
from datetime import datetime

from rich.console import Console

from nettui.domain.models import Interaction, Person
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.screens.help import HelpScreen
from nettui.ui.screens.people import PeopleScreen
from nettui.ui.screens.person import PersonScreen
from nettui.ui.screens.person_form import PersonFormScreen
from nettui.ui.widgets.person_list import PersonList
from tests.ui.waits import saved, wait_for

# A change made by another program is on screen within this (the app polls every second).
SHOWN_WITHIN = 1.5


def screen_text(app: NettuiApp) -> str:
    """What a user sees, as plain text (the exported SVG would do too; this is simpler)."""
    with open(os.devnull, "w") as sink:
        console = Console(record=True, width=app.size.width, file=sink)
        console.print(app.screen._compositor.render_update(full=True))
        return console.export_text()


def on_person_page(app: NettuiApp) -> bool:
    """A person's page is in front: in place of the People list, or its own screen."""
    if isinstance(app.screen, PersonScreen):
        return True
    return isinstance(app.screen, PeopleScreen) and app.screen.showing_page


def listed_names(app: NettuiApp) -> list[str]:
    people_list = app.screen.query_one(PersonList)
    return [app.repo.person(i).display_name for i in people_list.ids]


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


async def test_add_find_without_accents_delete_and_undo(db_path):
    repo = Repository(db_path)
    repo.add_person(Person(name="Ana García"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PersonFormScreen)
        await type_text(pilot, "María José Núñez")
        await pilot.press("tab")
        await type_text(pilot, "Abogada laboralista")
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert not isinstance(app.screen, PersonFormScreen)
        assert "María José Núñez" in screen_text(app)

        await pilot.press("slash")
        await type_text(pilot, "maria jose nunez")
        await pilot.pause()
        assert listed_names(app) == ["María José Núñez"]
        shown = screen_text(app)
        assert "María José Núñez" in shown and "Abogada laboralista" in shown
        assert "Ana García" not in shown

        await pilot.press("enter", "x")  # back to the list, delete her
        await saved(pilot)
        assert listed_names(app) == []
        with Repository(db_path) as fresh:
            assert [p.name for p in fresh.people()] == ["Ana García"]

        await pilot.press("u")
        await saved(pilot)
        assert listed_names(app) == ["María José Núñez"]
        await pilot.press("escape")  # clear the filter
        await pilot.pause()
        on_screen = listed_names(app)

    with Repository(db_path) as fresh:
        stored = fresh.people()
    assert [p.display_name for p in stored] == on_screen == ["Ana García", "María José Núñez"]
    maria = stored[1]
    assert maria.role == "Abogada laboralista"


async def test_markup_and_escapes_in_names_are_shown_literally(db_path):
    repo = Repository(db_path)
    repo.add_person(Person(name="[bold]x[/]"))
    repo.add_person(Person(name="[link=http://x]y[/link]"))
    repo.add_person(Person(name="\x1b]0;pwned\x07Eve", notes="[red]alarm[/red]"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]x[/]" in text and "[link=http://x]y[/link]" in text
        assert "␛]0;pwned␇Eve" in text
        assert "\x1b]0" not in text
        await pilot.press("slash")
        await type_text(pilot, "eve")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert on_person_page(app)
        page = screen_text(app)
        assert "[red]alarm[/red]" in page and "␛]0;pwned␇Eve" in page


async def test_person_page_logs_an_interaction(db_path):
    repo = Repository(db_path)
    repo.add_person(Person(name="Ana García"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert on_person_page(app)
        assert "not yet: online only" in screen_text(app)
        await pilot.press("l")
        await pilot.pause()
        await type_text(pilot, "Coffee near the station")
        await pilot.press("shift+tab", "space")  # tick "in person"
        await pilot.press("ctrl+s")
        await saved(pilot)
        page = screen_text(app)
        assert "Coffee near the station" in page
        assert "not yet: online only" not in page
    today = datetime.now().astimezone().date().isoformat()
    with Repository(db_path) as fresh:
        ana = fresh.people()[0]
        assert ana.last_contact == today and ana.met_in_person == today
        assert fresh.interactions_of(ana.id)[0].in_person


async def test_a_bad_form_is_not_saved_and_says_why(db_path):
    app = NettuiApp(Repository(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Ana")
        for _ in range(4):
            await pilot.press("tab")
        await type_text(pilot, "not-an-email")
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert isinstance(app.screen, PersonFormScreen)
        assert "Not saved: 'not-an-email' is not an email address" in screen_text(app)
    assert not db_path.exists()


async def test_modes_help_and_quit(db_path):
    app = NettuiApp(Repository(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key, mode in (("1", "dashboard"), ("3", "needs"), ("4", "meetups"), ("2", "people")):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = screen_text(app)
        assert "Add" in help_text and "Filter" in help_text and "Undo" in help_text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "Add" in footer and "Quit" in footer
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_changes_from_another_session_appear_without_a_restart(db_path):
    app = NettuiApp(Repository(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        with Repository(db_path) as other:
            other.add_person(Person(name="Written Elsewhere"))
        # Within the second and a half these tests always gave the app's poll.
        await wait_for(
            pilot,
            lambda: listed_names(app) == ["Written Elsewhere"],
            timeout=SHOWN_WITHIN,
            what="the person written elsewhere listed",
        )
        assert listed_names(app) == ["Written Elsewhere"]
        with Repository(db_path) as other:
            other.add_person(Person(name="Also Elsewhere"))
        app.repo.count_people()  # a worker's read finds the change before the app looks
        await wait_for(
            pilot,
            lambda: listed_names(app) == ["Also Elsewhere", "Written Elsewhere"],
            timeout=SHOWN_WITHIN,
            what="the second person written elsewhere listed",
        )
        assert listed_names(app) == ["Also Elsewhere", "Written Elsewhere"]


async def test_the_palette_offers_every_people_action(db_path):
    app = NettuiApp(Repository(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
    for title in (
        "Go to Dashboard",
        "Go to People",
        "Add a person",
        "Filter people",
        "Undo the last delete",
        "Help",
        "Quit",
    ):
        assert title in titles


async def test_an_escape_sequence_never_reaches_the_terminal_and_is_kept_on_edit(db_path):
    hostile = "Eve\x1b]2;PWNED\x07 \x1b]52;c;ZXZpbA==\x07Evil"
    repo = Repository(db_path)
    repo.add_person(Person(name=hostile, notes="line\x1b[31m red"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, PersonFormScreen)
        shown = screen_text(app)
        assert "Eve␛]2;PWNED␇" in shown  # visible, in the title and the field
        assert "\x1b]" not in shown and "\x07" not in shown
        await pilot.press("tab")
        await type_text(pilot, "Tester")
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert not isinstance(app.screen, PersonFormScreen)
    with Repository(db_path) as fresh:
        eve = fresh.people()[0]
    assert eve.name == hostile  # an untouched field keeps its exact bytes
    assert eve.role == "Tester" and eve.notes == "line\x1b[31m red"


def test_the_line_filter_drops_control_characters():
    from rich.segment import Segment
    from textual.color import Color

    from nettui.ui.terminal_safety import ControlCharacterFilter

    out = ControlCharacterFilter().apply(
        [Segment("ok"), Segment("a\x1b]0;x\x07b\x9bc")], Color(0, 0, 0)
    )
    assert [s.text for s in out] == ["ok", "a]0;xbc"]


async def test_ctrl_g_is_a_way_out_where_escape_is(db_path):
    app = NettuiApp(Repository(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PersonFormScreen)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert not isinstance(app.screen, PersonFormScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_a_long_person_page_scrolls_and_escape_returns_to_the_same_row(db_path):
    repo = Repository(db_path)
    for name in ("Ana García", "Bea López", "Carla Ruiz"):
        repo.add_person(Person(name=name))
    bea = repo.search("bea")[0]
    for day in range(1, 31):
        repo.log_interaction(
            Interaction(
                person_id=bea.id, at=f"2026-10-{day:02d}T10:00:00+00:00", summary=f"Talk {day}"
            )
        )
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "enter")  # Bea's page, in place of the list
        await pilot.pause()
        assert on_person_page(app)
        top = screen_text(app)
        assert "Bea López" in top and "↓ more: j or page down" in top
        assert "Talk 1\n" not in top  # the oldest, at the very end
        assert "esc Back" in top and "e Edit" in top  # the page's keys in the footer
        await pilot.press("G")
        await pilot.pause()
        bottom = screen_text(app)
        assert "Talk 1 " in bottom or "Talk 1\n" in bottom
        assert "↓ more" not in bottom
        await pilot.press("g")
        await pilot.pause()
        assert "Bea López" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not on_person_page(app)
        assert app.screen.query_one(PersonList).current_id == bea.id
        assert "/ Filter" in screen_text(app)  # the list's keys again


async def test_the_list_is_painted_from_the_saved_index_then_the_store_is_read(db_path):
    from nettui.store.search_cache import preview

    with Repository(db_path) as repo:
        repo.add_person(Person(name="Ana García", role="Abogada"))
        repo.add_person(Person(name="José Núñez", met_in_person="2025-03-01"))
    repo = Repository(db_path)  # not read yet: the app reads it after its first paint
    first = preview(db_path, rows=30)
    reading = threading.Event()
    read_now = repo.load

    def slow_load() -> None:  # a big store: reading takes until the test says so
        reading.wait(10)
        read_now()

    repo.load = slow_load
    app = NettuiApp(repo, preview=first)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = screen_text(app)  # from the index alone
        assert not repo.loaded
        assert "Ana García" in shown and "Abogada" in shown
        assert "2 people · 1 met in person (50%)" in shown
        reading.set()
        await wait_for(
            pilot,
            lambda: repo.loaded and app.preview is None,
            what="the store read and the preview gone",
        )
        assert repo.loaded and app.preview is None
        await pilot.press("slash")
        await type_text(pilot, "nunez")
        await pilot.pause()
        assert listed_names(app) == ["José Núñez"]


async def test_typing_puts_the_cursor_on_the_best_match(db_path):
    repo = Repository(db_path)
    for name in ("Ana García", "Bea López", "Carla Ruiz", "Diana Ortega", "Juana Pérez"):
        repo.add_person(Person(name=name))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("G")  # the cursor on the last person
        await pilot.press("slash")
        await type_text(pilot, "ana")
        await pilot.pause()
        people_list = app.screen.query_one(PersonList)
        assert listed_names(app)[0] == "Ana García"
        assert people_list.current_id == repo.search("ana garcia")[0].id
        await pilot.press("enter", "down")  # back to the list, one down...
        await pilot.pause()
        second = listed_names(app)[1]
        assert repo.person(people_list.current_id).name == second
        await pilot.press("escape")  # ...and clearing the filter keeps them under the cursor
        await pilot.pause()
        assert len(listed_names(app)) == 5
        assert repo.person(people_list.current_id).name == second


async def test_a_long_list_scrolls_by_keys_wheel_and_click(db_path):
    """The list keeps its own first row: G shows the last people, the wheel moves the
    rows with the cursor staying among them, a click picks a row; the header says
    where the cursor is."""
    from textual import events

    repo = Repository(db_path)
    for number in range(60):
        repo.add_person(Person(name=f"Persona {number:02d}"))
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        people_list = app.screen.query_one(PersonList)
        rows = people_list.size.height - 1  # under the header
        await pilot.press("G")
        text = screen_text(app)
        assert "60/60" in text and "Persona 59" in text and "Persona 00" not in text
        assert f"Persona {60 - rows:02d}" in text  # no blank rows under the last
        wheel_up = events.MouseScrollUp(people_list, 1, 1, 0, 0, 0, False, False, False)
        people_list.post_message(wheel_up)
        await pilot.pause()
        text = screen_text(app)
        assert "Persona 59" not in text and f"Persona {60 - rows - 3:02d}" in text
        assert repo.person(people_list.current_id).name == f"Persona {60 - 3 - 1:02d}"
        await pilot.click(PersonList, offset=(5, 1))  # the first row under the header
        assert repo.person(people_list.current_id).name == f"Persona {60 - rows - 3:02d}"
        await pilot.press("g", "pagedown")  # to the bottom of the rows shown...
        assert people_list.cursor == rows - 1 and "Persona 00" in screen_text(app)
        await pilot.press("pagedown")  # ...then a page further
        assert people_list.cursor == 2 * (rows - 1) and "Persona 00" not in screen_text(app)


async def test_a_filter_that_finds_the_same_people_still_follows_edits_and_the_query(db_path):
    """A key that finds the same people redraws no row; but a change to one of them
    from another session still shows under that filter, and an empty list names the
    query as it is now."""
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana Núñez", role="Abogada"))
    repo.add_person(Person(name="Bea López"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "nune")
        await pilot.pause()
        assert listed_names(app) == ["Ana Núñez"]
        with Repository(db_path) as other:  # the same person, changed elsewhere
            changed = other.person(ana.id)
            changed.role = "Jueza"
            other.update_person(changed, changed={"role"})
        await wait_for(
            pilot,
            lambda: "Jueza" in screen_text(app),
            timeout=SHOWN_WITHIN,
            what="the new role shown",
        )
        await type_text(pilot, "z")  # "nunez": the same people
        await pilot.pause()
        text = screen_text(app)
        assert "Jueza" in text and "Abogada" not in text
        await type_text(pilot, "qq")
        await pilot.pause()
        assert "No one matches 'nunezqq'" in screen_text(app)
        await type_text(pilot, "w")
        await pilot.pause()
        assert "No one matches 'nunezqqw'" in screen_text(app)


async def test_the_filter_draws_its_line_as_textual_input_does(db_path):
    """The filter draws its own line and hands it to the screen itself (Input's line
    and Textual's pass over it were a cost on every key): the same cells in the same
    styles as Input's line after Textual's pass, with the placeholder, the cursor at
    the end or in the middle, a selection, wide letters, a text longer than the field,
    and without the focus."""
    from functools import partial

    from textual.geometry import Region
    from textual.widget import Widget
    from textual.widgets import Input

    from nettui.ui.widgets.filter_bar import FilterInput

    repo = Repository(db_path)
    repo.add_person(Person(name="Ana García"))
    app = NettuiApp(repo)

    def cells(strips) -> list[tuple[str, object]]:
        return [(seg.text, seg.style) for strip in strips for seg in strip.simplify()]

    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        field = app.screen.query_one(FilterInput)

        async def check(what: str) -> None:
            await pilot.pause()
            line = Region(0, 0, field.size.width, 1)
            ours = field.render_lines(line)
            field.render_line = partial(Input.render_line, field)  # Input's own, then
            field._styles_cache.clear()
            try:
                textuals = Widget.render_lines(field, line)  # Textual's pass over it
            finally:
                del field.render_line
            assert cells(ours) == cells(textuals), what
            assert ours[0].cell_length == textuals[0].cell_length == field.size.width

        await check("the placeholder")
        await pilot.press("slash")
        await check("the placeholder with the cursor")
        await type_text(pilot, "jose")
        await check("the cursor after the last letter")
        await pilot.press("left", "left")
        await check("the cursor on the s")
        await pilot.press("shift+left")
        await check("o selected, the cursor on it")
        await pilot.press("end")
        await type_text(pilot, " 東京 🎉 e\u0301")
        await check("wide letters and a combining accent")
        await type_text(pilot, " palabra" * 10)
        assert field.scroll_offset.x > 0
        await check("scrolled to the cursor")
        await pilot.press("home", "shift+end")
        await check("all selected, the field scrolled back")
        await pilot.press("enter")  # the list takes the focus; the text stays
        assert not field.has_focus
        await check("without the focus")


async def test_the_lines_the_list_keeps_are_the_lines_it_would_draw_now(db_path):
    """The list keeps each line as drawn until it repaints it: after moving, filtering
    (the same people with the cursor moved back to the top, fewer people, none),
    clearing and another session's change, every kept line is the line drawn anew."""
    from textual.geometry import Region

    repo = Repository(db_path)
    for number in range(40):
        repo.add_person(Person(name=f"Ana {number:02d}", role="Abogada" if number % 2 else ""))
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        people_list = app.screen.query_one(PersonList)

        async def check(what: str) -> None:
            await pilot.pause()
            width, height = people_list.size
            kept = people_list.render_lines(Region(0, 0, width, height))
            filters = people_list.get_line_filters()
            background = people_list.background_colors[1]
            for y, line in enumerate(kept):
                fresh = people_list.render_line(y)
                for line_filter in filters:
                    fresh = fresh.apply_filter(line_filter, background)
                assert list(line) == list(fresh), f"{what}: line {y}"

        await check("first drawn")
        await pilot.press("j", "j", "j")
        await check("three down")
        people_list.show_ids(list(people_list.ids), top=True)  # as a new filter does
        await check("the same people, the cursor back on the first")
        await pilot.press("slash")
        await type_text(pilot, "ana")  # the same people: only the cursor goes back up
        await check("the same people, the cursor on the first")
        await pilot.press("enter", "j", "j", "slash")
        await type_text(pilot, " 1")  # fewer people
        await check("fewer people")
        await type_text(pilot, "x")
        await check("no one")
        await pilot.press("escape", "G")
        await check("cleared, at the bottom")
        with Repository(db_path) as other:
            last = other.search("ana 39")[0]
            last.name = "Ana 39 Cambiada"
            other.update_person(last)
        app.repo.storage.refresh()
        app.screen.refresh_data()
        await check("changed by another session")
        assert "Ana 39 Cambiada" in screen_text(app)


async def test_the_footer_shows_what_works_now_and_a_click_on_a_key_runs_it(db_path):
    """The footer draws its line itself: undo is dim until there is something to
    undo, the keys follow the focus (a person's page has its own), and a click on a
    key does what the key does."""
    from textual.geometry import Region

    from nettui.ui.widgets.key_footer import KeyFooter

    repo = Repository(db_path)
    repo.add_person(Person(name="Ana García"))
    repo.add_person(Person(name="Bea López"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)

        def drawn() -> tuple[str, set[str]]:
            """The footer's text, and the words drawn dim."""
            (line,) = footer.render_lines(Region(0, 0, footer.size.width, 1))
            dim = {seg.text.strip() for seg in line if seg.style and seg.style.dim}
            return "".join(seg.text for seg in line), dim - {""}

        text, dim = drawn()
        assert "u Undo" in text and {"u", "Undo"} <= dim
        await pilot.press("x")  # delete Ana: now there is something to undo
        await saved(pilot)
        text, dim = drawn()
        assert "Undo" in text and "Undo" not in dim
        await pilot.press("enter")  # Bea's page: its keys
        await pilot.pause()
        text, _ = drawn()
        assert "Back" in text and "Log" in text and "Filter" not in text
        await pilot.press("escape")
        await pilot.pause()
        text, _ = drawn()
        x = text.index("Add") - 1  # the key's letter, just before its word
        await pilot.click(KeyFooter, offset=(x, 0))
        await pilot.pause()
        assert isinstance(app.screen, PersonFormScreen)


async def test_a_paste_with_escape_sequences_never_closes_the_form(db_path):
    """Text copied from a terminal carries its colours ("\\x1b[31m...") and may carry a
    title change ending in BEL (ctrl+g: cancel). Pasted into Add person, it is text:
    the form stays open with what was typed, the sequences and control characters
    are dropped, and a one-line field takes a pasted line break as a space."""
    from textual import events

    app = NettuiApp(Repository(db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Ana ")
        app.post_message(events.Paste("\x1b[31mGarcía\x1b[0m\x1b]0;title\x07"))
        await pilot.pause()
        await pilot.press("tab")
        app.post_message(events.Paste("Abogada\r\nlaboralista\x1b\x1b"))
        await pilot.pause()
        assert isinstance(app.screen, PersonFormScreen)
        assert app.screen.query_one("#name").value == "Ana García"
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert not isinstance(app.screen, PersonFormScreen)
    with Repository(db_path) as stored:
        [ana] = stored.people()
    assert (ana.name, ana.role) == ("Ana García", "Abogada laboralista")


async def test_the_footer_says_what_enter_and_escape_do_while_typing_in_the_filter(db_path):
    """The footer went blank while typing (the letter keys are the field's): it shows
    enter and escape, and they do what it says."""
    repo = Repository(db_path)
    for name in ("Ana García", "José Núñez"):
        repo.add_person(Person(name=name))
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("slash", "n", "u")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "To the list" in footer and "esc Clear filter" in footer, footer
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.filter_input.value == "" and isinstance(app.focused, PersonList)
        assert listed_names(app) == ["Ana García", "José Núñez"]
        footer = screen_text(app).splitlines()[-1]
        assert "Clear filter" not in footer and "To the list" not in footer and "a Add" in footer
        await pilot.press("slash", "n", "u", "enter")
        await pilot.pause()
        assert isinstance(app.focused, PersonList) and listed_names(app) == ["José Núñez"]


async def test_a_handle_typed_as_a_name_is_kept_and_a_known_handle_is_said(db_path):
    """ "CL72DJ33" typed in Add is kept as a handle too (network "unknown"), marked "?":
    giving the real name later keeps it. Adding it again says who has it; ctrl+o
    opens that person, and saving again adds a second person."""
    app = NettuiApp(Repository(db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await type_text(pilot, "CL72DJ33")
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert "? CL72DJ33" in screen_text(app)
        await pilot.press("e", "ctrl+a", "ctrl+k")
        await type_text(pilot, "Carlos López")
        await pilot.press("ctrl+s")
        await saved(pilot)
        shown = screen_text(app)
        assert "Carlos López" in shown and "? CL72DJ33" not in shown and "? Carlos" not in shown
        with Repository(db_path) as stored:
            [carlos] = stored.people()
        assert [str(h) for h in carlos.handles] == ["unknown:CL72DJ33"]

        for then in ("ctrl+o", "ctrl+s"):
            await pilot.press("a")
            await type_text(pilot, "@cl72dj33")
            await pilot.press("ctrl+s")
            await saved(pilot)
            assert isinstance(app.screen, PersonFormScreen)  # not saved: told first
            said = screen_text(app)
            assert "already the handle of Carlos López" in said and "ctrl+o" in said
            await pilot.press(then)
            await pilot.pause()
            assert not isinstance(app.screen, PersonFormScreen)
            if then == "ctrl+o":
                assert app.screen.showing_page and app.screen.page.person_id == carlos.id
                await pilot.press("escape")
                await pilot.pause()
                with Repository(db_path) as stored:
                    assert len(stored.people()) == 1
    with Repository(db_path) as stored:
        names = sorted(p.name for p in stored.people())
        assert names == ["@cl72dj33", "Carlos López"]
        [second] = [p for p in stored.people() if p.name == "@cl72dj33"]
        assert [str(h) for h in second.handles] == ["unknown:@cl72dj33"]
        assert second.needs_real_name


async def test_duplicates_lists_same_name_pairs_and_its_title_fits_80_columns(db_path):
    """D found nothing in the demo, whose look-alikes share only a name: they are
    listed, marked weaker, with what each one does. The title was cut at 80 columns."""
    from nettui.ui.screens.duplicates import DuplicatesScreen

    repo = Repository(db_path)
    for name, role, company, day in (
        ("Hannah Gómez", "Community manager", "Café & Code", 1),
        ("hannah gomez", "Diseñadora UX", "Estudio Nube", 2),
    ):
        created = f"2024-01-0{day}T00:00:00+00:00"
        repo.add_person(Person(name=name, role=role, company=company, created=created))
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, DuplicatesScreen)
        lines = screen_text(app).splitlines()
        assert lines[1].strip() == "Possible duplicates"
        shown = "\n".join(lines)
        assert "same name only: check before merging" in shown
        assert "Community manager · Café & Code" in shown and "⇐ Diseñadora UX" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert "No possible duplicates." in screen_text(app)
    with Repository(db_path) as stored:
        [hannah] = stored.people()
    assert (hannah.name, hannah.role) == ("Hannah Gómez", "Community manager")
