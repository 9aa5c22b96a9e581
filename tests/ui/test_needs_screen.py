"""Needs & offers driven by key presses, checked on screen and in the store."""

from __future__ import annotations

import re
import threading

import pytest

from nettui.domain.models import NeedOffer, Person
from nettui.domain.needs_filter import NeedsFilter
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.screens.match_action import MatchActionScreen
from nettui.ui.screens.need_offer_form import NeedOfferFormScreen
from nettui.ui.screens.needs import NeedsScreen
from tests.ui.test_people_screen import on_person_page, screen_text, type_text
from tests.ui.waits import saved, wait_for

FINDING = "Finding matches…"


@pytest.fixture
def lawyer_and_photographer(db_path) -> Repository:
    """Two matches to introduce: Bea offers what Ana (a labour lawyer) and Cris (a
    photographer) need; the lawyer said in two languages."""
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    bea = repo.add_person(Person(name="Bea López"))
    cris = repo.add_person(Person(name="Cris Díaz"))
    repo.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text="Busco abogada laboralista"))
    repo.add_need_offer(NeedOffer(person_id=bea.id, kind="offer", text="Employment attorney"))
    repo.add_need_offer(NeedOffer(person_id=cris.id, kind="need", text="Necesito fotógrafo"))
    repo.add_need_offer(NeedOffer(person_id=bea.id, kind="offer", text="Fotografía de bodas"))
    return repo


# However long a loaded machine takes: a fixed sleep failed there.
LOADED_MACHINE = 60


async def wait_for_matches(app: NettuiApp, pilot) -> None:
    """Until the matches' worker is done and the Matches tab shows what it found."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await wait_for(
        pilot,
        lambda: FINDING not in screen_text(app),
        timeout=LOADED_MACHINE,
        what="the matches shown",
    )


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


async def test_the_matches_filter_looks_in_both_people_both_texts_and_their_concepts(
    lawyer_and_photographer,
):
    """A match is found by words of its need and of its offer together, and by what the
    texts speak of in the other language ("lawyer" finds "abogada")."""
    app = NettuiApp(lawyer_and_photographer)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await wait_for_matches(app, pilot)
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
        await wait_for_matches(app, pilot)
        shown = screen_text(app)
        assert "You can help (1)" in shown and "needs: Busco fotógrafo" in shown, shown
        await pilot.press("right")
        await pilot.pause()
        assert "Needs (1 open)" in screen_text(app)
    report = examine(db_path)
    assert not report.healthy
    assert any("1 of 3 needs_offers records are invalid" in line for line in report.lines)


def footer_of(app: NettuiApp) -> str:
    return screen_text(app).splitlines()[-1]


async def test_a_match_shows_its_strength_in_words_never_its_score(db_path):
    """A person reads "strong", "good" or "possible" (with a short bar), in the list and
    on the match's own screen, in both languages; the cosine ("0.85") is never shown."""
    from nettui.domain.matching import STRENGTH_LABELS, strength_of
    from nettui.i18n import set_language

    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    inigo = repo.add_person(Person(name="Íñigo Peña"))
    repo.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text="Busco fotógrafo de bodas"))
    repo.add_need_offer(NeedOffer(person_id=inigo.id, kind="offer", text="Fotografía de bodas"))
    [match] = repo.matches()
    word = STRENGTH_LABELS[strength_of(match.score)]
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await wait_for_matches(app, pilot)
        shown = screen_text(app)
        assert re.search(rf"[●○]{{3}} {word} +Íñigo Peña → Ana García", shown), shown
        assert not re.search(r"\d\.\d", shown), shown
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(app)
        assert f"Introduce · {word} match" in shown, shown
        assert "score" not in shown and not re.search(r"\d\.\d", shown)

    set_language("es")
    app = NettuiApp(Repository(db_path), lang="es")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await wait_for_matches(app, pilot)
        spanish = {"strong": "fuerte", "good": "buena", "possible": "posible"}[word]
        assert re.search(rf"[●○]{{3}} {spanish} +Íñigo Peña → Ana García", screen_text(app))
        await pilot.press("enter")
        await pilot.pause()
        assert f"Presentar · coincidencia {spanish}" in screen_text(app)


