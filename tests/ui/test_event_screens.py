"""An event's page from the Meetups screen's Events tab: who was met there, "meet them
there" before it, someone going added with a suggested name, and "who I met here": ten
people typed in a row, then the store holds every one of them."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from nettui.domain.dates import local_now
from nettui.domain.models import Event, Person
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.screens.event_met import EventMetScreen
from nettui.ui.screens.event_page import EventScreen
from tests.ui.test_people_screen import screen_text, type_text
from tests.ui.waits import saved, wait_for


def an_event(name: str, days_from_now: int, people: list[str] = (), met: list[str] = ()) -> Event:
    # In the app's zone (local_now), as its pages show days: midnight as it reckons it.
    today = local_now().replace(hour=0, minute=0, second=0, microsecond=0)
    start = today + timedelta(days=days_from_now)
    return Event(
        name=name,
        start=start.isoformat(),
        end=(start + timedelta(days=2)).isoformat(),
        place="Valladolid",
        people=list(people),
        met=list(met),
    )


async def event_page_drawn(pilot, app: NettuiApp) -> None:
    """Wait for an event's page with its text (the screen alone came a frame early)."""
    await wait_for(
        pilot,
        lambda: (
            isinstance(app.screen, EventScreen)
            and any(w in screen_text(app) for w in ("When:", "Cuándo:"))
        ),
        what="the page drawn",
    )


async def open_events_tab(pilot) -> None:
    await pilot.press("4")
    await pilot.pause()
    await pilot.press("right_square_bracket", "right_square_bracket")
    await pilot.pause()


async def test_an_upcoming_event_lists_who_to_meet_there_and_takes_someone_going(db_path):
    repo = Repository(db_path)
    online = repo.add_person(Person(name="Bea López", role="Abogada"))
    met = repo.add_person(Person(name="Ana García", met_in_person="2024-01-01"))
    repo.add_person(Person(name="José Núñez"))  # online only, not going yet
    fest = repo.add_event(an_event("Tech Fest", 5, people=[online.id, met.id]))
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_events_tab(pilot)
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, EventScreen) and "Where:" in screen_text(app),
            what="the page drawn",
        )
        page = screen_text(app)
        assert "Tech Fest" in page and "Where: Valladolid" in page and "(in 5 days)" in page
        to_meet, also = page.split("Meet them there (1)")[1].split("Also going (1)")
        assert "Bea López" in to_meet and "Abogada" in to_meet and "Ana García" in also
        assert "Who I met here" not in page  # nobody is met before it starts

        await pilot.press("a")
        await type_text(pilot, "jose")
        await pilot.pause()
        await pilot.press("right")  # takes the suggested "José Núñez"
        await pilot.press("enter")
        await saved(pilot)
        assert isinstance(app.screen, EventScreen)
        assert "Meet them there (2)" in screen_text(app)
        assert "José Núñez" in screen_text(app)
    with Repository(db_path) as fresh:
        assert [p.name for p in fresh.people_by_ids(fresh.event(fest.id).people)] == [
            "Bea López",
            "Ana García",
            "José Núñez",
        ]


# Ten people met at a conference: (what is typed in the name field, "→" to take the
# suggestion, the note). Three are known (accents and case folded), seven are new.
EVENING = [
    ("jose", True, "necesita abogado laboralista"),
    ("Lucia Prieto", False, "Data engineer at Glovo"),
    ("bea", True, ""),
    ("Carlos Ruiz", False, "needs a CTO for his startup"),
    ("Marta Gil", False, "ofrece mentoria en UX"),
    ("ana gar", True, "now in Lisbon"),
    ("Pablo Sanz", False, ""),
    ("Irene Vidal", False, "Product manager"),
    ("Tomas Ferrer", False, "busca inversión"),
    ("Sara Molina", False, "Recruiter at TalentBridge"),
]


