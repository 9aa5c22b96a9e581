"""The reliability soak (not a test): `python bench/soak.py` prints a table.

The same fault scenarios as tests/e2e/test_reliability.py, at full size:

- crash: 500 writers killed with SIGKILL while they write;
- concurrency: the app (in tmux) and two CLI processes writing for 60 s;
- disconnect: 20 dropped sessions (SIGHUP to the app in the middle of a form);
- full disk: 20 rounds on a 256 KB tmpfs (needs root, as in CI);
- hostile input: every property-based target with 2,000 examples.

`--scale 0.1` runs a tenth of everything (a quick look). Exit code 1 if any promise
was broken, so the soak can gate a release.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.test_tmux import Tmux  # noqa: E402
from tests.reliability import (  # noqa: E402
    concurrent_sessions,
    crash_campaign,
    disconnects,
    full_disk_cycles,
    small_disk,
)

Row = tuple[str, str, str, bool]  # step, what was measured, the promise, kept


def environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
    env.update(
        LANG="C.UTF-8",
        XDG_STATE_HOME=str(folder / "state"),
        XDG_CONFIG_HOME=str(folder / "config"),
        PYTHONPATH=str(ROOT),
    )
    return env


def crash(folder: Path, scale: float) -> Row:
    kills = max(10, round(500 * scale))
    figures = crash_campaign(folder / "crash" / "nettui.json", kills, environment(folder))
    kept = figures.unreadable == 0 and not figures.lost
    return (
        "crash",
        f"{figures.kills} SIGKILLs during writes in {figures.seconds:.0f} s; "
        f"{figures.acknowledged} writes acknowledged; {figures.unreadable} unreadable files; "
        f"{len(figures.lost)} acknowledged writes lost",
        "0 unreadable, 0 lost",
        kept,
    )


def concurrency(folder: Path, scale: float) -> Row:
    seconds = max(10.0, 60 * scale)
    tmux = Tmux(folder)
    try:
        figures = concurrent_sessions(
            folder / "together" / "nettui.json", seconds, environment(folder), tmux
        )
    finally:
        tmux.kill()
    kept = not figures.lost and figures.max_lag <= 2.0
    return (
        "concurrency",
        f"{figures.seconds:.0f} s: {figures.cli_adds} CLI adds, {figures.cli_logs} CLI meetings "
        f"logged, {figures.app_adds} app adds, {figures.app_edits} app edits of the same "
        f"person; {len(figures.lost)} lost; others' changes on screen after "
        f"{figures.median_lag:.2f} s median, {figures.max_lag:.2f} s at most",
        "0 lost, shown within 2 s",
        kept,
    )


def disconnect(folder: Path, scale: float) -> Row:
    rounds = max(2, round(20 * scale))
    terminals: list[Tmux] = []

    def new_terminal() -> Tmux:
        terminals.append(Tmux(folder))
        return terminals[-1]

    figures = disconnects(folder / "hup" / "nettui.json", rounds, new_terminal)
    kept = not figures.lost and figures.unreadable == 0 and figures.leftovers == 0
    kept = kept and figures.half_typed_saved == 0
    return (
        "disconnect",
        f"{figures.rounds} SIGHUPs with a form half typed; {figures.confirmed} confirmed "
        f"changes, {len(figures.lost)} lost; {figures.half_typed_saved} half-typed forms "
        f"saved; {figures.unreadable} unreadable; {figures.leftovers} temp files left",
        "every confirmed change on disk",
        kept,
    )


def full_disk(folder: Path, scale: float) -> Row:
    rounds = max(2, round(20 * scale))
    with small_disk(folder / "disk", kilobytes=256) as disk:
        figures = full_disk_cycles(disk, rounds, environment(folder))
    kept = figures.refused_clearly == figures.intact == figures.recovered == rounds
    [message] = figures.messages or {""}
    return (
        "full disk",
        f"{figures.rounds} rounds on a 256 KB tmpfs: {figures.refused_clearly} refused with "
        f'"{message}", {figures.intact} files intact, {figures.recovered} saved again once '
        "there was room",
        "clear error, file intact, works again",
        kept,
    )


def hostile_input(folder: Path, scale: float) -> Row:
    examples = max(100, round(2000 * scale))
    started = time.monotonic()
    profile = "soak" if examples >= 2000 else "quick"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(ROOT / "tests" / "unit" / "test_hostile_input.py")],
        env={**environment(folder), "NETTUI_HYPOTHESIS": profile},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )  # fmt: skip
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    count = 2000 if profile == "soak" else 150
    return (
        "hostile input",
        f"7 targets (dates, matching, search, vCard, CSV, JSON backup, CLI arguments) x "
        f"{count:,} examples: {last} ({time.monotonic() - started:.0f} s)",
        "no crash, no traceback",
        done.returncode == 0,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = the full soak")
    parser.add_argument(
        "--only", nargs="*", default=None, help="crash concurrency disconnect disk hostile"
    )
    args = parser.parse_args()
    steps = {
        "crash": crash,
        "concurrency": concurrency,
        "disconnect": disconnect,
        "disk": full_disk,
        "hostile": hostile_input,
    }
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="nettui-soak-") as tmp:
        for name, step in steps.items():
            if args.only and name not in args.only:
                continue
            folder = Path(tmp) / name
            folder.mkdir()
            print(f"{name}...", file=sys.stderr, flush=True)
            rows.append(step(folder, args.scale))
    print("| step | measured | promise | kept |")
    print("|---|---|---|---|")
    for step, measured, promise, kept in rows:
        print(f"| {step} | {measured} | {promise} | {'yes' if kept else 'NO'} |")
    return 0 if all(row[3] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
