"""Keys that arrive together (fast typing, an ssh lag) act in the order they were typed.

Each test posts the whole burst to the app before it handles any key, as a terminal
read of many bytes does; Pilot's press() would wait for each key and hide the race.
"""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key

from nettui.domain.models import Person
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.screens.person_form import PersonFormScreen


def send_burst(app: NettuiApp, *keys: str) -> None:
    """Queue every key at once; a key longer than one letter is a key name (ctrl+a)."""
    for key in keys:
        letter = len(key) == 1
        app.post_message(
            events.Key(_character_to_key(key), key) if letter else events.Key(key, None)
        )


async def settle(pilot) -> None:
    for _ in range(5):
        await pilot.pause()


async def test_editing_keys_in_a_burst_act_in_order_in_a_form(db_path):
    repo = Repository(db_path)
    repo.add_person(Person(name="Ana", role="Periodista", notes="first"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PersonFormScreen)
        # Role: home, delete to the end, a typo put right with backspace.
        send_burst(app, "tab", "ctrl+a", "ctrl+k", *"Abogadx", "backspace", "a")
        # Notes (a text area, two fields back from the name): the same with a typo.
        send_burst(app, "shift+tab", "shift+tab", "shift+tab", "end", *" notx", "backspace", "e")
        send_burst(app, "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, PersonFormScreen)
    with Repository(db_path) as stored:
        [ana] = stored.people()
    assert (ana.role, ana.notes) == ("Abogada", "first note")


async def test_backspace_in_a_burst_acts_in_order_in_the_filter(db_path):
    repo = Repository(db_path)
    for name in ("José Núñez", "Nuria Vidal"):
        repo.add_person(Person(name=name))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        send_burst(app, "/", *"nux", "backspace", *"nez")
        await settle(pilot)
        assert app.screen.query_one("#filter").value == "nunez"


async def test_enter_in_the_filter_hands_the_keys_after_it_to_the_list(db_path):
    """Typed as one burst, "/mar<enter>jj": the filter gets "mar", the list two moves."""
    repo = Repository(db_path)
    for name in ("Ana García", "Mar Vidal", "Marta Gil", "Mariana Ruiz", "Omar Peña"):
        repo.add_person(Person(name=name))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        send_burst(app, "/", *"mar", "enter", "j", "j")
        await settle(pilot)
        people_list = app.screen.query_one("#people")
        assert app.screen.query_one("#filter").value == "mar"
        assert app.focused is people_list
        assert len(people_list.ids) == 4 and people_list.cursor == 2
        send_burst(app, "enter")  # and enter there opens that person
        await settle(pilot)
        assert app.screen.showing_page


async def test_enter_twice_in_the_filter_opens_the_best_match(db_path):
    """ "/nunez" then enter enter in one burst (a fast typist, an ssh lag): the first
    leaves the filter, the second opens the person, as typed slowly."""
    repo = Repository(db_path)
    for name in ("Ana García", "José Núñez", "Nuria Vidal"):
        repo.add_person(Person(name=name))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        send_burst(app, "/", *"nunez", "enter", "enter")
        await settle(pilot)
        assert app.screen.showing_page
        assert app.screen.page.person_id == repo.search("jose nunez")[0].id


async def test_escape_in_the_filter_clears_it_before_the_keys_typed_after_it(db_path):
    """ctrl+g (or escape) then j j in one burst: the filter is cleared, the cursor stays
    on the person it was on and moves two rows down, and nothing is typed in the filter
    (the j's once landed in the filter before it was cleared: back to the top)."""
    from nettui.ui.widgets.person_list import PersonList

    repo = Repository(db_path)
    for name in ["Ana", "Bea", "Carla", "Luis", "Mario", "Marta", "Zoe"]:
        repo.add_person(Person(name=name))
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        people = app.screen.query_one(PersonList)
        for clear in ("ctrl+g", "escape"):
            send_burst(app, "slash", *"mar")
            await settle(pilot)
            assert repo.person(people.current_id).name == "Mario"
            send_burst(app, clear, "j", "j")
            await settle(pilot)
            assert app.screen.filter_input.value == ""
            assert len(people.ids) == 7 and app.focused is people
            assert repo.person(people.current_id).name == "Zoe", clear


async def test_slash_on_a_person_page_goes_to_the_filter_and_no_letter_is_a_command(db_path):
    """A person's page left open, another screen, 2 (the page is back), then "/nunez"
    and "/x" in one burst each: every letter lands in the People filter. "/" did
    nothing on the page, so "n" opened "Add a need" with "unez" in it, and "x" deleted
    the person at once."""
    from nettui.ui.screens.people import PeopleScreen

    repo = Repository(db_path)
    for name in ("Ana García", "José Núñez", "Nuria Vidal"):
        repo.add_person(Person(name=name))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # Ana's page
        await settle(pilot)
        await pilot.press("1", "2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PeopleScreen) and screen.showing_page
        for burst, typed in (("/nunez", "nunez"), ("/x", "x")):
            if not screen.showing_page:
                await pilot.press("escape", "enter")  # clear the filter, a page again
                await settle(pilot)
            assert screen.showing_page
            send_burst(app, *burst)
            await settle(pilot)
            assert app.screen is screen and not screen.showing_page
            assert app.focused is screen.filter_input and screen.filter_input.value == typed
    with Repository(db_path) as stored:
        assert sorted(p.name for p in stored.people()) == [
            "Ana García",
            "José Núñez",
            "Nuria Vidal",
        ]
        assert stored.needs_offers_of(stored.people()[0].id) == []


async def test_slash_on_a_person_page_opened_elsewhere_goes_to_the_people_filter(db_path):
    """The page pushed by the Dashboard or Needs & offers: "/" closes it and types in
    the People filter; the Dashboard is left as it was, without the page."""
    from nettui.ui.screens.dashboard import DashboardScreen
    from nettui.ui.screens.person import PersonScreen

    repo = Repository(db_path)
    for name in ("Ana García", "José Núñez"):
        repo.add_person(Person(name=name))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        app.push_screen(PersonScreen(repo.resolve_person("Ana García").id))  # as enter does
        await settle(pilot)
        send_burst(app, *"/nunez")
        await settle(pilot)
        assert app.current_mode == "people"
        assert app.screen.filter_input.value == "nunez"
        assert app.focused is app.screen.filter_input
        await pilot.press("escape", "1")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    with Repository(db_path) as stored:
        assert len(stored.people()) == 2 and not stored.needs_offers_of(stored.people()[0].id)


async def test_keys_after_a_screen_key_in_one_burst_go_to_the_new_screen(db_path):
    """ "3/abog" in one burst, the first time Needs & offers opens: the screen switched
    after the burst, so "/abog" filtered People. Digits typed in a filter stay text."""
    from nettui.domain.models import NeedOffer
    from nettui.ui.screens.needs import NeedsScreen
    from nettui.ui.screens.people import PeopleScreen

    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    repo.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text="Busco abogada"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        send_burst(app, "3", "/", *"abog")
        await settle(pilot)
        assert isinstance(app.screen, NeedsScreen)
        assert app.screen.filter_text == "abog"
        send_burst(app, "ctrl+g", "2", "/", *"a12")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        assert app.screen.filter_text == "a12"
