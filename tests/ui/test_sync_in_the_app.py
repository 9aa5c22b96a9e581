"""Sync in the app (issue 23): S on People (and "Sync now" in the palette) exchanges the
store with a vdir folder; the person's page shows what the sync asks of the user.
A real store on disk and real files in a temp vdir, with `vdirsyncer = false` (the
exchange with the folders alone, as for people who run vdirsyncer themselves)."""

from __future__ import annotations

import asyncio
import fcntl
import os
from pathlib import Path

import pytest

from nettui.config import Config, SyncSettings
from nettui.domain.models import NeedOffer, NeedOfferKind, Person
from nettui.io.vcard_write import write_vcard
from nettui.store.repository import Repository
from nettui.sync import vdirsyncer
from nettui.sync.exchange import exchange
from nettui.ui.app import NettuiApp
from tests.cli_in_process import run_nettui
from tests.ui.test_people_screen import screen_text, type_text
from tests.ui.waits import saved, wait_for


@pytest.fixture
def settings(tmp_path: Path) -> SyncSettings:
    return SyncSettings(
        contacts=tmp_path / "vdir" / "contacts",
        calendar=tmp_path / "vdir" / "meetups",
        vdirsyncer=False,
    )


def notices(app: NettuiApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def card_of(settings: SyncSettings, person: Person) -> Path:
    return settings.contacts / f"{person.id}.vcf"


async def sync_now(pilot, app: NettuiApp, said: str) -> None:
    """S, then wait until the sync is over and `said` is in a notification."""
    await pilot.press("S")
    await wait_for(pilot, lambda: said in notices(app), timeout=15, what=repr(said))
    await wait_for(pilot, lambda: not app.syncing.running, what="the sync to end")
    await saved(pilot)


async def open_page(pilot, name: str) -> None:
    await pilot.press("slash")
    await type_text(pilot, name)
    await pilot.press("enter", "enter")
    await pilot.pause()


async def test_S_exchanges_with_the_vdir_and_says_what_moved_each_way(db_path, settings):
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana Ruiz", emails=["ana@example.org"]))
    repo.add_person(Person(name="Luis Núñez"))
    settings.contacts.mkdir(parents=True)
    zoe = Person(name="Zoe Phone", phones=["+34 600 111 222"])
    (settings.contacts / "from-the-phone.vcf").write_text(write_vcard(zoe))
    app = NettuiApp(repo, config=Config(sync=settings))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await sync_now(pilot, app, "To your address book: 2 added")
        assert "From your address book: 1 added" in notices(app)
        assert "Zoe Phone" in screen_text(app)  # listed at once, no restart
        assert "3 people" in screen_text(app)
        assert card_of(settings, ana).exists()
        assert "Syncing" not in screen_text(app)  # the mode bar's note is gone
        app.clear_notifications()
        await sync_now(pilot, app, "In sync: nothing to exchange.")
    with Repository(db_path) as fresh:
        assert sorted(p.name for p in fresh.people()) == ["Ana Ruiz", "Luis Núñez", "Zoe Phone"]


async def test_a_second_S_while_a_sync_runs_says_so(db_path, settings):
    """Another process holds the store's lock: the sync waits for it, and S again is
    told so; once the lock is free, the one sync ends."""
    repo = Repository(db_path)
    repo.add_person(Person(name="Ana Ruiz"))
    app = NettuiApp(repo, config=Config(sync=settings))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        fd = os.open(repo.storage.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            await pilot.press("S")
            await wait_for(pilot, lambda: "Syncing" in screen_text(app), what="Syncing…")
            await pilot.press("S")
            await wait_for(
                pilot, lambda: "A sync is already running." in notices(app), what="the refusal"
            )
        finally:
            os.close(fd)  # frees the lock
        await wait_for(pilot, lambda: "1 added" in notices(app), timeout=15, what="the sync")
        assert notices(app).count("Synced.") == 1


async def test_a_card_edited_in_the_vdir_shows_on_the_page_after_S(db_path, settings):
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana Ruiz", role="Engineer"))
    app = NettuiApp(repo, config=Config(sync=settings))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await sync_now(pilot, app, "1 added")
        card = card_of(settings, ana)
        # As a phone's app and a server write it back: LF endings, the title changed.
        card.write_text(card.read_text().replace("\r\n", "\n").replace("Engineer", "Architect"))
        await open_page(pilot, "ana")
        assert "Engineer" in screen_text(app)
        app.clear_notifications()
        await sync_now(pilot, app, "From your address book: 1 changed")
        shown = screen_text(app)
        assert "Architect" in shown and "Engineer" not in shown  # still on her page
    with Repository(db_path) as fresh:
        assert fresh.person(ana.id).role == "Architect"


async def test_a_conflict_is_on_the_page_and_T_takes_theirs(db_path, settings, tmp_path):
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana Ruiz", role="Engineer"))
    app = NettuiApp(repo, config=Config(sync=settings), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await sync_now(pilot, app, "1 added")
        card = card_of(settings, ana)
        card.write_text(card.read_text().replace("Engineer", "Architect"))
        changed = repo.person(ana.id)
        changed.role = "CTO"
        repo.update_person(changed, changed=["role"])
        await sync_now(pilot, app, "1 conflict: nettui kept its value")
        await open_page(pilot, "ana")
        shown = screen_text(app)
        assert "Sync conflicts" in shown
        assert "T takes theirs · O keeps ours" in shown
        assert "  ours (kept)     CTO" in shown and "  theirs          Architect" in shown
        await pilot.press("T")
        await saved(pilot)
        shown = screen_text(app)
        assert "Sync conflicts" not in shown and "Architect" in shown
        assert "Settled: what they do keeps Architect." in notices(app)
    env = {"NETTUI_DB": str(db_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = run_nettui(env, "sync", "conflicts")
    assert result.stdout.strip() == "No conflicts."
    with Repository(db_path) as fresh:
        assert fresh.person(ana.id).role == "Architect"


async def test_O_keeps_ours_and_the_conflict_is_gone(db_path, settings):
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana Ruiz", role="Engineer"))
    exchange(repo, settings.contacts, settings.calendar)
    card = card_of(settings, ana)
    card.write_text(card.read_text().replace("Engineer", "Architect"))
    changed = repo.person(ana.id)
    changed.role = "CTO"
    repo.update_person(changed, changed=["role"])
    assert exchange(repo, settings.contacts, settings.calendar).conflicts
    app = NettuiApp(repo, config=Config(sync=settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_page(pilot, "ana")
        assert "Sync conflicts" in screen_text(app)
        await pilot.press("O")
        await saved(pilot)
        assert "Sync conflicts" not in screen_text(app)
        await pilot.press("O")  # nothing left to answer: the key does nothing
        await saved(pilot)
    with Repository(db_path) as fresh:
        assert fresh.person(ana.id).role == "CTO" and fresh.conflicts() == []


async def test_a_person_removed_elsewhere_is_marked_and_K_puts_the_card_back(db_path, settings):
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana Ruiz"))
    repo.add_person(Person(name="Bea"))  # her card stays: the folder is not emptied
    repo.add_need_offer(NeedOffer(person_id=ana.id, kind=NeedOfferKind.NEED, text="a designer"))
    app = NettuiApp(repo, config=Config(sync=settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await sync_now(pilot, app, "2 added")
        card_of(settings, ana).unlink()  # deleted on the phone
        await sync_now(pilot, app, "1 person removed from your address book is kept here")
        await open_page(pilot, "ana")
        shown = screen_text(app)
        assert "Removed from your address book; kept here: they hold more." in shown
        assert "K puts their card back · x deletes them" in shown
        await pilot.press("K")
        await saved(pilot)
        assert "Removed from your address book" not in screen_text(app)
        app.clear_notifications()
        await sync_now(pilot, app, "To your address book: 1 added")
    assert card_of(settings, ana).exists()


async def test_not_set_up_is_said_in_its_sentence_and_nothing_changes(
    db_path, settings, tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    # nettui's own vdirsyncer configuration, not written (no `nettui sync setup`).
    monkeypatch.setattr(vdirsyncer, "configuration_path", lambda: tmp_path / "config" / "none")
    settings.vdirsyncer = True
    repo = Repository(db_path)
    repo.add_person(Person(name="Ana Ruiz"))
    app = NettuiApp(repo, config=Config(sync=settings))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("S")
        said = "Sync is not set up: run nettui sync setup --url URL."
        await wait_for(pilot, lambda: said in notices(app), what="the sentence")
        assert not app.syncing.running and "Syncing" not in screen_text(app)
    assert not settings.contacts.exists()
    assert repo.sync_states() == {}


async def test_a_sync_from_cron_shows_in_the_open_app_within_2_s(db_path, settings):
    """`nettui sync` run by cron writes the store while the app is open: the app's poll
    shows the new person, as for any other writer."""
    repo = Repository(db_path)
    repo.add_person(Person(name="Ana Ruiz"))
    settings.contacts.mkdir(parents=True)
    (settings.contacts / "x.vcf").write_text(write_vcard(Person(name="Zoe Cron")))
    app = NettuiApp(repo, config=Config(sync=settings))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: "Ana Ruiz" in screen_text(app), what="Ana listed")

        def cron() -> None:  # its own Repository on the same file, as another process
            with Repository(db_path) as other:
                exchange(other, settings.contacts, settings.calendar)

        await asyncio.to_thread(cron)
        await wait_for(pilot, lambda: "Zoe Cron" in screen_text(app), timeout=2, what="Zoe")


async def test_the_page_asks_in_spanish_within_80_columns(db_path, settings):
    """Removed elsewhere and a conflict at once, in Spanish, at 80x24: each line whole,
    near the top of the page."""
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana Ruiz", role="Ingeniera"))
    repo.add_person(Person(name="Bea"))  # her card stays: the folder is not emptied
    repo.add_need_offer(NeedOffer(person_id=ana.id, kind=NeedOfferKind.NEED, text="diseño"))
    exchange(repo, settings.contacts, settings.calendar)
    card = card_of(settings, ana)
    card.write_text(card.read_text().replace("Ingeniera", "Arquitecta"))
    changed = repo.person(ana.id)
    changed.role = "Directora"
    repo.update_person(changed, changed=["role"])
    exchange(repo, settings.contacts, settings.calendar)  # the conflict
    card.unlink()
    exchange(repo, settings.contacts, settings.calendar)  # removed elsewhere, kept
    app = NettuiApp(repo, config=Config(sync=settings), lang="es")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_page(pilot, "ana")
        shown = screen_text(app)
        for line in (
            "Quitada de tu libreta de direcciones; se conserva aquí: tiene más datos.",
            "K devuelve su tarjeta · x la borra",
            "Conflictos de sincronización",
            "T toma la suya · O conserva la nuestra (el primero, ▸)",
            "  nuestra (queda) Directora",
            "  la suya         Arquitecta",
        ):
            assert line in shown, line
