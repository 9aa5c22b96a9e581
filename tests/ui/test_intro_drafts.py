"""`i` on a match between two other people: the three drafts, switching them, the
language, `c` (clipboard and a private file), the states, and both pages showing it."""

from __future__ import annotations

import stat

from nettui.domain.models import ME, NeedOffer, Person
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.screens.intro_drafts import IntroDraftsScreen
from nettui.ui.screens.needs import NeedsScreen
from tests.ui.test_needs_screen import wait_for_matches
from tests.ui.test_people_screen import on_person_page, screen_text
from tests.ui.waits import saved


def two_others(db_path) -> tuple[Repository, Person, Person]:
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García", role="abogada laboralista"))
    bea = repo.add_person(Person(name="Bea López", role="photographer"))
    repo.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text="Busco fotógrafo de bodas"))
    repo.add_need_offer(
        NeedOffer(person_id=bea.id, kind="offer", text="Ofrezco fotografía de bodas")
    )
    return repo, ana, bea


async def test_drafts_switch_copy_and_record_the_state(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    repo, ana, bea = two_others(db_path)
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await wait_for_matches(app, pilot)
        assert "i Introduce" in screen_text(app).splitlines()[-1]
        await pilot.press("down", "i")  # the match (the first line is a heading)
        await pilot.pause()
        assert isinstance(app.screen, IntroDraftsScreen)
        shown = screen_text(app)
        assert "Introduce Bea López and Ana García" in shown
        assert "Hi Bea López," in shown and "Ofrezco fotografía de bodas" in shown
        assert "Now: not asked yet" in shown

        await pilot.press("2")
        await pilot.pause()
        assert "Hi Ana García," in screen_text(app)
        await pilot.press("right")
        await pilot.pause()
        assert "I'll let you take it from here." in screen_text(app)
        await pilot.press("tab")  # round to the first
        await pilot.pause()
        assert "Hi Bea López," in screen_text(app)
        await pilot.press("l")  # Spanish drafts, the interface stays English
        await pilot.pause()
        shown = screen_text(app)
        assert "Hola, Bea López:" in shown and "Español" in shown and "Now:" in shown

        await pilot.press("c")
        await saved(pilot)
        folder = tmp_path / "state" / "nettui" / "drafts"
        [path] = folder.iterdir()
        text = path.read_text(encoding="utf-8")
        assert text.startswith("Hola, Bea López:") and "Busco fotógrafo de bodas" in text
        assert app.clipboard == text.rstrip("\n")  # asked of the terminal with OSC 52
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert any(str(path) in n.message for n in app._notifications)
        assert [i.status for i in repo.introductions()] == ["asked"]  # about to be sent

        await pilot.press("y")  # both said yes
        await saved(pilot)
        assert "Now: accepted" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NeedsScreen)
        assert "[accepted]" in screen_text(app)

        await pilot.press("2", "enter")  # Ana's page, first in the list
        await pilot.pause()
        assert on_person_page(app)
        shown = screen_text(app)
        assert "[accepted] Bea López offers: Ofrezco fotografía de bodas" in shown
        assert "Said yes to meeting Bea López" in shown

    with Repository(db_path) as fresh:
        [intro] = fresh.introductions()
        assert intro.status == "accepted"
        for person, other in ((ana, "Bea López"), (bea, "Ana García")):
            summaries = [i.summary for i in fresh.interactions_of(person.id)]
            assert len(summaries) == 2, summaries  # asked, accepted: once each
            assert any(f"meet {other}" in s for s in summaries)


async def test_i_does_nothing_on_a_match_of_mine(db_path):
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    repo.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text="Busco fotógrafo de bodas"))
    repo.add_need_offer(NeedOffer(person_id=ME, kind="offer", text="Fotografía de bodas"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await wait_for_matches(app, pilot)
        await pilot.press("down", "i")
        await pilot.pause()
        assert isinstance(app.screen, NeedsScreen)
        assert "Introduce" not in screen_text(app).splitlines()[-1]
    assert repo.introductions() == []


async def test_enter_on_a_match_of_two_others_records_the_opt_in_states(db_path):
    repo, ana, _ = two_others(db_path)
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await wait_for_matches(app, pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "I asked both whether they would like to meet" in shown
        assert "Both said yes" in shown
        # Introduce, asked, both said yes, one of them declined.
        await pilot.press("down", "down", "down", "enter")
        await saved(pilot)
        assert isinstance(app.screen, NeedsScreen)
        assert "[declined]" in screen_text(app)
    assert [i.status for i in repo.introductions()] == ["declined"]
    [logged] = repo.interactions_of(ana.id)
    assert logged.summary.startswith("Introduction to Bea López declined")


async def test_j_and_k_scroll_a_long_draft(db_path):
    """A long need did not fit at 80x24, and only the arrows moved it: j/k, g/G scroll
    it as they scroll a person's page."""
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    bea = repo.add_person(Person(name="Bea López"))
    story = " ".join(f"Busco fotógrafo de bodas, detalle {n}." for n in range(60))
    repo.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text=story))
    repo.add_need_offer(
        NeedOffer(person_id=bea.id, kind="offer", text="Ofrezco fotografía de bodas")
    )
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await wait_for_matches(app, pilot)
        await pilot.press("down", "i")
        await pilot.pause()
        assert isinstance(app.screen, IntroDraftsScreen)
        scroll = app.screen.query_one("VerticalScroll")
        assert scroll.max_scroll_y > 0 and scroll.scroll_y == 0
        await pilot.press("j", "j")
        await pilot.pause()
        assert scroll.scroll_y == 2
        await pilot.press("G")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("k", "g")
        await pilot.pause()
        assert scroll.scroll_y == 0