async def test_who_i_met_here_takes_ten_people_in_a_row(db_path):
    repo = Repository(db_path)
    jose = repo.add_person(Person(name="José Núñez", handles=[]))
    bea = repo.add_person(Person(name="Bea López"))
    ana = repo.add_person(Person(name="Ana García", role="Abogada", met_in_person="2020-05-01"))
    conf = repo.add_event(an_event("Conferencia Tech Sevilla", -1))
    app = NettuiApp(repo)
    keys = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await open_events_tab(pilot)
        await pilot.press("enter")
        await event_page_drawn(pilot, app)
        assert "Met there (0)" in screen_text(app)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, EventMetScreen)
        began = time.monotonic()
        for typed, take_suggestion, note in EVENING:
            await type_text(pilot, typed)
            keys += len(typed)
            if take_suggestion:
                await pilot.pause()  # the suggestion comes as the name is typed
                await pilot.press("right")
                keys += 1
            await pilot.press("enter")  # to the note
            await type_text(pilot, note)
            await pilot.press("enter")  # saves; the name field is next
            keys += len(note) + 2
        await saved(pilot)
        took = time.monotonic() - began
        print(f"ten people: {keys} keys, {took:.1f} s")
        assert "10 saved" in screen_text(app)
        await pilot.press("escape")
        await event_page_drawn(pilot, app)
        shown = screen_text(app)
        assert "Met there (10)" in shown and "Lucia Prieto" in shown
        said = [n.message for n in app._notifications]  # a toast wraps at 80 columns
        assert (
            "Conferencia Tech Sevilla: 10 people saved, 7 new, 2 known online, now met in person."
            in said
        )
    # Beyond the name and the note themselves, two or three keys a person (→ for a
    # suggested name, enter, enter): the typing is the whole cost, and the app never
    # holds the typist up (the ten saves took seconds here, with Pilot's own pauses).
    typed = sum(len(name) + len(note) for name, _, note in EVENING)
    assert keys - typed == 2 * 10 + 3 and took < 30
    # The conference began yesterday and is still on: people are met today.
    day = datetime.now().astimezone().date().isoformat()
    with Repository(db_path) as fresh:
        event = fresh.event(conf.id)
        met = fresh.people_by_ids(event.met)
        assert [p.name for p in met] == [
            "José Núñez", "Lucia Prieto", "Bea López", "Carlos Ruiz", "Marta Gil",
            "Ana García", "Pablo Sanz", "Irene Vidal", "Tomas Ferrer", "Sara Molina",
        ]  # fmt: skip
        assert fresh.count_people() == 10
        assert fresh.person(jose.id).met_in_person == day
        assert fresh.person(bea.id).met_in_person == day
        assert fresh.person(ana.id).met_in_person == "2020-05-01"  # the first date is kept
        assert fresh.person(ana.id).role == "Abogada"  # a note never replaces a role
        by_name = {p.name: p for p in met}
        assert by_name["Lucia Prieto"].role == "Data engineer at Glovo"
        assert by_name["Lucia Prieto"].how_we_met == "Conferencia Tech Sevilla"
        needs = {
            (fresh.owner_name(n.person_id), n.kind, n.text)
            for p in met
            for n in fresh.needs_offers_of(p.id)
        }
        assert needs == {
            ("José Núñez", "need", "abogado laboralista"),
            ("Carlos Ruiz", "need", "a CTO for his startup"),
            ("Marta Gil", "offer", "mentoria en UX"),
            ("Tomas Ferrer", "need", "inversión"),
        }
        assert all(fresh.interactions_of(p.id)[0].in_person for p in met)


async def test_escape_with_a_name_typed_says_so_before_leaving_it(db_path):
    repo = Repository(db_path)
    conf = repo.add_event(an_event("PyConES", -3))
    app = NettuiApp(repo, lang="es")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_events_tab(pilot)
        await pilot.press("enter", "w")
        await wait_for(pilot, lambda: isinstance(app.screen, EventMetScreen), what="the loop")
        await type_text(pilot, "Nuria Sol")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EventMetScreen)  # still there, with the name
        assert "Nuria Sol aún no está guardado" in screen_text(app)
        await pilot.press("escape")
        await event_page_drawn(pilot, app)
        assert "Conocidos allí (0)" in screen_text(app)
    with Repository(db_path) as fresh:
        assert fresh.count_people() == 0 and fresh.event(conf.id).met == []


async def test_three_people_typed_in_one_burst_are_three_people(db_path):
    """As over ssh: the next person's keys arrive before this one is saved; they wait
    for the save and land in the cleared name field, never in this person's note."""
    from tests.ui.test_keys_in_a_burst import send_burst, settle

    repo = Repository(db_path)
    conf = repo.add_event(an_event("PyConES", -1))
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_events_tab(pilot)
        await pilot.press("enter", "w")
        await wait_for(pilot, lambda: isinstance(app.screen, EventMetScreen), what="the loop")
        send_burst(
            app,
            *"Lucia Prieto", "enter", *"needs a CTO", "enter",
            *"Pablo Sanz", "enter", "enter",
            *"Irene Vidal", "enter", *"Product manager", "enter",
        )  # fmt: skip
        await settle(pilot)
        await saved(pilot)
        assert "3 saved" in screen_text(app)
    with Repository(db_path) as fresh:
        met = fresh.people_by_ids(fresh.event(conf.id).met)
        assert [(p.name, p.role) for p in met] == [
            ("Lucia Prieto", ""),
            ("Pablo Sanz", ""),
            ("Irene Vidal", "Product manager"),
        ]
        assert [n.text for n in fresh.needs_offers_of(met[0].id)] == ["a CTO"]


async def test_someone_going_whose_name_two_people_have_is_picked_from_a_list(db_path):
    """Two Hannah Gómez: the app said "Use an id", and ids show nowhere in it."""
    repo = Repository(db_path)
    designer = repo.add_person(Person(name="Hannah Gómez", role="Designer"))
    repo.add_person(Person(name="Hannah Gómez", role="Abogada"))
    fest = repo.add_event(an_event("Tech Fest", 5))
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_events_tab(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen), what="the page")
        await pilot.press("a")
        await type_text(pilot, "Hannah Gómez")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "2 people have that name" in screen_text(app), what="the two")
        shown = screen_text(app)
        assert "Designer" in shown and "Abogada" in shown and "Use an id" not in shown
        await pilot.press("enter")  # typed ahead, nothing highlighted: picks no one
        await pilot.pause()
        assert app.screen.query_one("#choose").highlighted is None
        await pilot.press("j", "j")
        await pilot.pause()
        await pilot.press("enter")  # the second (by what they do): the designer
        await saved(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen), what="the page")
    with Repository(db_path) as fresh:
        assert fresh.event(fest.id).people == [designer.id]
