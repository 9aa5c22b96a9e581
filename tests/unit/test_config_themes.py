"""The settings file and theme files: good values used, bad ones named and replaced."""

from __future__ import annotations

from pathlib import Path

import pytest

from nettui.config import load, save_theme
from nettui.ui.themes import bundled_themes_dir, load_theme, load_themes

ROOT = Path(__file__).resolve().parents[2]


def test_good_settings_are_read(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "cafe"\nlanguage = "es"\nmouse = false\nfirst_day_of_week = "sunday"\n'
        'meetup_length = "90 min"\n[keymap]\n"people.add" = "a,plus"\n'
    )
    config = load(path)
    assert (config.theme, config.language, config.mouse) == ("cafe", "es", False)
    assert (config.first_day_of_week, config.meetup_length) == ("sunday", "90 min")
    assert config.keymap == {"people.add": "a,plus"} and config.problems == []


def test_bad_settings_are_named_and_defaults_used(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        'language = "fr"\nmouse = "yes"\nfirst_day_of_week = "someday"\n'
        'meetup_length = "a while"\ncolour = "red"\n'
    )
    config = load(path)
    assert (config.language, config.mouse, config.first_day_of_week) == (None, True, "monday")
    assert config.meetup_length == "1h"
    text = "\n".join(map(str, config.problems))
    for key in ("language", "mouse", "first_day_of_week", "meetup_length", "colour"):
        assert key in text
    broken = tmp_path / "broken.toml"
    broken.write_text("theme = ")
    assert "could not be read" in str(load(broken).problems[0])


def test_saving_the_theme_keeps_the_rest_of_the_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('# my settings\nlanguage = "es"  # Spanish dates\n')
    save_theme("cafe", path)
    text = path.read_text()
    assert "# my settings" in text and "# Spanish dates" in text and 'theme = "cafe"' in text
    assert load(path).theme == "cafe"


def test_the_bundled_themes_load():
    names = {theme.name for theme in load_themes()[0]}
    assert {"nettui-dark", "nettui-light", "cafe", "high-contrast"} <= names
    assert len(list(bundled_themes_dir().glob("*.toml"))) >= 4


def test_a_broken_theme_file_is_named(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\nprimary = "bluish"\n')
    with pytest.raises(ValueError, match=r"bad\.toml: primary = 'bluish' is not a colour"):
        load_theme(bad)


def test_the_language_follows_the_locale(monkeypatch):
    from nettui.i18n import language_from_environment

    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert language_from_environment() == "en"
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    assert language_from_environment() == "es"
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")  # LC_ALL wins over LANG
    assert language_from_environment() == "en"
