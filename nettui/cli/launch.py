"""The app launch: the only module of nettui.cli that imports the ui, and so Textual.

nettui.cli imports it only when the app starts (no command, or --demo), so headless
commands never load Textual.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from nettui import paths
from nettui.cli.common import (
    EXIT_OK,
    open_repository,
    readable_by_others,
    warn_if_readable_by_others,
)


def open_app(args: argparse.Namespace) -> int:
    """The app on the store in --db (or the default one), or on a throwaway demo store."""
    from nettui.config import load

    args.config = load()  # the app reads all the settings
    if args.demo:
        return run_demo(args)
    db = paths.db_path(args.db)
    warn_if_readable_by_others(db)
    return run_app(db, demo=False, args=args)


def run_app(db: Path, demo: bool, args: argparse.Namespace) -> int:
    import gc
    import shutil

    from nettui.heap import map_large_blocks_apart
    from nettui.store.repository import Repository
    from nettui.store.search_cache import preview
    from nettui.ui.app import NettuiApp  # Textual is imported only for the TUI

    map_large_blocks_apart()  # the app runs for hours: what it frees goes back
    # The first screenful of people comes from the head of the saved index, which
    # exists only for the file exactly as it was last read whole: the app paints it
    # and reads the store after. Without one, the store is read first, so a damaged
    # file is reported before anything runs.
    first = preview(db, rows=shutil.get_terminal_size().lines)
    repo = Repository(db)
    if first is None:
        repo.load()
        # The store is long-lived: move its objects out of the collector's way, so the
        # app's own garbage collections do not walk them all each time.
        gc.freeze()
    try:
        # Said inside the app too: a line on stderr vanishes behind the full screen.
        warnings = [w for w in [readable_by_others(db)] if w]
        app = NettuiApp(
            repo,
            demo=demo,
            lang=args.lang,
            theme=args.theme,
            config=args.config,
            warnings=warnings,
            preview=first,
        )
        app.run(mouse=args.config.mouse and not args.no_mouse)
    finally:
        repo.close()
    if app.load_error is not None:
        raise app.load_error  # said as any damaged file is: one sentence, exit code 2
    return EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    import tempfile

    from nettui.demo import build_demo

    with tempfile.TemporaryDirectory(prefix="nettui-demo-") as folder:
        db = Path(folder) / "demo.json"
        with open_repository(db) as repo:
            build_demo(repo)
        return run_app(db, demo=True, args=args)
