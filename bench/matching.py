"""Matching benchmark (not a test): `python bench/matching.py` prints a table.

10,000 people with 20,000 open needs and offers (bench sizes can be changed): the
time to compute and rank every match from the store (imports already loaded, as in a
running app), the one-time import of numpy, and the
time until the matches are up to date after adding one need (incremental) and one
offer.

Targets (issue 3): all matches <= 1 s; after adding one need <= 50 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nettui.demo import synthetic_needs_offers, synthetic_people  # noqa: E402
from nettui.domain.models import NeedOffer  # noqa: E402
from nettui.heap import map_large_blocks_apart  # noqa: E402
from nettui.store.repository import Repository  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    map_large_blocks_apart()  # as the app does
    started = time.perf_counter()
    import numpy  # noqa: F401

    import_ms = (time.perf_counter() - started) * 1000
    with tempfile.TemporaryDirectory(prefix="nettui-bench-") as tmp:
        db = Path(tmp) / "matching.json"
        people = synthetic_people(args.people)
        with Repository(db) as repo:
            repo.add_many([*people, *synthetic_needs_offers([p.id for p in people], args.items)])
        full, listed, shown, count = [], [], [], 0
        for _ in range(args.runs):
            with Repository(db) as repo:
                repo.storage.refresh()  # the store is loaded, as in the app
                repo.needs_offers()  # and its lists of needs and offers made
                started = time.perf_counter()
                matcher = repo.matcher()
                full.append(time.perf_counter() - started)
                started = time.perf_counter()
                ranked = matcher.matches()
                listed.append(time.perf_counter() - started)
                count = len(ranked)
                started = time.perf_counter()
                for match in ranked[:75]:
                    match.why  # noqa: B018 (worked out when shown)
                shown.append(time.perf_counter() - started)
        with Repository(db) as repo:
            repo.matcher()
            matcher = repo.matcher()
            add_need, add_offer, save = [], [], []
            for i in range(20):
                person = people[i * 7].id
                text = f"Busco abogada laboralista {i}"
                need = NeedOffer(person_id=person, kind="need", text=text)
                started = time.perf_counter()
                repo.add_need_offer(need)  # saved (fsynced); the matcher follows in it
                save.append(time.perf_counter() - started)
                started = time.perf_counter()
                matcher.put(need)  # that incremental step again, timed on its own
                repo.matches_for_need(need.id)
                add_need.append(time.perf_counter() - started)
                offer = NeedOffer(person_id=person, kind="offer", text=f"Ofrezco fotografía {i}")
                repo.add_need_offer(offer)
                started = time.perf_counter()
                matcher.put(offer)
                repo.matches_for_offer(offer.id)
                add_offer.append(time.perf_counter() - started)

    def ms(samples: list[float]) -> float:
        return statistics.median(samples) * 1000

    print(f"{args.people:,} people, {args.items:,} open needs and offers, {count:,} matches")
    print(f"{'step':<44} {'ms':>8}")
    print("-" * 53)
    print(f"{'import numpy (once per process)':<44} {import_ms:>8.0f}")
    print(f"{'all matches from the loaded store':<44} {ms(full):>8.0f}")
    print(f"{'  then ranking them all':<44} {ms(listed):>8.0f}")
    print(f"{'  why, for the 75 a screen shows':<44} {ms(shown):>8.1f}")
    print(f"{'add one need: matches up to date':<44} {ms(add_need):>8.1f}")
    print(f"{'add one offer: matches up to date':<44} {ms(add_offer):>8.1f}")
    print(f"{'  saving the new need or offer (fsync)':<44} {ms(save):>8.1f}")
    print()
    print("targets: all matches <= 1000 ms; after adding one need <= 50 ms")


if __name__ == "__main__":
    main()
