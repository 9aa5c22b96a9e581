"""The Dashboard at 80x24 and 120x40, in English and Spanish: rows that fit, the next
meetup, the chart's months, and the room of a tall terminal used."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from dateutil import tz

from nettui.config import Config
from nettui.demo import build_demo
from nettui.domain.models import Meetup, Person
from nettui.i18n import set_language
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from tests.clock import freeze_clock
from tests.ui.test_people_screen import screen_text

# A Saturday: the demo's next coffee is on Monday, next week.
NOW = datetime(2026, 12, 5, 15, 0, tzinfo=tz.gettz("Europe/Madrid"))


def fixed_clock(monkeypatch) -> None:
    freeze_clock(monkeypatch, NOW)
    monkeypatch.setenv("TZ", "Europe/Madrid")
    monkeypatch.setenv("COLORTERM", "truecolor")


def demo_app(tmp_path, monkeypatch, lang: str = "en") -> NettuiApp:
    fixed_clock(monkeypatch)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    repo = Repository(tmp_path / "nettui.json")
    set_language(lang)
    build_demo(repo, now=NOW)
    return NettuiApp(repo, lang=lang, config=Config(theme="nettui-dark"))


def list_rows(app: NettuiApp) -> list[str]:
    """The Dashboard's list as drawn: the lines under the chart, above the footer."""
    lines = screen_text(app).splitlines()
    items = app.screen.query_one("#items")
    top = items.region.y
    return lines[top : top + items.region.height]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_every_row_fits_the_width_cut_with_an_ellipsis(tmp_path, monkeypatch, lang, size):
    """At 80x24 "…overdue to keep in touch" lost "touch" under the scroll bar, or
    wrapped to column 0."""
    app = demo_app(tmp_path, monkeypatch, lang)
    async with app.run_test(size=size) as pilot:
        await pilot.press("1")
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = [row for row in list_rows(app) if row.strip()]
        assert len(rows) > 10
        scrollbar = app.screen.query_one("#items").styles.scrollbar_size_vertical
        for row in rows:
            assert row[0] == " ", row  # nothing wrapped to column 0
            # a title one column in, an item three: a wrapped line is neither
            assert row[1] != " " or (row[1:3] == "  " and row[3] != " "), row
            # no text under the scroll bar's columns
            assert not row[-scrollbar - 1 :].strip(" ▁▂▃▄▅▆▇█"), row
        overdue = [r for r in rows if "overdue to keep in" in r or "toca retomar" in r]
        if lang == "en":
            assert overdue
        assert all(r.rstrip().endswith(("touch", "…", "contacto")) for r in overdue), overdue


async def test_the_next_meetup_within_two_weeks_shows_with_its_day_and_people(
    tmp_path, monkeypatch
):
    """It said "nothing planned: 4 then a plans one" while a coffee was two days away
    (Monday, next week)."""
    app = demo_app(tmp_path, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        shown = screen_text(app)
        assert "nothing planned" not in shown.lower()
        assert "Next meetup (none this week)" in shown
        # The default title names the people already: not "…Castaño  with Inés Castaño".
        assert "Mon, Dec 7 09:00 Coffee with Inés Castaño  La Bicicleta" in shown


async def test_nothing_planned_is_said_in_plain_words(db_path, monkeypatch):
    fixed_clock(monkeypatch)
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana García"))
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert "Nothing planned. Press 4, then a, to plan a meetup." in screen_text(app)
    start = NOW + timedelta(days=20)
    repo.plan_meetup(
        Meetup(
            title="Lunch",
            people=[ana.id],
            start=start.isoformat(),
            end=(start + timedelta(hours=1)).isoformat(),
        )
    )
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert "Nothing in the next two weeks. Press 4, then a, to plan" in screen_text(app)


async def test_the_chart_names_each_month_under_its_bar_with_its_count(tmp_path, monkeypatch):
    app = demo_app(tmp_path, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        months = next(n for n, line in enumerate(lines) if "Jan Feb Mar" in line)
        assert lines[months].split() == [
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
        ]
        counts = lines[months + 1].split()
        assert len(counts) == 12 and sum(map(int, counts)) == 5  # "Meetings, 12 months: 5"
        # each count right under its month
        for month, count in zip(lines[months].split(), counts, strict=True):
            assert lines[months].index(month) == lines[months + 1].index(
                count, lines[months].index(month)
            )


async def test_a_tall_terminal_shows_more_of_each_list(tmp_path, monkeypatch):
    """At 120x40 the lower half was empty: each list stopped at 8."""
    app = demo_app(tmp_path, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        await app.workers.wait_for_complete()
        await pilot.pause()
        tall = [r for r in list_rows(app) if r.strip()]
    app = demo_app(tmp_path / "small", monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await app.workers.wait_for_complete()
        await pilot.pause()
        small = [r for r in list_rows(app) if r.strip()]
        assert app.screen.query_one("#items").max_scroll_y <= 1  # it fits, near enough
    overdue = [r for r in tall if "every 6 weeks; due" in r or "every 3 months; due" in r]
    assert len(overdue) > 8  # the old limit; beside the birthdays now, 9 at 120x40
    assert len(tall) >= 30 > len(small)
