"""Recording how a meetup went (issue 20): once only, whose follow-up it is, a future
meetup that moves to today, and names too long for the screen or the store."""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.widgets import Input, Select

from nettui.domain.models import Meetup, Person
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.screens.outcome_form import OutcomeFormScreen
from nettui.ui.screens.person_form import PersonFormScreen
from tests.ui.test_keys_in_a_burst import send_burst, settle
from tests.ui.test_people_screen import on_person_page, screen_text, type_text
from tests.ui.waits import saved


def plan(repo: Repository, people: list[str], start: datetime) -> Meetup:
    return repo.plan_meetup(
        Meetup(
            title="Coffee",
            people=people,
            start=start.isoformat(),
            end=(start + timedelta(hours=1)).isoformat(),
        )
    )


def notices(app: NettuiApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_a_follow_up_of_several_people_is_theirs_by_choice(db_path):
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    bea = repo.add_person(Person(name="Bea López"))
    soon = datetime.now().astimezone().replace(second=0, microsecond=0) - timedelta(hours=2)
    meetup = plan(repo, [ana.id, bea.id], soon)
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("4", "right")  # Past: it ended an hour ago
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, OutcomeFormScreen)
        await pilot.press("tab", "tab", "tab")  # notes, photo, photo file, need
        await type_text(pilot, "Busca abogada")
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert isinstance(app.screen, OutcomeFormScreen)  # not saved: whose is it?
        assert "pick the person under Whose" in screen_text(app)
        assert repo.meetup(meetup.id).status == "planned" and repo.needs_offers() == []

        await pilot.press("tab", "tab")  # offer, whose
        assert isinstance(app.screen.focused, Select)
        await pilot.press("enter")  # opens the list of the people there
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # Ana, then Bea
        await pilot.pause()
        assert app.screen.query_one("#whose", Select).value == bea.id
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert not isinstance(app.screen, OutcomeFormScreen)
    with Repository(db_path) as fresh:
        [need] = fresh.needs_offers()
        assert need.person_id == bea.id and need.text == "Busca abogada"
        assert fresh.meetup(meetup.id).status == "done"


async def test_d_on_a_meetup_already_recorded_says_so_and_records_nothing(db_path):
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    earlier = datetime.now().astimezone().replace(second=0, microsecond=0) - timedelta(days=1)
    meetup = plan(repo, [ana.id], earlier)
    repo.meetup_done(meetup.id, outcome="Great")
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("4", "right")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, OutcomeFormScreen)
        assert "This meetup was already recorded on " in notices(app)
    with Repository(db_path) as fresh:
        assert len(fresh.interactions_of(ana.id)) == 1


async def test_the_form_says_a_future_meetup_moves_to_today(db_path):
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    later = datetime.now().astimezone().replace(hour=10, minute=0, second=0, microsecond=0)
    meetup = plan(repo, [ana.id], later + timedelta(days=6))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("4", "d")
        await pilot.pause()
        assert isinstance(app.screen, OutcomeFormScreen)
        assert "recording it now moves it to today" in screen_text(app)
        before = datetime.now().astimezone().replace(second=0, microsecond=0)
        await pilot.press("ctrl+s")
        await saved(pilot)
        after = datetime.now().astimezone()
        await pilot.press("right")  # Past
        await pilot.pause()
        # Moved to the moment it was recorded, whichever side of midnight that fell.
        start = datetime.fromisoformat(repo.meetup(meetup.id).start)
        assert before <= start <= after
        assert repo.person(ana.id).met_in_person == start.astimezone().date().isoformat()
        assert "Past (1)" in screen_text(app)


async def test_a_name_too_long_is_a_form_error_and_a_stored_one_is_cut(db_path):
    repo = Repository(db_path)
    long_name = "Ana " + "Larga " * 1000
    repo.add_many([Person(name=long_name)])  # stored before there was a limit
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "enter")
        await pilot.pause()
        assert on_person_page(app)
        heading = [line for line in screen_text(app).splitlines() if "Ana Larga" in line]
        assert len(heading) == 1 and "…" in heading[0]  # one row, cut, not 70 rows
        await pilot.press("escape", "a")
        await pilot.pause()
        assert isinstance(app.screen, PersonFormScreen)
        # Typed in one burst: Pilot's press() waits for the app to idle after every key,
        # which made 201 keys take most of this test's time.
        send_burst(app, *"x" * 201)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert isinstance(app.screen, PersonFormScreen)
        assert app.screen.query_one("#name", Input).value == "x" * 201  # all of it arrived
        assert "Not saved: name: 201 characters, too long (at most 200)" in screen_text(app)
    with Repository(db_path) as fresh:
        assert len(fresh.people()) == 1


async def test_the_photo_box_shows_an_x_only_when_ticked(db_path, monkeypatch):
    """With NO_COLOR the box read ▐X▌ ticked and unticked alike (two close greys)."""
    monkeypatch.setenv("NO_COLOR", "1")
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    plan(repo, [ana.id], datetime.now().astimezone() - timedelta(hours=2))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("4", "right", "d")
        await pilot.pause()
        assert isinstance(app.screen, OutcomeFormScreen)

        def box() -> str:
            line = next(ln for ln in screen_text(app).splitlines() if "photo together" in ln)
            return line.split("We took")[0].strip(" │")

        assert box() == "▐ ▌"
        await pilot.press("tab", "space")  # to the box, tick it
        await pilot.pause()
        assert box() == "▐X▌"
        await pilot.press("space")
        await pilot.pause()
        assert box() == "▐ ▌"
