"""Sync benchmark (not a test): `python bench/sync.py` prints a table.

nettui's own part of a `nettui sync` that finds nothing to do (vdirsyncer's time
apart): the exchange of a store of N people with a contacts folder of N cards already
in step. It lists the folder, compares each file's size and time and each person's
digest with what was last exchanged, and writes nothing. With meetups (one for every
ten people, as `--meetups` says otherwise), the calendar folder too: one .ics a meetup.

Targets (issue 23): <= 0.5 s at 1,000 people, <= 3 s at 10,000.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nettui.demo import synthetic_people  # noqa: E402
from nettui.domain.models import Meetup  # noqa: E402
from nettui.store.repository import Repository  # noqa: E402
from nettui.sync.exchange import exchange  # noqa: E402

TARGETS = {1_000: 0.5, 10_000: 3.0}


def plan_meetups(repo: Repository, count: int) -> None:
    """`count` planned meetups, one or two people each, spread over a year."""
    people = [p.id for p in repo.people()]
    start = datetime(2027, 1, 4, 9, 0).astimezone()
    with repo.transaction():
        for n in range(count):
            when = start + timedelta(hours=7 * n)
            repo.plan_meetup(
                Meetup(
                    title=f"Coffee {n}",
                    people=people[n % len(people) : n % len(people) + 1 + n % 2],
                    start=when.isoformat(),
                    end=(when + timedelta(hours=1)).isoformat(),
                    place="Café Central" if n % 3 else "",
                )
            )


def measure(count: int, runs: int, meetups: int) -> tuple[float, float, list[float]]:
    with tempfile.TemporaryDirectory(prefix="nettui-bench-sync-") as folder:
        root = Path(folder)
        with Repository(root / "db.json") as repo:
            repo.add_many(synthetic_people(count))
            plan_meetups(repo, meetups)
        with Repository(root / "db.json") as repo:
            start = time.perf_counter()
            first = exchange(repo, root / "contacts", root / "meetups")
            first_s = time.perf_counter() - start
            assert len(first.people_out["added"]) == count, "the first exchange writes all"
            assert len(first.meetups_out["added"]) == meetups
        times = []
        for _ in range(runs):
            # A fresh process's view: the store opened and loaded as `nettui sync` does.
            start = time.perf_counter()
            with Repository(root / "db.json") as repo:
                repo.storage.refresh()
                report = exchange(repo, root / "contacts", root / "meetups")
            times.append(time.perf_counter() - start)
            assert not report.moved and report.in_sync, report.to_json()
        return first_s, statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(TARGETS))
    parser.add_argument(
        "--meetups", type=int, default=None, help="meetups (default: a tenth of the people)"
    )
    args = parser.parse_args()
    print(
        f"{'people':>8} {'meetups':>8} {'first (s)':>10} {'no-change median (s)':>21}"
        f" {'target (s)':>11}  ok"
    )
    for count in args.sizes:
        meetups = count // 10 if args.meetups is None else args.meetups
        first, median, _times = measure(count, args.runs, meetups)
        target = TARGETS.get(count)
        ok = "yes" if target is None or median <= target else "NO"
        shown = f"{target:.1f}" if target else "-"
        print(f"{count:>8} {meetups:>8} {first:>10.2f} {median:>21.3f} {shown:>11}  {ok}")


if __name__ == "__main__":
    main()
