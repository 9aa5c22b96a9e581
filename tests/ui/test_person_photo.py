"""The photo together (issue 24, part 4) in the app: a file field with completion in the
"how it went" form, and the photo itself on a person's page."""

from __future__ import annotations

import inspect
import stat
import sys
from datetime import datetime, timedelta

from PIL import Image
from textual.widgets import Input

from nettui.domain.models import Person
from nettui.store import photos
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.screens.outcome_form import OutcomeFormScreen
from nettui.ui.widgets import photo as photo_widget
from nettui.ui.widgets.photo import PhotoPanel
from tests.ui.test_outcome_form import plan
from tests.ui.test_people_screen import on_person_page, screen_text, type_text
from tests.ui.waits import saved, wait_for


def an_hour_ago() -> datetime:
    return datetime.now().astimezone().replace(second=0, microsecond=0) - timedelta(hours=2)


async def test_the_form_completes_the_path_copies_the_photo_and_the_page_shows_it(
    db_path, tmp_path
):
    pictures = tmp_path / "Pictures"
    pictures.mkdir()
    Image.new("RGB", (640, 480), (200, 40, 40)).save(pictures / "us-in-madrid.jpg")
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García", role="abogada"))
    meetup = plan(repo, [ana.id], an_hour_ago())
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "right", "d")  # Past, then "how it went"
        await pilot.pause()
        assert isinstance(app.screen, OutcomeFormScreen)
        await pilot.press("tab", "tab")  # notes, the tick, the photo's file
        field = app.screen.query_one("#photo-file", Input)
        assert app.screen.focused is field
        await type_text(pilot, f"{tmp_path}/Pic")
        await wait_for(pilot, lambda: field._suggestion.endswith("/Pictures/"), what="folder")
        await pilot.press("right")  # takes the suggestion, as Textual's Input does
        assert field.value == f"{pictures}/"
        await type_text(pilot, "u")
        await wait_for(pilot, lambda: field._suggestion.endswith("us-in-madrid.jpg"), what="file")
        await pilot.press("end")
        assert field.value == f"{pictures}/us-in-madrid.jpg"
        await pilot.press("ctrl+s")  # the photo is read in a thread, then saved
        await wait_for(
            pilot, lambda: not isinstance(app.screen, OutcomeFormScreen), what="form closed"
        )
        await saved(pilot)

        stored = repo.meetup(meetup.id)
        assert stored.status == "done" and stored.photo_together
        kept = photos.folder_of(db_path) / stored.photo
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
        assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
        with Image.open(kept) as image:
            assert image.size == (640, 480)

        app.open_person(ana.id)
        await pilot.pause()
        assert on_person_page(app)
        panel = app.screen.query_one(PhotoPanel)
        await wait_for(pilot, lambda: panel.display and panel.query(".photo"), what="photo")
        [picture] = panel.query(".photo")
        assert type(picture).__name__ == "HalfcellImage"  # no terminal here: half blocks
        assert picture.region.width == 20 and picture.region.height == 10
        text = screen_text(app)
        assert "Together," in text and ("▀" in text or "▄" in text)
        # The text beside it stays whole at 80 columns: the name and the role.
        assert "Ana García" in text and "abogada" in text
    with Repository(db_path) as fresh:
        assert fresh.meetup(meetup.id).photo == stored.photo


async def test_a_file_that_is_not_an_image_is_said_in_the_form_and_nothing_is_written(
    db_path, tmp_path
):
    fake = tmp_path / "holiday.jpg"
    fake.write_text("not a photo at all\n")
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    meetup = plan(repo, [ana.id], an_hour_ago())
    before = db_path.read_bytes()
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4", "right", "d")
        await pilot.pause()
        await pilot.press("tab", "tab")
        await type_text(pilot, str(fake))
        await pilot.press("ctrl+s")
        # "holiday.jpg is not an image…", said once the file was read (in a thread)
        await wait_for(pilot, lambda: "image nettui can read" in screen_text(app), what="error")
        assert isinstance(app.screen, OutcomeFormScreen)  # still open, the path kept
    assert db_path.read_bytes() == before
    assert repo.meetup(meetup.id).status == "planned"
    assert not photos.folder_of(db_path).exists()


async def test_a_contact_photo_shows_when_there_is_no_photo_together(db_path, tmp_path):
    repo = Repository(db_path)
    name = photos.name_for("ana", "png")
    Image.new("RGB", (96, 96), (20, 120, 200)).save(tmp_path / "face.png")
    photos.write(db_path, name, (tmp_path / "face.png").read_bytes())
    ana = repo.add_person(Person(name="Ana García", photo=name))
    bea = repo.add_person(Person(name="Bea López"))  # no photo: no panel, all columns
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_person(ana.id)
        await pilot.pause()
        panel = app.screen.query_one(PhotoPanel)
        await wait_for(pilot, lambda: panel.display, what="the contact photo")
        assert "Contact photo" in screen_text(app)
        await pilot.press("escape")
        app.open_person(bea.id)
        await pilot.pause()
        assert not app.screen.query_one(PhotoPanel).display


def test_textual_image_is_imported_without_asking_the_terminal(monkeypatch):
    """Canary: textual-image decides by sys.__stdout__ at import (renderable/__init__.py,
    widget/__init__.py) whether to query the terminal; nettui hides it then. If a new
    version reads it elsewhere, this names the place to look again."""
    import textual_image.renderable as renderable
    import textual_image.widget as widget

    assert "sys.__stdout__" in inspect.getsource(renderable)
    assert "get_cell_size()" in inspect.getsource(widget)
    real = sys.__stdout__
    photo_widget._widget_classes.clear()
    photo_widget._image_class("halfblocks")
    assert sys.__stdout__ is real  # put back


def test_the_graphics_come_from_the_environment_and_can_be_chosen():
    kind = photo_widget.graphics_kind
    assert kind({"TERM": "xterm-kitty"}) == "kitty"  # over ssh too: ssh forwards TERM
    assert kind({"TERM": "xterm-kitty", "TMUX": "/tmp/tmux-0/default,1,0"}) == "halfblocks"
    assert kind({"TERM": "foot"}) == "sixel"
    assert kind({"TERM": "xterm-256color"}) == "halfblocks"
    assert kind({"TERM": "xterm", "NETTUI_GRAPHICS": "none"}) == "none"
    assert kind({"TERM": "xterm-256color", "NETTUI_GRAPHICS": "Sixel"}) == "sixel"


async def test_a_narrow_terminal_gives_the_page_all_its_columns(db_path, tmp_path):
    repo = Repository(db_path)
    name = photos.name_for("ana", "png")
    Image.new("RGB", (96, 96), (20, 120, 200)).save(tmp_path / "face.png")
    photos.write(db_path, name, (tmp_path / "face.png").read_bytes())
    ana = repo.add_person(Person(name="Ana García", photo=name))
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_person(ana.id)
        await pilot.pause()
        panel = app.screen.query_one(PhotoPanel)
        await wait_for(pilot, lambda: panel.display, what="the photo at 80 columns")
        await pilot.resize_terminal(60, 24)
        await wait_for(pilot, lambda: not panel.display, what="no photo at 60 columns")
        assert "Ana García" in screen_text(app)
