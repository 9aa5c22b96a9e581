"""The whole app in Spanish: every screen, form, menu and notice a user can reach is
visited, and no English word of the interface may show on it.

"English word of the interface" is any word of the catalog's English messages that no
Spanish translation uses and that the demo network's own data does not contain (the
demo's people write in both languages). A string shown without _() therefore fails
here even when the code check in tests/unit/test_i18n.py cannot see it (text built at
run time, a Textual default).
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from babel import Locale
from babel.messages.pofile import read_po
from dateutil import tz

from nettui.demo import build_demo
from nettui.i18n import set_language
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from tests.ui.test_people_screen import screen_text, type_text
from tests.unit.test_i18n import PO_FILE

WORD = re.compile(r"[^\W\d_]{3,}")
PLACEHOLDER = re.compile(r"\{[^}]*\}|%\(\w+\)\w")
NOW = datetime(2026, 11, 27, 15, 0, tzinfo=tz.gettz("Europe/Madrid"))


def words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


COMMAND = re.compile(r"`[^`]*`|--[\w-]+")  # a command, or an option of one


def english_only_words(repo: Repository) -> set[str]:
    english, spanish = set(), set()
    with open(PO_FILE, "rb") as file:
        for entry in read_po(file):
            if not entry.id:
                continue
            ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            # Placeholders ({name}, %(prog)s) are not words anyone reads, in either
            # language: a translation's {save} must not make "save" a Spanish word.
            # Commands in backquotes (`nettui delete PERSON`) and options (--force-delete)
            # are typed as they are in either language: their words are neither's.
            english |= words(re.sub(COMMAND, " ", re.sub(PLACEHOLDER, " ", " ".join(ids))))
            spanish |= words(re.sub(COMMAND, " ", re.sub(PLACEHOLDER, " ", " ".join(strings))))
    # Keys the texts name through a placeholder are key caps, the same in both
    # languages (the translations spelled them out before they were placeholders);
    # so are the caps the help lists ("home"; the address type is pgettext's "casa").
    spanish |= words("tab shift+tab enter esc escape ctrl+s ctrl+o ctrl+g home end")
    data = set()
    for table in ("people", "needs_offers", "meetups", "interactions", "events"):
        for record in repo.storage.table(table).values():
            data |= words(" ".join(str(v) for v in record.values()))
    # Spanish names of days and months, as Babel writes them ("mar" is martes too).
    locale = Locale("es")
    for names in (locale.days, locale.months):
        for width in ("abbreviated", "wide"):
            spanish |= words(" ".join(names["format"][width].values()))
    return english - spanish - data


@pytest.mark.slow  # a tour of every screen, form and modal, key by key
async def test_every_screen_speaks_spanish(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    repo = Repository(tmp_path / "nettui.json")
    set_language("es")
    build_demo(repo, now=NOW)
    forbidden = english_only_words(repo)
    assert {"filter", "people", "delete", "save", "cancel"} <= forbidden  # the net is real
    seen: list[str] = []
    app = NettuiApp(repo, lang="es")

    async with app.run_test(size=(100, 32)) as pilot:

        async def look(step: str, *keys: str) -> None:
            await pilot.press(*keys)
            await pilot.pause()
            shown = screen_text(app)
            english = words(shown) & forbidden
            assert not english, f"{step}: English on screen: {sorted(english)}\n{shown}"
            seen.append(step)

        await look("people", "2")
        await pilot.press("slash")
        await type_text(pilot, "jose")
        await look("people, filtered", "enter")
        await look("people, nobody", "slash", "z", "z", "z", "enter")
        await look("people again", "escape")
        await look("a person", "enter")
        await look("person form", "e")
        await look("back", "escape")
        await look("log form", "l")
        await look("back", "escape")
        await look("need form", "n")
        await look("back", "escape")
        await look("offer form", "o")
        await look("back", "escape")
        await look("meetup form", "m")
        await type_text(pilot, "mañana 10:00")
        await look("meetup form, preview")
        await type_text(pilot, " el")
        await look("meetup form, not a date")
        await look("meetup form, not saved", "ctrl+s")
        await look("back", "escape")
        await look("help", "question_mark")
        await look("back", "escape", "escape")
        await look("duplicates", "D")
        await look("back", "escape")
        await look("import", "I")
        await type_text(pilot, "/no/existe.vcf")
        await look("import, missing file", "enter")
        await look("back", "escape")
        await look("palette", "ctrl+p")
        await look("back", "escape")

        await look("matches", "3")
        await look("a match", "down", "enter")
        await look("back", "escape")
        await look("needs", "right")
        await look("need form", "a")
        await look("back", "escape")
        await look("offers", "right")

        await look("upcoming", "4")
        await look("meetup details", "enter")
        await look("outcome form", "d")
        await look("back", "escape")
        await look("past", "right")
        await look("events", "right")
        await look("event form", "a")
        await look("back", "escape")

        await look("dashboard", "1")
        await look("dashboard, help", "question_mark")
    assert len(seen) >= 40


async def test_spanish_words_agree_in_gender_and_number(db_path):
    """ "Etiquetas / Preocupaciones — separados por…" (etiquetas are feminine), and a
    person's Interacciones said "ninguno todavía" (ninguna)."""
    from nettui.domain.models import Person

    repo = Repository(db_path)
    repo.add_person(Person(name="Ana García"))
    app = NettuiApp(repo, lang="es")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("2", "enter")
        await pilot.pause()
        page = screen_text(app)
        interactions = page[page.index("Interacciones") :].splitlines()[1]
        assert interactions.strip() == "ninguna anotada todavía"
        await pilot.press("escape", "a")
        await pilot.pause()
        form = screen_text(app)
        for line in form.splitlines():
            if "Etiquetas" in line or "Preocupaciones" in line:
                assert "separados" not in line, line
        assert "separa con comas" in form and "separa con ;" in form


async def test_who_is_this_banner_fits_80_columns_in_spanish(db_path):
    """The banner on a handle-only contact's page was one line that wrapped to column 0."""
    from nettui.domain.models import Handle, Person

    repo = Repository(db_path)
    repo.add_person(Person(handles=[Handle(network="github", value="@nightowl_dev")]))
    app = NettuiApp(repo, lang="es")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "enter")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        banner = [line for line in lines if "quién es esta persona" in line or "Pulsa e" in line]
        assert len(banner) == 2, lines
        assert all(line.startswith("  ") for line in banner), banner


async def test_one_open_need_is_said_in_the_singular(db_path):
    """The tabs said "Necesidades (1 abiertas)"."""
    from nettui.domain.models import NeedOffer, Person

    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    repo.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text="Busco fotógrafo"))
    repo.add_need_offer(NeedOffer(person_id="me", kind="offer", text="Ofrezco fotografía"))
    app = NettuiApp(repo, lang="es")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        shown = screen_text(app)
        assert "Necesidades (1 abierta)" in shown and "Ofertas (1 abierta)" in shown
