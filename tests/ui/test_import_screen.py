"""Import a vCard file from the app, then review and merge a duplicate."""

from __future__ import annotations

from pathlib import Path

from nettui.domain.models import Person
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.screens.duplicates import DuplicatesScreen
from nettui.ui.screens.import_file import ImportScreen
from tests.ui.test_people_screen import screen_text, type_text

DATA = Path(__file__).parents[1] / "data" / "vcf"


async def test_import_from_the_app_then_merge_a_duplicate(db_path):
    repo = Repository(db_path)
    repo.add_person(Person(name="Íñigo Ibáñez", phones=["+34 611 22 33 44"]))
    repo.add_person(Person(name="Iñigo I.", emails=["inigo@luzyfoco.es"]))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("I")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "Dry run, then import" in footer and "Save" not in footer  # ctrl+s = enter
        await type_text(pilot, str(DATA / "google-3.0.vcf"))
        await pilot.press("enter")  # what it would do
        await app.workers.wait_for_complete()
        await pilot.press("enter")  # do it
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "2 cards read: added 2 people." in screen_text(app)
        await pilot.press("escape", "D")
        await pilot.pause()
        assert isinstance(app.screen, DuplicatesScreen)
        # the people already there and the imported card share nothing yet; the two
        # records of Íñigo are not matched either: different phone and email
        assert "No possible duplicates." in screen_text(app)
    with Repository(db_path) as fresh:
        assert {p.name for p in fresh.people()} >= {"Lucía Fernández", "CL72DJ33"}


async def test_duplicates_screen_merges(db_path):
    repo = Repository(db_path)
    repo.add_person(
        Person(name="Ana García", emails=["ana@a.org"], created="2024-01-01T00:00:00+00:00")
    )
    repo.add_person(Person(name="Ana G.", emails=["ana@a.org"], company="Ortega"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await pilot.pause()
        shown = screen_text(app)
        assert "Ana García  ⇐  Ana G." in shown and "the same email" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert "No possible duplicates." in screen_text(app)
    with Repository(db_path) as fresh:
        [ana] = fresh.people()
        assert (ana.name, ana.company) == ("Ana García", "Ortega")


async def dry_run(pilot, app: NettuiApp, path: Path) -> None:
    """I on People, the file's path, enter: what importing it would do is on screen."""
    await pilot.pause()
    await pilot.press("I")
    await pilot.pause()
    await type_text(pilot, str(path))
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_enter_shows_the_dry_run_of_a_broken_file_then_a_second_enter_imports(db_path):
    """broken.vcf holds 4 cards, 2 of them broken: one keeps its bad line in its notes,
    one holds nothing a person is made of and is skipped, said whole. The dialog said
    so, showed no line break as ␊, and enter imported at once."""
    app = NettuiApp(Repository(db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await dry_run(pilot, app, DATA / "broken.vcf")
        shown = screen_text(app)
        assert "4 cards read: would add 3 people, 1 value kept in the notes, 1 skipped." in shown
        assert "Good One, Bad One, Also Good" in shown
        assert "␊" not in shown
        lines = shown.splitlines()
        assert any(
            line.strip(" │").startswith("kept in the notes: ")
            and "broken.vcf:8: not a vCard" in line
            for line in lines
        )
        # The whole card is said to be skipped, from its first line (16).
        assert any(
            line.strip(" │").startswith("skipped: line 16: the whole card") for line in lines
        )
        assert "enter imports it" in shown
        with Repository(db_path) as store:
            assert store.count_people() == 0  # a dry run: nothing written
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "4 cards read: added 3 people, 1 value kept in the notes, 1 skipped." in screen_text(
            app
        )
        assert isinstance(app.screen, ImportScreen)
    with Repository(db_path) as store:
        assert sorted(p.name for p in store.people()) == ["Also Good", "Bad One", "Good One"]


async def test_another_file_after_a_dry_run_is_shown_before_it_is_imported(db_path):
    app = NettuiApp(Repository(db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await dry_run(pilot, app, DATA / "broken.vcf")
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, str(DATA / "google-3.0.vcf"))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "2 cards read: would add 2 people." in screen_text(app)
    with Repository(db_path) as store:
        assert store.count_people() == 0
