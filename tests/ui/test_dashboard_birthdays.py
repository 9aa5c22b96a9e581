"""The Dashboard's birthdays: the section of the next 14 days (enter opens the person),
a birthday as a reason in "who to meet next", in English and Spanish, and every
section still on an 80x24 screen."""

from __future__ import annotations

from datetime import datetime

import pytest
from dateutil import tz

from nettui.domain.models import Person
from nettui.i18n import set_language
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.screens.dashboard import DashboardScreen
from tests.clock import freeze_clock
from tests.ui.test_dashboard_screen import demo_app, list_rows
from tests.ui.test_people_screen import on_person_page, screen_text

# A Saturday; the 8th is a Tuesday.
NOW = datetime(2026, 12, 5, 15, 0, tzinfo=tz.gettz("Europe/Madrid"))


def birthday_app(db_path, monkeypatch, lang: str = "en") -> tuple[NettuiApp, dict[str, Person]]:
    freeze_clock(monkeypatch, NOW)
    monkeypatch.setenv("TZ", "Europe/Madrid")
    repo = Repository(db_path)
    people = {
        # online only: a birthday makes her someone to meet
        "marta": repo.add_person(Person(name="Marta Online", birthday="1990-12-08")),
        # met already: listed among the birthdays, not a reason to meet for the first time
        "pedro": repo.add_person(
            Person(name="Pedro Met", birthday="--12-05", met_in_person="2025-03-01")
        ),
        "luis": repo.add_person(Person(name="Luis Pareja", anniversary="2016-12-19")),
        "late": repo.add_person(Person(name="Tarde Después", birthday="1980-12-20")),  # 15 days
        "none": repo.add_person(Person(name="Sin Fecha")),
    }
    set_language(lang)
    return NettuiApp(repo, lang=lang), people


async def test_the_next_14_days_are_listed_soonest_first_and_enter_opens_the_person(
    db_path, monkeypatch
):
    app, people = birthday_app(db_path, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = [r.strip() for r in list_rows(app) if r.strip()]
        title = rows.index("Birthdays and anniversaries, next 14 days")
        assert rows[title + 1 : title + 4] == [
            "Pedro Met  birthday · Sat, Dec 5 (today)",
            "Marta Online  turns 36 · Tue, Dec 8 (in 3 days)",
            "Luis Pareja  anniversary, 10 years · Sat, Dec 19 (in 14 days)",
        ]
        assert "Tarde Después" not in screen_text(app)  # 15 days away
        # A birthday is a reason to meet someone known online only; not for Pedro.
        assert "Marta Online  birthday on Dec 8" in rows
        meet = rows[rows.index("Who to meet next") + 1 : title]
        assert not any("Pedro" in r or "Luis" in r for r in meet), meet

        items = app.screen.query_one("#items")
        marta = next(
            n
            for n in range(items.option_count)
            if "Marta Online  turns 36" in str(items.get_option_at_index(n).prompt)
        )
        items.highlighted = marta
        await pilot.press("enter")
        await pilot.pause()
        assert on_person_page(app)
        assert "Marta Online" in screen_text(app)
        # What the page shows is what is stored.
        assert app.repo.person(people["marta"].id).birthday == "1990-12-08"


async def test_in_spanish(db_path, monkeypatch):
    app, _people = birthday_app(db_path, monkeypatch, lang="es")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = screen_text(app)
        assert "Cumpleaños y aniversarios, próximos 14 días" in shown
        assert "Marta Online  cumple 36 · mar 8 dic (dentro de 3 días)" in shown
        assert "Marta Online  cumpleaños el 8 dic" in shown
        assert "Pedro Met  cumpleaños · sáb 5 dic (hoy)" in shown


async def test_no_birthdays_no_section(db_path, monkeypatch):
    freeze_clock(monkeypatch, NOW)
    repo = Repository(db_path)
    repo.add_person(Person(name="Ana Ruiz", birthday="1990-06-01"))
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        shown = screen_text(app)
        assert "Who to meet next" in shown
        assert "Birthdays" not in shown


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_every_section_fits_80x24_with_the_birthdays(tmp_path, monkeypatch, lang):
    """The demo has birthdays in the next two weeks: five sections, no scrolling."""
    app = demo_app(tmp_path, monkeypatch, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        items = app.screen.query_one("#items")
        assert items.max_scroll_y == 0
        rows = [r.strip() for r in list_rows(app)]
        titles = {
            "en": [
                "Who to meet next",
                "Birthdays and anniversaries, next 14 days",
                "Overdue follow-ups",
                "Needs you could help with now",
            ],
            "es": [
                "A quién ver pronto",
                "Cumpleaños y aniversarios, próximos 14 días",
                "Seguimientos pendientes",
                "Necesidades en las que puedes ayudar ya",
            ],
        }[lang]
        for title in titles:
            [at] = [n for n, r in enumerate(rows) if r == title or r.startswith(title + " (")]
            assert rows[at + 1]  # and at least one row of it under it
        # Cut to fit, a section says how many it has (the lists hold 20 at most).
        cut = {"en": "(3 of 4)", "es": "(3 de 4)"}[lang]
        assert rows[rows.index(f"{titles[1]} {cut}")]
        many = {"en": "Who to meet next (3 of 20+)", "es": "A quién ver pronto (3 de 20+)"}
        assert many[lang] in rows
