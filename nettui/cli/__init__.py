"""The `nettui` command: the TUI by default, and headless subcommands for scripts.

`main` is the console script. The package's modules: entry (exit codes, errors, the
language, dispatch), parser (the grammar), common (what the commands share), people,
needs, meetups and files (one module per group of commands), and launch (the app).
Only launch imports the ui, and so Textual; it is imported only when the app starts.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from nettui.cli import entry


def main(argv: Sequence[str] | None = None) -> int:
    """Run `nettui` with `argv` (default: the process's arguments); the exit code."""
    return entry.run(argv, open_app=_open_app)


def _open_app(args: argparse.Namespace) -> int:
    from nettui.cli import launch  # Textual, only now that the app starts

    return launch.open_app(args)
