"""Plan a coffee from a person's page, see it in the agenda, record how it went."""

from __future__ import annotations

import re
from datetime import timedelta

from nettui.domain.models import Person
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.screens.meetup_form import MeetupFormScreen
from nettui.ui.screens.outcome_form import OutcomeFormScreen
from tests.ui.test_people_screen import on_person_page, screen_text, type_text
from tests.ui.waits import saved, wait_for


async def test_plan_a_coffee_mark_it_done_and_the_ratio_changes(db_path):
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    repo.add_person(Person(name="Bea López", met_in_person="2024-01-01"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert "50% met in person" in screen_text(app)

        await pilot.press("2", "enter")  # Ana's page
        await pilot.pause()
        assert on_person_page(app)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetupFormScreen)
        await type_text(pilot, "el viernes a las 10")
        await pilot.pause()
        preview = screen_text(app)
        assert "Friday" in preview and "10:00" in preview  # the live preview
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert on_person_page(app)

        await pilot.press("escape", "4")
        await pilot.pause()
        agenda = screen_text(app)
        assert "Coffee with Ana García" in agenda and "10:00" in agenda and "Fri" in agenda

        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, OutcomeFormScreen)
        await type_text(pilot, "Great chat")
        await pilot.press("tab", "space")  # photo together
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert not isinstance(app.screen, OutcomeFormScreen)

        await pilot.press("1")
        await pilot.pause()
        assert "100% met in person" in screen_text(app)
    with Repository(db_path) as fresh:
        [meetup] = fresh.meetups()
        assert meetup.status == "done" and meetup.photo_together
        assert meetup.outcome == "Great chat"
        assert fresh.person(ana.id).met_in_person is not None
        assert fresh.interactions_of(ana.id)[0].in_person


