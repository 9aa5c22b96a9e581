"""Themes in the app: --theme, a broken user theme named, the choice remembered."""

from __future__ import annotations

from pathlib import Path

import pytest

from nettui.config import Config, load
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.themes import DEFAULT_THEME


async def test_a_broken_user_theme_is_named_and_the_default_is_used(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("COLORTERM", "truecolor")
    themes = tmp_path / "nettui" / "themes"
    themes.mkdir(parents=True)
    (themes / "mine.toml").write_text('name = "mine"\nprimary = "not-a-colour"\n')
    app = NettuiApp(Repository(db_path), config=Config(theme="mine"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        said = " ".join(n.message for n in app._notifications)
        assert "mine.toml" in said and "not a colour" in said
        assert app.theme == DEFAULT_THEME


async def test_theme_flag_and_the_choice_is_remembered(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    app = NettuiApp(Repository(db_path), theme="cafe")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "cafe"
        app.theme = "high-contrast"  # as the palette's "Theme" command does
        await pilot.pause()
    assert load(tmp_path / "nettui" / "config.toml").theme == "high-contrast"


async def test_sixteen_colour_terminals_get_an_ansi_theme(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM", raising=False)
    app = NettuiApp(Repository(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "ansi-dark"


def _readable(style) -> bool:  # type: ignore[no-untyped-def]
    """Text in another colour than its background, or in the terminal's own."""
    return style.color != style.bgcolor or style.color is None or style.color.is_default


def _drawn_rows(app: NettuiApp) -> list[list]:
    """The People list's first rows as the terminal gets them: after the app's filters."""
    from nettui.ui.widgets.person_list import PersonList

    people = app.screen.query_one(PersonList)
    background = people.background_colors[1]
    rows = []
    for y in (1, 2):
        segments = list(people.render_line(y))
        for line_filter in app.get_line_filters():
            segments = line_filter.apply(segments, background)
        rows.append(segments)
    return rows


async def test_no_color_on_a_sixteen_colour_terminal_is_not_black_on_black(
    db_path, tmp_path, monkeypatch
):
    """NO_COLOR with an ANSI theme (a 16-colour terminal, or one chosen) turned every
    "default" colour black under Textual's greying: the screen was black on black."""
    from nettui.domain.models import Person

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("COLORTERM", raising=False)
    repo = Repository(db_path)
    repo.add_person(Person(name="Ana Núñez"))
    repo.add_person(Person(name="Luis Pérez"))
    for config in (Config(), Config(theme="ansi-dark")):
        app = NettuiApp(repo, config=config)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            on_cursor, other = _drawn_rows(app)
            for row in (on_cursor, other):
                styled = [s.style for s in row if s.text.strip()]
                assert styled and all(map(_readable, styled)), row
            # The cursor still stands out, in greys.
            assert on_cursor[1].style.bgcolor != other[1].style.bgcolor
            assert "Ana Núñez" in "".join(s.text for s in on_cursor)
            # Picked in the palette later: the terminal's own colours, not black.
            app.theme = "ansi-dark"
            await pilot.pause()
            for row in _drawn_rows(app):
                assert all(_readable(s.style) for s in row if s.text.strip())


# The 16 colours as a terminal draws them. Terminals differ: xterm's shades (white and
# bright white, 229 and 255, hardly apart), and the VGA ones of the Linux console and
# many others. A text must read in both.
XTERM_16 = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
    (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0),
    (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
]  # fmt: skip
VGA_16 = [
    (0, 0, 0), (170, 0, 0), (0, 170, 0), (170, 85, 0), (0, 0, 170), (170, 0, 170),
    (0, 170, 170), (170, 170, 170), (85, 85, 85), (255, 85, 85), (85, 255, 85),
    (255, 255, 85), (85, 85, 255), (255, 85, 255), (85, 255, 255), (255, 255, 255),
]  # fmt: skip
BROKEN_VCF = Path(__file__).parents[1] / "data" / "vcf" / "broken.vcf"
# How to reach each screen and modal checked, from the People screen: keys, "tab:NAME"
# (right until that tab is in front: Meetups remembers its tab), "type:TEXT"; then the
# screen that must be in front, and what must show on it (so a key that did nothing
# cannot pass unseen).
EVERY_SCREEN = {
    "Dashboard": (["1"], "DashboardScreen"),
    "People": (["2"], "PeopleScreen"),
    "a person's page": (["down", "enter"], "PeopleScreen #page"),
    "Needs & offers, Matches tab": (["3", "tab:matches"], "NeedsScreen"),
    "Needs & offers, Needs tab": (["3", "tab:needs"], "NeedsScreen"),
    "Needs & offers, Offers tab": (["3", "tab:offers"], "NeedsScreen"),
    "a match's action dialog": (["3", "tab:matches", "enter"], "MatchActionScreen"),
    "Meetups, Upcoming tab": (["4", "tab:upcoming"], "MeetupsScreen"),
    "Meetups, Past tab": (["4", "tab:past"], "MeetupsScreen"),
    "Meetups, Events tab": (["4", "tab:events"], "MeetupsScreen"),
    "an outcome form": (["4", "tab:upcoming", "d"], "OutcomeFormScreen"),
    "an event form": (["4", "tab:events", "a"], "EventFormScreen"),
    "help": (["question_mark"], "HelpScreen"),
    "Add a person": (["a"], "PersonFormScreen"),
    "Plan a meetup": (["4", "tab:upcoming", "a"], "MeetupFormScreen"),
    "Import": (["I"], "ImportScreen"),
    "Import, its dry run": (["I", f"type:{BROKEN_VCF.name}", "enter"], "ImportScreen"),
    "Duplicates": (["D"], "DuplicatesScreen"),
}


def _contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    """WCAG's contrast ratio: 1 for the same colour, 21 for black on white."""

    def luminance(rgb: tuple[int, int, int]) -> float:
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _unreadable_cells(app: NettuiApp) -> list[str]:
    """Visible characters whose colour and background a 16-colour terminal shows as the
    same colour or nearly the same (contrast under 2:1 in xterm's or the VGA shades),
    as "row: text (fg on bg)". Each colour goes to the terminal's 16 as Rich sends it;
    the terminal's own colours ("default") are its foreground and background, light on
    dark for a dark theme."""
    from rich.color import ColorSystem

    assert app.console.color_system == "standard"
    dark = app.current_theme.dark
    default_fg, default_bg = (7, 0) if dark else (0, 15)

    def number(color, default: int) -> int:  # type: ignore[no-untyped-def]
        if color is None or color.is_default:
            return default
        return color.downgrade(ColorSystem.STANDARD).number  # type: ignore[no-any-return]

    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    found = []
    for y, line in enumerate(update.strips):
        for strip in line:
            for text, style, _control in strip:
                if style is None or not text.strip():
                    continue
                fg, bg = number(style.color, default_fg), number(style.bgcolor, default_bg)
                if style.reverse:
                    fg, bg = bg, fg
                if min(_contrast(p[fg], p[bg]) for p in (XTERM_16, VGA_16)) < 2:
                    found.append(f"{y}: {text.strip()!r} ({fg} on {bg})")
    return found


async def _go(pilot, app: NettuiApp, steps: list[str]) -> None:  # type: ignore[no-untyped-def]
    while len(app.screen_stack) > 1:  # whatever was open: closed, as escape does
        await pilot.press("escape")
    await pilot.press("2", "escape")  # People, its list (not a person's page)
    for step in steps:
        if step.startswith("tab:"):
            for _ in range(3):
                if app.screen.tab == step[4:]:
                    break
                await pilot.press("right")
        elif step.startswith("type:"):
            await pilot.press(*step[5:])
        else:
            await pilot.press(step)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _every_screen_is_readable(app: NettuiApp, themes: list[str]) -> dict[str, list[str]]:
    """Each screen in each theme, switched as the palette's "Theme" command does (an
    app for each theme took a minute for the lot)."""
    problems = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == themes[0]  # the one in the settings file
        for name, (steps, screen) in EVERY_SCREEN.items():
            await _go(pilot, app, steps)
            kind, _space, shown = screen.partition(" ")
            assert type(app.screen).__name__ == kind, (name, app.screen)
            assert not shown or app.screen.query_one(shown).display, name
            for theme in themes:
                app.theme = theme
                await pilot.pause()
                if found := _unreadable_cells(app):
                    problems[f"{name} ({theme})"] = found
            app.theme = themes[0]
    return problems


@pytest.mark.slow  # every screen and modal in eight themes: a minute
async def test_every_screen_is_readable_with_no_color_and_in_sixteen_colours(tmp_path, monkeypatch):
    """NO_COLOR=1 TERM=xterm drew the People cursor row's "online only" grey on grey
    (SGR 37 on 47) and its date 97 on 47. In 16 colours with a theme chosen in the
    settings, nettui-dark drew section titles grey on grey (8 on 8), nettui-light month
    labels and a tab's underline white on white (15 on 15), high-contrast the underline
    black on black (0 on 0). Every visible character of every screen and modal must read
    on its background, with NO_COLOR (dark and light) and with each bundled theme."""
    from nettui.demo import build_demo

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.chdir(BROKEN_VCF.parent)  # Import is given a short name to type
    repo = Repository(tmp_path / "nettui.json")
    build_demo(repo)
    problems = {}
    bundled = ["nettui-dark", "nettui-light", "cafe", "high-contrast", "ansi-dark", "ansi-light"]
    for no_color, themes in ((True, ["nettui-dark", "nettui-light"]), (False, bundled)):
        if no_color:
            monkeypatch.setenv("NO_COLOR", "1")
        else:
            monkeypatch.delenv("NO_COLOR", raising=False)
        app = NettuiApp(repo, config=Config(theme=themes[0]))
        problems.update(await _every_screen_is_readable(app, themes))
    assert not problems, problems
