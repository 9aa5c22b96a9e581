"""Events in the app, after review: a name that only starts a known one is not saved as
someone new at once, someone met twice is one person, a person gone from the store is
no "?" on the Events tab, and the tab lists what is to come first, soonest first."""

from __future__ import annotations

import json

from textual.widgets import Input

from nettui.domain.models import Person
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.screens.event_met import EventMetScreen
from nettui.ui.screens.event_page import EventScreen
from tests.ui.test_event_screens import an_event, open_events_tab
from tests.ui.test_people_screen import screen_text, type_text
from tests.ui.waits import saved, wait_for


async def open_who_i_met(pilot, app) -> None:
    await open_events_tab(pilot)
    await pilot.press("enter")
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, EventScreen) and "When:" in screen_text(app),
        what="the page drawn",
    )
    await pilot.press("w")
    await wait_for(pilot, lambda: isinstance(app.screen, EventMetScreen), what="the loop")


async def test_part_of_a_known_name_is_someone_new_only_when_said_twice(db_path):
    repo = Repository(db_path)
    dora = repo.add_person(Person(name="Dora Met"))
    conf = repo.add_event(an_event("PyConES", -1))
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_who_i_met(pilot, app)
        await type_text(pilot, "Dora")
        await pilot.pause()
        shown = screen_text(app)
        assert "Known: Dora Met" in shown and "Someone new." not in shown
        await pilot.press("enter")
        await type_text(pilot, "needs a CTO")
        await pilot.press("enter")  # held back: it says so
        await saved(pilot)
        assert "Dora only starts a known name (Dora Met)" in screen_text(app)
        assert "saved" not in screen_text(app) and repo.count_people() == 1
        # Back to the name: → takes the suggestion, and it is Dora Met who is saved.
        await pilot.press("shift+tab", "right")
        assert app.screen.query_one("#name", Input).value == "Dora Met"
        await pilot.press("enter", "enter")
        await saved(pilot)
        assert "1 saved" in screen_text(app)
        # Someone new by a part of a known name: enter again, with nothing changed.
        await type_text(pilot, "Dora")
        await pilot.press("enter", "enter")
        await saved(pilot)
        assert "1 saved" in screen_text(app) and repo.count_people() == 1
        await pilot.press("enter")
        await saved(pilot)
        assert "2 saved" in screen_text(app) and "+ Dora" in screen_text(app)
        # Dora Met again, at the same event: one person, met there once.
        await type_text(pilot, "Dora Met")
        await pilot.pause()
        assert "Met here already" in screen_text(app)
        await pilot.press("enter", "enter")
        await saved(pilot)
        assert "2 saved" in screen_text(app) and "(met here already)" in screen_text(app)
        await type_text(pilot, "me")  # the user: never someone met
        await pilot.pause()
        assert "'me': that's you." in screen_text(app)
        await pilot.press("enter", "enter")
        await saved(pilot)
        assert "Not saved: 'me': that's you." in screen_text(app)
    with Repository(db_path) as fresh:
        assert sorted(p.name for p in fresh.people()) == ["Dora", "Dora Met"]
        assert len(fresh.interactions_of(dora.id)) == 1
        assert [n.text for n in fresh.needs_offers_of(dora.id)] == ["a CTO"]
        assert len(fresh.event(conf.id).met) == 2


async def test_the_events_tab_lists_to_come_soonest_first_then_the_past(db_path):
    repo = Repository(db_path)
    gone = repo.add_person(Person(name="Ana García"))
    bea = repo.add_person(Person(name="Bea López"))
    for name, days in (("Old Fair", -400), ("March Summit", 100), ("Last Week", -7)):
        repo.add_event(an_event(name, days))
    repo.add_event(an_event("Next Week", 7, people=[gone.id, bea.id]))
    # A store from before deleting took people off events: Ana is gone, her id stays.
    data = json.loads(db_path.read_text())
    del data["people"][gone.id]
    db_path.write_text(json.dumps(data))
    app = NettuiApp(Repository(db_path))
    async with app.run_test(size=(80, 30)) as pilot:
        await open_events_tab(pilot)
        await wait_for(pilot, lambda: "Old Fair" in screen_text(app), what="the events")
        shown = screen_text(app)
        assert "going: Bea López" in shown and "?, " not in shown and ", ?" not in shown
        names = ("Next Week", "March Summit", "Last Week", "Old Fair")
        assert sorted(names, key=shown.index) == list(names)