async def test_the_dashboard_is_made_ahead_and_shows_what_changed_since(db_path):
    """The Dashboard's screen is made while the app is idle after the store is read,
    so its first visit only draws it; what changed meanwhile is on it."""
    repo = Repository(db_path)
    repo.add_person(Person(name="Ana García"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(  # the warm-up makes it once the store is read
            pilot,
            lambda: app._screen_stacks.get("dashboard"),  # Textual's own: made, not shown
            timeout=10,
            what="the Dashboard made ahead",
        )
        assert app.current_mode == "people" and app._screen_stacks.get("dashboard")
        repo.add_person(Person(name="Bea López", met_in_person="2024-01-01"))
        await pilot.press("1")
        await pilot.pause()
        shown = screen_text(app)
        assert "2 people known" in shown and "50% met in person" in shown


def footer_text(app: NettuiApp) -> str:
    return screen_text(app).splitlines()[-1]


async def test_the_footer_and_help_say_what_a_does_on_the_tab_in_front(db_path):
    """Meetups remembered the Events tab: `a` added an event while the footer said
    "a Plan". The footer and the help follow the tab in front."""
    from nettui.ui.screens.event_form import EventFormScreen
    from nettui.ui.screens.help import HelpScreen

    app = NettuiApp(Repository(db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        footer = footer_text(app)
        assert "a Plan" in footer and "Add event" not in footer
        await pilot.press("right", "right")  # the Events tab
        await pilot.pause()
        footer = footer_text(app)
        assert "a Add event" in footer and "a Plan" not in footer
        assert "d Done" not in footer and "c Cancel" not in footer  # no meetups here
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        assert "Add event" in shown and not re.search(r"\bPlan\b(?! a trip)", shown)
        await pilot.press("escape", "2", "4")  # away and back: still on Events
        await pilot.pause()
        assert "a Add event" in footer_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        await pilot.press("escape", "left", "left")
        await pilot.pause()
        assert "a Plan" in footer_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, MeetupFormScreen)


async def test_tab_accepts_the_with_suggestion_and_moves_on(db_path):
    """The "With" suggestion was accepted with the right arrow only: tab moved on and
    left "ana g" in the field."""
    repo = Repository(db_path)
    repo.add_person(Person(name="Ana García"))
    repo.add_person(Person(name="Luis Pérez"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("4", "a")
        await pilot.pause()
        await type_text(pilot, "luis, ana g")
        await pilot.press("tab")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MeetupFormScreen)
        assert form.query_one("#people").value == "Luis Pérez, Ana García"
        assert form.focused is not None and form.focused.id == "when"
        await type_text(pilot, "tomorrow 10")
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert not isinstance(app.screen, MeetupFormScreen)
    with Repository(db_path) as fresh:
        [meetup] = fresh.meetups()
        assert sorted(fresh.owner_name(p) for p in meetup.people) == ["Ana García", "Luis Pérez"]


async def test_a_name_that_could_be_two_people_offers_a_choice(db_path):
    """ "bego" (two Begoñas) was an error at save; now a list to pick from, by keys."""
    repo = Repository(db_path)
    repo.add_person(Person(name="Begoña Ruiz", role="Designer"))
    sanz = repo.add_person(Person(name="Begoña Sanz", role="Lawyer", company="Ortega"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("4", "a")
        await pilot.pause()
        await type_text(pilot, "bego")
        await pilot.press("tab")
        await pilot.pause()
        shown = screen_text(app)
        assert "'bego' could be 2 people" in shown
        assert "Begoña Ruiz  Designer" in shown and "Begoña Sanz  Lawyer, Ortega" in shown
        assert "Not saved" not in shown
        await pilot.press("1")  # a digit in the form's pick list: the screen behind stays
        await pilot.pause()
        assert isinstance(app.screen, MeetupFormScreen)
        assert "'bego' could be 2 people" in screen_text(app)
        await pilot.press("down", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MeetupFormScreen)
        assert form.query_one("#people").value == "Begoña Sanz"
        assert form.focused is not None and form.focused.id == "when"
        assert "could be 2 people" not in screen_text(app)
        await type_text(pilot, "tomorrow 10")
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert not isinstance(app.screen, MeetupFormScreen)
    with Repository(db_path) as fresh:
        [meetup] = fresh.meetups()
        assert meetup.people == [sanz.id]


async def test_two_people_of_the_same_name_are_told_apart_when_saving(db_path):
    repo = Repository(db_path)
    repo.add_person(Person(name="Ana García", company="Ortega"))
    other = repo.add_person(Person(name="Ana García", company="Lumen"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("4", "a")
        await pilot.pause()
        await pilot.press("tab")  # "With" left empty for now
        await type_text(pilot, "tomorrow 10")
        await pilot.press("shift+tab")
        await type_text(pilot, "Ana García")
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert "could be 2 people" in screen_text(app)
        await pilot.press("escape")  # back to the names, the form kept
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MeetupFormScreen)
        assert form.focused is not None and form.focused.id == "people"
        assert "could be 2 people" not in screen_text(app)
        await pilot.press("ctrl+s")
        await saved(pilot)
        choices = [o.id for o in form.query_one("#choose")._options]
        await pilot.press(*["down"] * choices.index(other.id), "enter")  # then it saves
        await pilot.pause()
        assert not isinstance(app.screen, MeetupFormScreen)
    with Repository(db_path) as fresh:
        assert [m.people for m in fresh.meetups()] == [[other.id]]


async def test_the_cursor_follows_a_meetup_just_planned(db_path):
    """Planned for tomorrow, it came first in the list while the cursor stayed on the
    old first meetup, and d then recorded that one."""
    from datetime import datetime, timedelta

    from nettui.domain.models import Meetup

    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    repo.add_person(Person(name="Bea López"))
    later = datetime.now().astimezone().replace(microsecond=0) + timedelta(days=5)
    repo.plan_meetup(
        Meetup(
            title="Lunch with Ana",
            people=[ana.id],
            start=later.isoformat(),
            end=(later + timedelta(hours=1)).isoformat(),
        )
    )
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("4", "a")
        await pilot.pause()
        await type_text(pilot, "Bea López")
        await pilot.press("tab")
        await type_text(pilot, "tomorrow 10")
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert not isinstance(app.screen, MeetupFormScreen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, OutcomeFormScreen)
        assert app.screen.meetup.title == "Coffee with Bea López"


async def test_down_on_the_last_event_stays_there(db_path):
    """Going round from the last event to the first, a quick j j j then enter opened
    the wrong event; the other lists stop at their ends."""
    from nettui.domain.dates import local_now
    from nettui.domain.models import Event
    from nettui.ui.screens.event_page import EventScreen

    repo = Repository(db_path)
    start = local_now().replace(microsecond=0)
    for name, days in (("First Fest", 3), ("Last Fest", 9)):
        day = start + timedelta(days=days)
        repo.add_event(Event(name=name, start=day.isoformat(), end=day.isoformat()))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("right", "right")  # the Events tab
        await pilot.pause()
        await pilot.press("j", "j", "j", "j", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen), what="the page")
        assert app.screen.event.name == "Last Fest"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k", "k", "k", "k", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen), what="the page")
        assert app.screen.event.name == "First Fest"
