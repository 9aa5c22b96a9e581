"""Saves run in a worker: typing is never blocked while a save waits for the lock."""

from __future__ import annotations

import fcntl
import json
import os
import time

from textual import events
from textual.widgets import Input, Static

from nettui.domain.models import Person
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.screens.people import PeopleScreen
from nettui.ui.screens.person_form import PersonFormScreen
from nettui.ui.widgets.mode_bar import ModeBar
from nettui.ui.widgets.person_list import PersonList


async def wait_until(pilot, condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


def names_on_disk(path) -> set[str]:
    data = json.loads(path.read_text())
    return {row["name"] for row in data["people"].values()}


async def test_keys_typed_while_a_delete_waits_for_the_lock_follow_it_in_order(db_path):
    repo = Repository(db_path)
    for name in ("Ana García", "Bruno Díaz", "María José Núñez"):
        repo.add_person(Person(name=name))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        victim = app.repo.person(screen.query_one(PersonList).current_id).display_name
        # Another nettui holds the store's lock, the way the store takes it.
        fd = hold_the_lock(app)
        try:
            await pilot.press("x")  # the delete waits for the lock in a worker
            type_now(app, "slash", *"nun")
            bar = screen.query_one(ModeBar)
            # The screen is live meanwhile: it says what it waits for.
            await wait_until(pilot, lambda: bar.note == "Waiting for the store lock…")
            assert app.saves.busy
            assert victim in names_on_disk(db_path)  # not saved yet
            assert screen.filter_input.value == ""  # the keys wait for the delete
        finally:
            release_the_lock(fd)
        await wait_until(pilot, lambda: not app.saves.busy and bar.note == "")
        await wait_until(pilot, lambda: screen.filter_input.value == "nun")
        assert victim not in names_on_disk(db_path)
        assert len(names_on_disk(db_path)) == 2


async def test_x_x_deletes_two_and_x_u_undoes_in_one_burst(db_path):
    """Keys typed during a save act after it: the second x deletes the next person (not
    the one being deleted), and u undoes the delete just made."""
    repo = Repository(db_path)
    for name in ("Ana García", "Bruno Díaz", "Carla Ruiz"):
        repo.add_person(Person(name=name))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        type_now(app, "x", "x")
        await wait_until(pilot, lambda: len(names_on_disk(db_path)) == 1)
        await wait_until(pilot, lambda: not app.saves.busy)
        assert names_on_disk(db_path) == {"Carla Ruiz"}
        said = [n.message for n in app._notifications]
        assert not any("No person with id" in m for m in said), said
        type_now(app, "x", "u")
        await wait_until(pilot, lambda: not app.saves.busy and not app._held_keys)
        await pilot.pause()
        assert names_on_disk(db_path) == {"Carla Ruiz"}  # deleted, then back


async def test_saves_in_a_row_keep_their_order_and_quitting_waits(db_path):
    repo = Repository(db_path)
    repo.add_person(Person(name="Ana García"))
    app = NettuiApp(repo)
    done: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        fd = hold_the_lock(app)
        try:
            for name in ("Bruno Díaz", "Carla Ruiz", "Dora Gil"):
                person = Person(name=name)
                app.save(lambda p=person: app.repo.add_person(p), lambda p: done.append(p.name))
            await pilot.pause(0.2)
            assert done == []  # all three wait for the lock
        finally:
            release_the_lock(fd)
        await pilot.press("q")  # quits once they are on disk
    assert done == ["Bruno Díaz", "Carla Ruiz", "Dora Gil"]
    assert names_on_disk(db_path) == {"Ana García", "Bruno Díaz", "Carla Ruiz", "Dora Gil"}


async def test_a_save_that_cannot_get_the_lock_says_so_and_loses_nothing(db_path):
    repo = Repository(db_path)
    repo.add_person(Person(name="Ana García"))
    repo.storage.lock_timeout = 0.3
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen_id = app.screen.query_one(PersonList).current_id
        fd = hold_the_lock(app)
        try:
            await pilot.press("x")
            await wait_until(pilot, lambda: not app.saves.busy)
            await pilot.pause()
            said = [n.message for n in app._notifications]
            assert any("is busy: another nettui has held it" in m for m in said), said
        finally:
            release_the_lock(fd)
        assert app.repo.person(screen_id) is not None  # still there, and shown
    assert names_on_disk(db_path) == {"Ana García"}


def hold_the_lock(app: NettuiApp) -> int:
    """Hold the store's lock as another nettui does (flock on the .lock file)."""
    fd = os.open(app.repo.storage.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def release_the_lock(fd: int) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def type_now(app: NettuiApp, *keys: str) -> None:
    """Keys as a terminal delivers them, without waiting for the app (press() waits)."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def roles_on_disk(path) -> dict[str, str]:
    data = json.loads(path.read_text())
    return {row["name"]: row["role"] for row in data["people"].values()}


async def test_a_form_waits_for_the_lock_open_and_the_keys_typed_meanwhile_follow(db_path):
    repo = Repository(db_path)
    for name in ("Ana García", "Nuria Vidal"):
        repo.add_person(Person(name=name, role="Periodista"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        people = app.screen
        assert isinstance(people, PeopleScreen)
        await pilot.press("e", "tab", "ctrl+a", "ctrl+k", *"Abogada")
        form = app.screen
        assert isinstance(form, PersonFormScreen)
        fd = hold_the_lock(app)
        try:
            await pilot.press("ctrl+s")
            type_now(app, "slash", *"nu")  # for the People list, once the form is closed
            await wait_until(
                pilot,
                lambda: (
                    form.query("#form-progress")
                    and str(form.query_one("#form-progress", Static).render())
                    == "Waiting for the store lock…"
                ),
            )
            assert app.screen is form  # still open, saying why
            assert form.query_one("#role", Input).value == "Abogada"
            assert roles_on_disk(db_path)["Ana García"] == "Periodista"  # not saved yet
            assert people.filter_input.value == ""  # the keys wait for the save
        finally:
            release_the_lock(fd)
        await wait_until(pilot, lambda: app.screen is people and not app.saves.busy)
        await wait_until(pilot, lambda: people.filter_input.value == "nu")
        assert roles_on_disk(db_path) == {"Ana García": "Abogada", "Nuria Vidal": "Periodista"}


async def test_a_form_whose_save_cannot_get_the_lock_stays_open_with_what_was_typed(db_path):
    repo = Repository(db_path)
    repo.add_person(Person(name="Ana García", role="Periodista"))
    repo.storage.lock_timeout = 0.3
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e", "tab", "ctrl+a", "ctrl+k", *"Abogada")
        form = app.screen
        assert isinstance(form, PersonFormScreen)
        fd = hold_the_lock(app)
        try:
            await pilot.press("ctrl+s")
            type_now(app, "!")  # typed while it waits: into the form, which stays open
            await wait_until(pilot, lambda: not app.saves.busy)
            await pilot.pause()
            error = str(form.query_one("#form-error", Static).render())
            assert error.startswith("Not saved: ")
            assert "is busy: another nettui has held it for 0 s" in error, error
            assert app.screen is form
            assert form.query_one("#role", Input).value == "Abogada!"
            assert form.query_one("#name", Input).value == "Ana García"
        finally:
            release_the_lock(fd)
        await pilot.press("ctrl+s")  # the lock is free now: saving again works
        await wait_until(pilot, lambda: app.screen is not form)
    assert roles_on_disk(db_path) == {"Ana García": "Abogada!"}


async def test_the_repository_is_changed_on_the_ui_thread_only(db_path):
    """Screens read the repository's indexes on the UI thread; a write from a worker
    changed them under a reader ("dictionary changed size during iteration")."""
    import threading

    repo = Repository(db_path)
    app = NettuiApp(repo)
    threads: list[int] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()

        def add() -> Person:
            threads.append(threading.get_ident())
            return app.repo.add_person(Person(name="Ana García"))

        app.save(add, lambda _: None)
        await wait_until(pilot, lambda: not app.saves.busy)
    assert threads == [threading.get_ident()]
    assert names_on_disk(db_path) == {"Ana García"}


async def test_the_file_is_fsynced_off_the_ui_thread_and_the_screen_stays_live(
    db_path, monkeypatch
):
    """A slow disk: the fsync runs in the save lane's worker while the screen says
    "Saving…" (drawn by the UI thread meanwhile); the file changes only once it is
    on disk, and the keys typed meanwhile follow."""
    import threading

    repo = Repository(db_path)
    for name in ("Ana García", "Bruno Díaz"):
        repo.add_person(Person(name=name))
    app = NettuiApp(repo)
    ui_thread = threading.get_ident()
    fsynced_on: list[int] = []
    real_fsync = os.fsync

    def slow_fsync(fd: int) -> None:
        fsynced_on.append(threading.get_ident())
        if threading.get_ident() != ui_thread:
            time.sleep(1.2)
        real_fsync(fd)

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        victim = app.repo.person(screen.query_one(PersonList).current_id).display_name
        monkeypatch.setattr(os, "fsync", slow_fsync)
        await pilot.press("x")
        type_now(app, "slash", *"br")
        bar = screen.query_one(ModeBar)
        await wait_until(pilot, lambda: bar.note == "Saving…")
        assert victim in names_on_disk(db_path)  # not renamed over the old file yet
        await wait_until(pilot, lambda: not app.saves.busy and bar.note == "")
        await wait_until(pilot, lambda: screen.filter_input.value == "br")
        monkeypatch.undo()
    assert fsynced_on and ui_thread not in fsynced_on
    assert victim not in names_on_disk(db_path)


def lock_is_free(app: NettuiApp) -> bool:
    fd = os.open(app.repo.storage.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


async def test_a_save_that_fails_after_a_change_undoes_it_and_frees_the_lock(db_path):
    from nettui.store.errors import NotFound

    repo = Repository(db_path)
    repo.add_person(Person(name="Ana García"))
    app = NettuiApp(repo)
    failures: list[Exception] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()

        def add_then_fail() -> None:
            app.repo.add_person(Person(name="Bea López"))
            raise NotFound("That need or offer no longer exists.")

        app.save(add_then_fail, lambda _: None, failures.append)
        await wait_until(pilot, lambda: not app.saves.busy)
        assert [str(f) for f in failures] == ["That need or offer no longer exists."]
        assert [p.name for p in app.repo.people()] == ["Ana García"]  # no phantom Bea
        assert lock_is_free(app)
        app.save(lambda: app.repo.add_person(Person(name="Cai Ruiz")), lambda _: None)
        await wait_until(pilot, lambda: not app.saves.busy)
    assert names_on_disk(db_path) == {"Ana García", "Cai Ruiz"}


async def test_an_undo_whose_write_fails_can_be_tried_again(db_path, monkeypatch):
    import errno

    from nettui.store import storage as storage_module

    repo = Repository(db_path)
    for name in ("Ana García", "Bruno Díaz"):
        repo.add_person(Person(name=name))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await wait_until(pilot, lambda: not app.saves.busy)
        assert len(names_on_disk(db_path)) == 1 and app.repo.can_undo

        def disk_full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(storage_module.os, "replace", disk_full)
        await pilot.press("u")
        await wait_until(pilot, lambda: not app.saves.busy)
        await pilot.pause()
        said = " ".join(n.message for n in app._notifications)
        assert "the disk is full" in said, said
        assert len(names_on_disk(db_path)) == 1 and len(app.repo.people()) == 1
        assert app.repo.can_undo  # the undo is still there to try again
        monkeypatch.undo()
        await pilot.press("u")
        await wait_until(pilot, lambda: not app.saves.busy)
        assert lock_is_free(app)
    assert names_on_disk(db_path) == {"Ana García", "Bruno Díaz"}
