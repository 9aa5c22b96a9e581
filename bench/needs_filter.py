"""Needs & offers filter benchmark (not a test): `python bench/needs_filter.py` prints a
table.

The store of bench/run.py at 10,000 people (20,000 needs and offers, about 50,000
matches). In each session the installed app runs in a real pty (100x30); each key of
"nunez" (a name: few hits) and of "lawyer" (a concept: thousands) is typed in the
People filter, then in the Needs & offers filter on its Matches tab and on its Needs
tab, once every match is worked out. A key's time runs from writing it to the last
byte of the app's answer (the screen fully updated), as bench/run.py measures the
People filter. The table gives, per list, the median and the worst key over every
session, and the most bytes a key wrote.

Target (issue 20): Needs & offers <= 30 ms a key at 10,000 people.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import make_store  # noqa: E402
from bench.terminal import Terminal  # noqa: E402

QUERIES = ("nunez", "lawyer")
CLEAR = b"\x07"  # ctrl+g: the filter cleared, the list focused (escape waits 120 ms)
LISTS = ("People", "Needs & offers: Matches", "Needs & offers: Needs")


def typed(terminal: Terminal) -> list[tuple[float, int]]:
    """Each key of each query typed in the filter in front: (seconds, bytes) each."""
    keys = []
    for query in QUERIES:
        terminal.answer(b"/")
        keys += [terminal.answer(bytes([key])) for key in query.encode()]
        terminal.answer(CLEAR)
    return keys


def session(db: Path, marker: str) -> dict[str, list[tuple[float, int]]]:
    terminal = Terminal(db)
    try:
        if terminal.wait_for(marker) is None:
            raise RuntimeError(f"{marker!r} never appeared on screen for {db}")
        terminal.answer(b"", quiet=1.5)  # the first paint's follow-ups (the store read)
        figures = {"People": typed(terminal)}
        terminal.answer(b"3", quiet=3.0, most=30.0)  # every match worked out
        figures["Needs & offers: Matches"] = typed(terminal)
        terminal.answer(b"]", quiet=0.5)  # the Needs tab
        figures["Needs & offers: Needs"] = typed(terminal)
    finally:
        terminal.quit()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--each", action="store_true", help="also print every key's ms")
    args = parser.parse_args()
    keys: dict[str, list[tuple[float, int]]] = {name: [] for name in LISTS}
    with tempfile.TemporaryDirectory(prefix="nettui-bench-") as tmp:
        print("building the store...", file=sys.stderr, flush=True)
        db, marker = make_store(Path(tmp), args.people)
        for n in range(args.sessions):
            print(f"session {n + 1} of {args.sessions}...", file=sys.stderr, flush=True)
            for name, figures in session(db, marker).items():
                keys[name] += figures
                if args.each:
                    typed_keys = "".join(QUERIES)
                    each = ", ".join(
                        f"{key} {seconds * 1000:.0f}"
                        for key, (seconds, _) in zip(typed_keys, figures, strict=True)
                    )
                    print(f"{name}: {each}", file=sys.stderr, flush=True)
    count = len(keys["People"])
    print(
        f"{args.people:,} people, {args.sessions} sessions, {count} keys a list "
        f"({' and '.join(repr(q) for q in QUERIES)} typed in each)\n"
    )
    print("| list | median key ms | worst key ms | most bytes a key |")
    print("|---|---|---|---|")
    for name in LISTS:
        seconds = [s for s, _ in keys[name]]
        print(
            f"| {name} | {statistics.median(seconds) * 1000:.1f} | {max(seconds) * 1000:.1f} "
            f"| {max(b for _, b in keys[name]):,} |"
        )
    print("\ntarget at 10,000: Needs & offers <= 30 ms a key")


if __name__ == "__main__":
    main()
