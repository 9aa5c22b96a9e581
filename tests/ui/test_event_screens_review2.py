"""Events in the app, after a second review: the "Add an event" form previews its date
(a date without a year is the nearest such day: 3 Dec seen on 6 Dec is three days
ago) and says a name it does not know in the app's words; "who I met here" lets the
user pick one of two people of one name, or someone new, with the keyboard."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import Input, OptionList

from nettui.domain.dates import local_now
from nettui.domain.models import Person
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.screens.event_form import EventFormScreen
from nettui.ui.screens.event_met import EventMetScreen
from tests.clock import freeze_clock
from tests.ui.test_event_screens import an_event, open_events_tab
from tests.ui.test_event_screens_review import open_who_i_met
from tests.ui.test_keys_in_a_burst import send_burst, settle
from tests.ui.test_people_screen import screen_text, type_text
from tests.ui.waits import saved, wait_for


@pytest.fixture
def sunday(monkeypatch) -> datetime:
    now = local_now().replace(2026, 12, 6, 17, 0, 0, 0)
    freeze_clock(monkeypatch, now)
    return now


@pytest.mark.parametrize(
    ("lang", "when", "shown"),
    [
        ("en", "3 Dec", "Thursday, December 3, 2026, all day (3 days ago)"),
        ("es", "3/12", "jueves, 3 de diciembre de 2026, todo el día (hace 3 días)"),
    ],
)
async def test_the_event_form_previews_a_past_day_and_saves_it(db_path, sunday, lang, when, shown):
    repo = Repository(db_path)
    app = NettuiApp(repo, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_events_tab(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, EventFormScreen), what="the form")
        await type_text(pilot, "PyConES")
        await pilot.press("tab")
        await type_text(pilot, when)
        await pilot.pause()
        assert "→ " + shown in screen_text(app)
        await pilot.press("tab")
        await type_text(pilot, "2 days")
        await pilot.pause()
        assert "2026" in screen_text(app) and "2027" not in screen_text(app)
        await pilot.press("tab", "tab", "enter")
        await saved(pilot)
    with Repository(db_path) as fresh:
        [event] = fresh.events()
        assert event.start.startswith("2026-12-03T00:00") and event.end.startswith("2026-12-05")


async def add_an_event(pilot, app: NettuiApp, name: str, when: str, people: str) -> None:
    """The Events tab's form, filled as a person types it, then enter on People."""
    await open_events_tab(pilot)
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(app.screen, EventFormScreen), what="the form")
    await type_text(pilot, name)
    await pilot.press("tab")
    await type_text(pilot, when)
    await pilot.press("tab", "tab", "tab")
    await type_text(pilot, people)
    await pilot.press("enter")
    await saved(pilot)


async def test_the_event_form_says_an_unknown_person_in_the_apps_words(db_path, sunday):
    app = NettuiApp(Repository(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await add_an_event(pilot, app, "Talk", "2026-12-01", "Nobody")
        said = screen_text(app)
        assert "No one called 'Nobody' among your people" in said
        assert "nettui find" not in said


async def test_two_people_of_one_name_are_picked_with_the_keyboard(db_path):
    repo = Repository(db_path)
    designer = repo.add_person(Person(name="Hannah Gómez", role="Designer", company="Acme"))
    lawyer = repo.add_person(Person(name="Hannah Gómez", role="Lawyer", location="Madrid"))
    repo.add_event(an_event("PyConES", -1))
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_who_i_met(pilot, app)
        await type_text(pilot, "Hannah Gomez")
        await pilot.pause()
        shown = screen_text(app)
        assert "2 people are called Hannah Gomez" in shown
        assert "Designer, Acme" in shown and "Lawyer, Madrid" in shown
        assert "Use an id" not in shown
        # Enter lists them; nothing is picked until an arrow says which.
        await pilot.press("enter", "enter")
        await pilot.pause()
        choices = app.screen.query_one("#choose", OptionList)
        assert choices.display and app.screen.focused is choices
        assert "Someone new called Hannah Gomez" in screen_text(app)
        await pilot.press("down", "down", "enter")  # the lawyer
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#note", Input)
        assert "Picked: Hannah Gómez · Lawyer, Madrid" in screen_text(app)
        await type_text(pilot, "offers legal advice")
        await pilot.press("enter")
        await saved(pilot)
        assert "1 saved" in screen_text(app) and not choices.display
        # Typed ahead in one burst (as over ssh): what follows the name is its note,
        # and the list asks which one before anything is saved; the pick saves.
        send_burst(app, *"Hannah Gomez", "enter", *"a designer", "enter")
        await settle(pilot)
        await saved(pilot)
        assert choices.display and app.screen.focused is choices
        assert "2 saved" not in screen_text(app)
        assert app.screen.query_one("#name", Input).value == "Hannah Gomez"
        assert app.screen.query_one("#note", Input).value == "a designer"
        await pilot.press("down", "enter")  # the first: the designer
        await saved(pilot)
        assert "2 saved" in screen_text(app)
        # Someone new of that name: the last choice.
        await type_text(pilot, "Hannah Gómez")
        await pilot.press("enter", "end", "enter")
        await type_text(pilot, "student")
        await pilot.press("enter")
        await saved(pilot)
        assert "3 saved" in screen_text(app)
        assert isinstance(app.screen, EventMetScreen)
    with Repository(db_path) as fresh:
        assert fresh.count_people() == 3
        [seen] = fresh.interactions_of(designer.id)
        assert seen.summary == "Met at PyConES: a designer"
        assert [n.text for n in fresh.needs_offers_of(lawyer.id)] == ["legal advice"]
        [new] = [p for p in fresh.people() if p.id not in (designer.id, lawyer.id)]
        assert new.name == "Hannah Gómez" and new.role == "student"


async def test_the_event_form_takes_no_part_of_a_name_and_a_past_event_says_there(db_path, sunday):
    """ "Bea" silently became Bea López in the form (the CLI and the loop refuse part of
    a name); and people named in the form of a past event were listed as "met there",
    while nobody was recorded as met."""
    repo = Repository(db_path)
    repo.add_person(Person(name="Bea López"))
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await add_an_event(pilot, app, "Madrid Rust", "2026-12-01", "Bea")
        assert "'Bea' is only part of a name (Bea López)" in screen_text(app)
        assert repo.events() == []
        await pilot.press("ctrl+a", "ctrl+k")  # the field emptied, as a user would
        await type_text(pilot, "Bea López")
        await pilot.press("enter")
        await saved(pilot)
        await wait_for(
            pilot, lambda: not isinstance(app.screen, EventFormScreen), what="the form saved"
        )
        await wait_for(pilot, lambda: "there: Bea López" in screen_text(app), what="the row")
        assert "met there" not in screen_text(app)