async def test_the_footer_says_what_each_key_does_on_the_tab_and_item_in_front(db_path):
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    repo.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text="Busco fotógrafo"))
    repo.add_need_offer(NeedOffer(person_id="me", kind="offer", text="Ofrezco fotografía"))
    dropped = repo.add_need_offer(
        NeedOffer(person_id=ana.id, kind="need", text="Busco abogada", status="dropped")
    )
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await wait_for_matches(app, pilot)
        footer = footer_of(app)
        assert "⏎ Act" in footer and "a Add need" in footer, footer
        assert not any(word in footer for word in ("Done", "Delete", "Undo", "Edit"))

        await pilot.press("right")  # Needs
        await pilot.pause()
        footer = footer_of(app)
        for said in ("⏎ Edit", "a Add need", "d Done", "x Delete", "q Quit"):
            assert said in footer, footer
        assert "Undo" not in footer  # nothing to undo yet
        await pilot.press("d")
        await saved(pilot)
        assert "d Reopen" in footer_of(app)
        assert repo.needs_offers()[0].status == "done"
        await pilot.press("x")
        await saved(pilot)
        assert "u Undo" in footer_of(app)
        assert [n.text for n in repo.needs_offers() if n.kind == "need"] == ["Busco abogada"]
        await pilot.press("u")
        await saved(pilot)
        assert {n.text for n in repo.needs_offers() if n.kind == "need"} == {
            "Busco fotógrafo",
            "Busco abogada",
        }

        await pilot.press("G")  # the dropped one: listed last
        await pilot.pause()
        assert re.search(r"dropped +Ana García: Busco abogada", screen_text(app))
        assert "d Reopen" in footer_of(app)
        await pilot.press("d")  # opens it again (it was marked done)
        await saved(pilot)
        reopened = repo.need_offer(dropped.id)
        assert reopened is not None and reopened.status == "open"
        assert re.search(r"open +Ana García: Busco abogada", screen_text(app))
        assert "d Done" in footer_of(app)

        await pilot.press("right")  # Offers
        await pilot.pause()
        footer = footer_of(app)
        assert "a Add offer" in footer and "⏎ Edit" in footer, footer
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NeedOfferFormScreen)
        assert "Add an offer" in screen_text(app)


async def test_the_matches_count_follows_the_filter(lawyer_and_photographer):
    app = NettuiApp(lawyer_and_photographer)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await wait_for_matches(app, pilot)
        assert "Matches (2)" in screen_text(app)
        await pilot.press("slash")
        await type_text(pilot, "ana")
        await pilot.pause()
        assert "Matches (1)" in screen_text(app)
        await type_text(pilot, "zzz")
        await pilot.pause()
        assert "Matches (0)" in screen_text(app)


async def test_many_matches_at_80x24_scroll_cut_and_say_how_many_more(db_path):
    """25 matches of a kind are listed, then how many more (type to narrow); the keys
    reach the last and the first; a line too long for 80 columns ends in "…" on its
    own row (OptionList wrapped it to column 0)."""
    repo = Repository(db_path)
    tail = " con mucha experiencia en exteriores" * 4
    # 30 pairs, each sharing a word of its own.
    words = [a + b for a in ("bado", "cemu", "dilo", "fera", "gano") for b in "klmnpr"]
    for n, word in enumerate(words):
        needer = repo.add_person(Person(name=f"Persona Necesita {n}"))
        offerer = repo.add_person(Person(name=f"Persona Ofrece {n}"))
        repo.add_need_offer(NeedOffer(person_id=needer.id, kind="need", text=f"Busco {word}{tail}"))
        repo.add_need_offer(NeedOffer(person_id=offerer.id, kind="offer", text=f"Ofrezco {word}"))
    count = len(repo.matches())
    assert count > 25
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await wait_for_matches(app, pilot)
        shown = screen_text(app)
        assert f"Introduce ({count})" in shown
        assert "…" in shown and "more: type to narrow" not in shown
        lines = shown.splitlines()
        cut = [line.rstrip(" ▐") for line in lines if "needs: Busco" in line]
        assert cut and all(line.endswith("…") and len(line) <= 80 for line in cut), cut
        assert not any(line.startswith("con mucha") for line in lines)
        await pilot.press("G")
        await pilot.pause()
        shown = screen_text(app)
        assert f"… {count - 25} more: type to narrow" in shown, shown
        assert f"Introduce ({count})" not in shown
        await pilot.press("enter")  # the last match shown
        await pilot.pause()
        assert isinstance(app.screen, MatchActionScreen)
        await pilot.press("escape", "g")
        await pilot.pause()
        assert f"Introduce ({count})" in screen_text(app)
        # A new filter puts the cursor on the best match, as on People: after G, "/busco"
        # then enter acted on the last one.
        best = repo.matches()[0]
        await pilot.press("G", "slash", *"busco", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MatchActionScreen)
        assert (app.screen.match.need.id, app.screen.match.offer.id) == (
            best.need.id,
            best.offer.id,
        )
        await pilot.press("escape", "ctrl+g")
        await pilot.pause()

        await pilot.press("right")  # Needs: one row each, cut too
        await pilot.pause()
        rows = [line for line in screen_text(app).splitlines() if "Persona Necesita" in line]
        assert len(rows) >= 10 and all(row.rstrip(" ▐").endswith("…") for row in rows), rows


