"""Fixtures of the end-to-end tests that sync with a real server."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def home(tmp_path: Path, cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private XDG home: config.toml's [sync] points at folders in tmp_path."""
    cli_env["XDG_DATA_HOME"] = str(tmp_path / "data")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, cli_env[name])
    config = tmp_path / "config" / "nettui"
    config.mkdir(parents=True)
    (config / "config.toml").write_text(
        f'[sync]\ncontacts = "{tmp_path}/vdir/people"\ncalendar = "{tmp_path}/vdir/meetups"\n'
    )
    return tmp_path
