"""Needs & offers driven by key presses, checked on screen and in the store."""

from __future__ import annotations

import re

from nettui.domain.models import NeedOffer, Person
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.screens.match_action import MatchActionScreen
from nettui.ui.screens.need_offer_form import NeedOfferFormScreen
from tests.ui.test_people_screen import on_person_page, screen_text, type_text


async def test_add_a_need_see_the_match_and_introduce(db_path):
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    inigo = repo.add_person(Person(name="Íñigo Peña"))
    repo.add_need_offer(
        NeedOffer(person_id=inigo.id, kind="offer", text="Ofrezco fotografía de bodas y eventos")
    )
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # Ana's page (first in the list)
        await pilot.pause()
        assert on_person_page(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NeedOfferFormScreen)
        await type_text(pilot, "Busco fotógrafo para mi boda")
        await pilot.press("enter")  # tags, the last field
        await pilot.press("enter")
        await pilot.pause()
        assert on_person_page(app)
        assert "[open] Busco fotógrafo para mi boda" in screen_text(app)

        await pilot.press("escape", "3")
        await pilot.pause()
        shown = screen_text(app)
        assert "Introduce (1)" in shown
        assert "Íñigo Peña → Ana García" in shown
        assert "needs: Busco fotógrafo para mi boda" in shown
        assert "offers: Ofrezco fotografía de bodas y eventos" in shown
        assert "why: " in shown and "fotografo" in shown, shown

        await pilot.press("down", "enter")  # the match (the first line is a heading)
        await pilot.pause()
        assert isinstance(app.screen, MatchActionScreen)
        assert "Introduce Íñigo Peña to Ana García" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, MatchActionScreen)
        assert "[introduced]" in screen_text(app)

    with Repository(db_path) as fresh:
        [intro] = fresh.introductions()
        [need] = [n for n in fresh.needs_offers() if n.kind == "need"]
        assert need.person_id == ana.id and intro.need_id == need.id
        assert intro.status == "introduced"
        assert fresh.interactions_of(ana.id)[0].summary.startswith("Introduced to Íñigo Peña")
        assert fresh.interactions_of(inigo.id)[0].summary.startswith("Introduced to Ana García")


async def test_needs_tab_filter_done_and_dismiss(db_path):
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    bea = repo.add_person(Person(name="Bea López"))
    repo.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text="Busco abogada laboralista"))
    repo.add_need_offer(NeedOffer(person_id=bea.id, kind="need", text="Need a web designer"))
    repo.add_need_offer(NeedOffer(person_id="me", kind="offer", text="Diseño web"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert "You can help (1)" in screen_text(app)
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # Dismiss
        await pilot.pause()
        assert "You can help (0)" in screen_text(app)

        await pilot.press("right")  # Needs
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "abogada")
        await pilot.pause()
        shown = screen_text(app)
        assert "Ana García: Busco abogada laboralista" in shown
        assert "Need a web designer" not in shown
        await pilot.press("enter", "d")  # to the list, mark it done
        await pilot.pause()
        assert re.search(r"done +Ana García", screen_text(app))
    with Repository(db_path) as fresh:
        statuses = {n.text: n.status for n in fresh.needs_offers()}
        assert statuses["Busco abogada laboralista"] == "done"
        assert fresh.matches() == []  # the dismissed pair stays hidden
        assert [i.status for i in fresh.introductions()] == ["dismissed"]


async def test_the_filter_follows_to_each_tab_and_says_when_nothing_matches(db_path):
    """Only the tab in front is redrawn as the filter changes; another tab shows the
    same filter when switched to, narrowing and widening as the words change."""
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    luis = repo.add_person(Person(name="Luis Núñez"))
    repo.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text="Busco fotógrafo"))
    repo.add_need_offer(NeedOffer(person_id=luis.id, kind="need", text="Busco abogada"))
    repo.add_need_offer(NeedOffer(person_id=luis.id, kind="offer", text="Ofrezco fotografía"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "nunez")
        await pilot.press("enter", "right")  # the needs tab, filtered as it is shown
        await pilot.pause()
        shown = screen_text(app)
        assert "Busco abogada" in shown and "Busco fotógrafo" not in shown
        assert "Needs (1 open)" in shown
        await pilot.press("slash", "backspace", "backspace", "backspace", "backspace")
        await pilot.press("backspace")  # an empty filter: everyone again
        await pilot.pause()
        shown = screen_text(app)
        assert "Busco abogada" in shown and "Busco fotógrafo" in shown
        await type_text(pilot, "zzz")
        await pilot.pause()
        assert "Nothing matches 'zzz'. Escape clears the filter." in screen_text(app)


async def test_the_matches_filter_looks_in_both_people_both_texts_and_their_concepts(db_path):
    """A match is found by words of its need and of its offer together, and by what the
    texts speak of in the other language ("lawyer" finds "abogada")."""
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    bea = repo.add_person(Person(name="Bea López"))
    cris = repo.add_person(Person(name="Cris Díaz"))
    repo.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text="Busco abogada laboralista"))
    repo.add_need_offer(NeedOffer(person_id=bea.id, kind="offer", text="Employment attorney"))
    repo.add_need_offer(NeedOffer(person_id=cris.id, kind="need", text="Necesito fotógrafo"))
    repo.add_need_offer(NeedOffer(person_id=bea.id, kind="offer", text="Fotografía de bodas"))
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await pilot.pause(0.5)
        assert "Introduce (2)" in screen_text(app)
        await pilot.press("slash")
        await type_text(pilot, "ana attorney")  # the need's person, the offer's text
        await pilot.pause()
        shown = screen_text(app)
        assert "Introduce (1)" in shown and "Bea López → Ana García" in shown, shown
        for _ in "ana attorney":
            await pilot.press("backspace")
        await type_text(pilot, "lawyer")  # said in neither text: their concept
        await pilot.pause()
        shown = screen_text(app)
        assert "Introduce (1)" in shown and "needs: Busco abogada laboralista" in shown
        assert "Necesito fotógrafo" not in shown
        await pilot.press("enter", "right")  # the needs tab: the same concept finds it
        await pilot.pause()
        shown = screen_text(app)
        assert "Busco abogada laboralista" in shown and "Necesito fotógrafo" not in shown


async def test_a_need_broken_by_hand_is_left_out_and_the_rest_still_match(db_path):
    """A record edited by hand into something invalid (its text a number) does not
    take Needs & offers or the Dashboard's matches down: it is left out of them, and
    `nettui doctor` reports it."""
    import json

    from nettui.store.doctor import examine

    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    repo.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text="Busco fotógrafo"))
    repo.add_need_offer(NeedOffer(person_id="me", kind="offer", text="Ofrezco fotografía"))
    data = json.loads(db_path.read_text())
    broken = {**next(iter(data["needs_offers"].values())), "id": "broken", "text": 5}
    data["needs_offers"]["broken"] = broken
    db_path.write_text(json.dumps(data))
    repo = Repository(db_path)
    assert [m.need.text for m in repo.help_now()] == ["Busco fotógrafo"]
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await pilot.pause(0.5)
        shown = screen_text(app)
        assert "You can help (1)" in shown and "needs: Busco fotógrafo" in shown, shown
        await pilot.press("right")
        await pilot.pause()
        assert "Needs (1 open)" in screen_text(app)
    report = examine(db_path)
    assert not report.healthy
    assert any("1 of 3 needs_offers records are invalid" in line for line in report.lines)
