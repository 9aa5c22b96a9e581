"""Matching benchmark (not a test): `python bench/matching.py` prints a table.

10,000 people with 20,000 open needs and offers (bench sizes can be changed): the
time to compute and rank every match from the store (imports already loaded, as in a
running app), the one-time import of numpy, and the
time until the matches are up to date after adding one need (incremental) and one
offer.

Two generated networks: "uniform" (each item names one of the table's professional
words) and "one topic 30%" (30% of the items are about legal help: a popular topic's
terms are in thousands of items, and none is ever skipped).

Targets (issues 3 and 20): all matches <= 1 s; after adding one need or offer <= 50 ms.
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

PROFILES = {  # name -> share of the needs and offers about one popular topic
    "uniform": 0.0,
    "one topic 30%": 0.3,
}


def measure(people_count: int, items: int, runs: int, topic_share: float) -> dict[str, float]:
    """The figures of one generated network, in ms (medians), and its match count."""
    with tempfile.TemporaryDirectory(prefix="nettui-bench-") as tmp:
        db = Path(tmp) / "matching.json"
        people = synthetic_people(people_count)
        ids = [p.id for p in people]
        with Repository(db) as repo:
            repo.add_many([*people, *synthetic_needs_offers(ids, items, topic_share=topic_share)])
        full, listed, shown, count = [], [], [], 0
        for _ in range(runs):
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
                offer = NeedOffer(person_id=person, kind="offer", text=f"Abogado de familia {i}")
                repo.add_need_offer(offer)
                started = time.perf_counter()
                matcher.put(offer)
                repo.matches_for_offer(offer.id)
                add_offer.append(time.perf_counter() - started)

    def ms(samples: list[float]) -> float:
        return statistics.median(samples) * 1000

    return {
        "matches": count,
        "all": ms(full),
        "rank": ms(listed),
        "why": ms(shown),
        "need": ms(add_need),
        "offer": ms(add_offer),
        "save": ms(save),
    }


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
    figures = {
        name: measure(args.people, args.items, args.runs, share) for name, share in PROFILES.items()
    }
    rows = [
        ("matches kept", "matches", "{:,.0f}"),
        ("all matches from the loaded store (ms)", "all", "{:.0f}"),
        ("  then ranking them all (ms)", "rank", "{:.0f}"),
        ("  why, for the 75 a screen shows (ms)", "why", "{:.1f}"),
        ("add one need: matches up to date (ms)", "need", "{:.1f}"),
        ("add one offer: matches up to date (ms)", "offer", "{:.1f}"),
        ("  saving the new need or offer, fsync (ms)", "save", "{:.1f}"),
    ]
    print(f"{args.people:,} people, {args.items:,} open needs and offers")
    print(f"import numpy (once per process): {import_ms:.0f} ms")
    print(f"{'step':<44}" + "".join(f"{name:>16}" for name in PROFILES))
    print("-" * (44 + 16 * len(PROFILES)))
    for label, key, fmt in rows:
        print(f"{label:<44}" + "".join(f"{fmt.format(f[key]):>16}" for f in figures.values()))
    print()
    print("targets: all matches <= 1000 ms; after adding one need or offer <= 50 ms")


if __name__ == "__main__":
    main()
