"""Plan a trip from the Meetups screen: type the place and the days, see who is there
and why, tick, enter; the coffees are in the store, in the free slots."""

from __future__ import annotations

from datetime import datetime

from dateutil import tz

from nettui.domain.models import ME, Meetup, Person
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.screens.meetups import MeetupsScreen
from nettui.ui.screens.trip_plan import TripPlanScreen
from tests.clock import freeze_clock
from tests.ui.test_people_screen import screen_text, type_text
from tests.ui.waits import saved, wait_for

MADRID = tz.gettz("Europe/Madrid")
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=MADRID)  # a Sunday: "el lunes" is the 7th


def at(day: int, hour: int) -> str:
    return datetime(2026, 12, day, hour, 0, tzinfo=MADRID).isoformat()


def valladolid(repo: Repository) -> dict[str, str]:
    people = {
        "ana": Person(name="Ana Ruiz", location="Valladolid, España"),
        "bea": Person(name="Bea Gil", location="Valladolid"),
        "carla": Person(name="Carla Mora", location="valladolid"),
        "dani": Person(name="Dani Sol", location="Valladolid", met_in_person="2025-03-01"),
        "eva": Person(name="Eva Leonardo", location="Madrid"),
    }
    for person in people.values():
        repo.add_person(person)
    return {key: person.id for key, person in people.items()}


async def open_trip(pilot, app: NettuiApp, days: tuple[str, str]) -> None:
    await pilot.press("4")
    await pilot.pause()
    await pilot.press("t")
    await pilot.pause()
    assert isinstance(app.screen, TripPlanScreen)
    await type_text(pilot, "Valladolid")
    await pilot.press("tab")
    await type_text(pilot, days[0])
    await pilot.press("tab")
    await type_text(pilot, days[1])


async def test_plan_a_three_day_trip_and_the_coffees_are_stored(db_path, monkeypatch):
    freeze_clock(monkeypatch, NOW)
    repo = Repository(db_path)
    ids = valladolid(repo)
    repo.plan_meetup(  # Monday 10:00 is taken: the first coffee goes at 12:00
        Meetup(title="Dentist", people=[ME], start=at(7, 10), end=at(7, 11))
    )
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_trip(pilot, app, ("el lunes", "el miércoles"))
        await wait_for(
            pilot,
            lambda: "· 3 days" in screen_text(app) and "4 people there" in screen_text(app),
            what="the days and who is there",
        )
        shown = screen_text(app)
        assert "Monday, December 7, 2026 (tomorrow)" in shown  # the live previews
        assert "Wednesday, December 9, 2026 (in 3 days) · 3 days" in shown
        assert "Eva Leonardo" not in shown  # Madrid; "leon" is no part of Valladolid
        assert "[x] Ana Ruiz" in shown and "[x] Carla Mora" in shown
        assert "[ ] Dani Sol" in shown  # met already: last, and not ticked at first
        assert "never met in person" in shown and "3 ticked" in shown

        await pilot.press("tab")  # to the list: Ana first
        await pilot.press("space")  # untick Ana
        await pilot.press("down", "down", "down", "space")  # tick Dani
        await pilot.pause()
        shown = screen_text(app)
        assert "[ ] Ana Ruiz" in shown and "[x] Dani Sol" in shown and "3 ticked" in shown
        await pilot.press("enter")
        await saved(pilot)
        assert isinstance(app.screen, MeetupsScreen)
        assert "Coffee with Bea Gil" in screen_text(app)
    with Repository(db_path) as fresh:
        coffees = sorted(
            (m for m in fresh.meetups() if m.title != "Dentist"), key=lambda m: m.start
        )
        assert [(m.people, m.start) for m in coffees] == [
            ([ids["bea"]], at(7, 12)),
            ([ids["carla"]], at(7, 16)),
            ([ids["dani"]], at(7, 18)),
        ]
        assert {m.place for m in coffees} == {"Valladolid"}
        assert [m.title for m in coffees] == [
            "Coffee with Bea Gil",
            "Coffee with Carla Mora",
            "Coffee with Dani Sol",
        ]


async def test_days_that_make_no_trip_are_said_and_nothing_is_planned(db_path, monkeypatch):
    freeze_clock(monkeypatch, NOW)
    repo = Repository(db_path)
    valladolid(repo)
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_trip(pilot, app, ("el miércoles", "el lunes"))
        await wait_for(
            pilot, lambda: "ends before it starts" in screen_text(app), what="the days said"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Not saved: The trip ends before it starts" in screen_text(app)
        assert isinstance(app.screen, TripPlanScreen)  # what was typed is kept
    with Repository(db_path) as fresh:
        assert fresh.meetups() == []


async def test_the_trip_screen_fits_80x24_and_speaks_spanish(db_path, monkeypatch):
    from tests.ui.test_spanish import english_only_words, words

    freeze_clock(monkeypatch, NOW)
    repo = Repository(db_path)
    ids = valladolid(repo)
    app = NettuiApp(repo, lang="es")
    forbidden = english_only_words(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_trip(pilot, app, ("lunes", "lunes"))
        day = "lunes, 7 de diciembre de 2026 (mañana) · 1 día"
        await wait_for(
            pilot,
            lambda: day in screen_text(app) and "4 personas allí" in screen_text(app),
            what="the days and who is there",
        )
        shown = screen_text(app)
        assert not words(shown) & forbidden, shown
        assert "nunca os habéis visto en persona" in shown
        assert "esc cancela" in shown  # the last line of the form is on screen
        await pilot.press("ctrl+s")
        await saved(pilot)
    with Repository(db_path) as fresh:
        titles = sorted(m.title for m in fresh.meetups())
        assert titles == ["Café con Ana Ruiz", "Café con Bea Gil", "Café con Carla Mora"]
        assert {m.people[0] for m in fresh.meetups()} == {ids["ana"], ids["bea"], ids["carla"]}


async def test_someone_with_a_coffee_planned_in_those_days_is_not_ticked(db_path, monkeypatch):
    """Ticked while only the place was typed, Ana stayed ticked once the days showed her
    coffee already planned on Tuesday, and enter booked her a second one."""
    freeze_clock(monkeypatch, NOW)
    repo = Repository(db_path)
    ids = valladolid(repo)
    repo.plan_meetup(Meetup(title="Coffee", people=[ids["ana"]], start=at(8, 10), end=at(8, 11)))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("t")
        await type_text(pilot, "Valladolid")  # typed slowly: who is there shows first
        await wait_for(pilot, lambda: "[x] Ana Ruiz" in screen_text(app), what="Ana ticked")
        await pilot.press("tab")
        await type_text(pilot, "el lunes")
        await pilot.press("tab")
        await type_text(pilot, "el miércoles")
        await wait_for(
            pilot, lambda: "· 3 days" in screen_text(app), what="the days and who is there"
        )
        await wait_for(pilot, lambda: "[ ] Ana Ruiz" in screen_text(app), what="Ana unticked")
        await pilot.press("tab", "enter")
        await saved(pilot)
    with Repository(db_path) as fresh:
        anas = [m for m in fresh.meetups() if m.people == [ids["ana"]]]
    assert len(anas) == 1
