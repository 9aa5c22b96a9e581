"""Where nettui keeps its files (XDG on Linux): `--db` and NETTUI_DB override the database."""

from __future__ import annotations

import os
from pathlib import Path

APP = "nettui"


def default_db_path() -> Path:
    from platformdirs import user_data_path  # only when no --db or NETTUI_DB is given

    return user_data_path(APP, appauthor=False) / "nettui.json"


def db_path(cli_value: str | None) -> Path:
    """The database to open: --db, else NETTUI_DB, else the XDG data folder."""
    chosen = cli_value or os.environ.get("NETTUI_DB") or default_db_path()
    return Path(chosen).expanduser().absolute()


def config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP, appauthor=False)


def config_file() -> Path:
    return config_dir() / "config.toml"


def crash_log_path() -> Path:
    from platformdirs import user_state_path

    return user_state_path(APP, appauthor=False) / "crash.log"


def drafts_dir() -> Path:
    """Where a copied introduction draft is also written, for terminals that do not
    pass a copy to the clipboard (OSC 52): the user's state folder, never the store's."""
    from platformdirs import user_state_path

    return user_state_path(APP, appauthor=False) / "drafts"


def default_vdir() -> Path:
    """Where the vdir of contacts and meetups lives unless config.toml's [sync] says."""
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False) / "vdir"