async def test_every_key_of_a_need_fits_the_footer_at_80_columns_in_spanish(db_path):
    """The longest footer: a done need under the cursor, with a delete to undo."""
    from nettui.i18n import set_language

    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    for text in ("Busco fotógrafo", "Busco abogada"):
        repo.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text=text))
    set_language("es")
    app = NettuiApp(repo, lang="es")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "right")
        await pilot.pause()
        await pilot.press("x", "d")  # one deleted, the other done
        await pilot.pause()
        footer = footer_of(app)
        for said in ("⏎ Editar", "a + necesidad", "d Reabrir", "x Borrar", "u Deshacer"):
            assert said in footer, footer
        assert footer.rstrip().endswith("q Salir"), footer


async def test_keys_typed_while_the_matches_are_found_filter_and_then_all_are_shown(
    lawyer_and_photographer, monkeypatch
):
    """The matches' worker prepares a filter of its own and hands it over when done: the
    keys typed meanwhile filter with the screen's filter, never one that the worker is
    changing under them (a key then met "dict changed size" or an IndexError). The
    worker is held in the middle of its work, so the keys surely come then."""
    app = NettuiApp(lawyer_and_photographer)
    preparing, go_on = threading.Event(), threading.Event()
    prepared: list[NeedsFilter] = []
    shared: list[bool] = []  # each prepared filter: was it the screen's own?
    prepare = NeedsFilter.prepare

    def held_prepare(self: NeedsFilter, kinds) -> None:
        screen = app.screen
        shared.append(isinstance(screen, NeedsScreen) and screen._filter is self)
        prepared.append(self)
        preparing.set()
        go_on.wait(60)  # never for ever, if the test has failed meanwhile
        prepare(self, kinds)

    monkeypatch.setattr(NeedsFilter, "prepare", held_prepare)
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            await pilot.press("3")
            await wait_for(
                pilot,
                preparing.is_set,
                timeout=LOADED_MACHINE,
                what="the worker preparing its filter",
            )
            assert FINDING in screen_text(app)
            assert shared == [False]  # the worker's filter is its own

            await pilot.press("slash")
            await type_text(pilot, "ana")
            await pilot.pause()
            shown = screen_text(app)
            assert "Introduce (1)" in shown and "Bea López → Ana García" in shown, shown
            await pilot.press("enter", "right")  # the needs tab, filtered the same way
            await pilot.pause()
            shown = screen_text(app)
            assert "Busco abogada laboralista" in shown and "Necesito fotógrafo" not in shown
        finally:
            go_on.set()
        await app.workers.wait_for_complete()
        screen = app.screen
        assert isinstance(screen, NeedsScreen)
        await wait_for(
            pilot,
            lambda: screen._filter is prepared[0],
            timeout=LOADED_MACHINE,
            what="the filter handed over",
        )

        await pilot.press("left")  # Matches: what was typed still holds
        await pilot.pause()
        shown = screen_text(app)
        assert "Introduce (1)" in shown and "needs: Busco abogada laboralista" in shown, shown
        await pilot.press("escape")  # cleared: both matches
        await pilot.pause()
        assert "Introduce (2)" in screen_text(app)
        await pilot.press("slash")
        await type_text(pilot, "lawyer")  # the worker's texts hold the concepts too
        await pilot.pause()
        shown = screen_text(app)
        assert "Introduce (1)" in shown and "Necesito fotógrafo" not in shown, shown
    assert len(prepared) == 1  # the keys typed meanwhile started no other worker
