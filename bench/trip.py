"""Trip benchmark (not a test): `python bench/trip.py` prints a table.

10,000 people (an eighth of them in each of eight cities, Valladolid one of them;
a fifth with a keep-in-touch cadence), 20,000 needs and offers (two of them mine),
5,000 meetups, 30,000 interactions and 200 events:

- `nettui trip Valladolid --from ... --to ... --json` as the command runs it, in this
  process: open and read the store, work out the matches (for "needs you can help
  with"), everyone there ranked with the reasons, the JSON written;
- the same look-up again in the same session (the app, as the place or the days are
  typed): what the store keeps (whereabouts, matches, counts) is not worked out again;
- `--plan 10`: ten coffees planned in free slots, in one transaction (fsynced);
- the same command in a store where I offer nothing: no matches are worked out (most
  of the cold figure is the matcher, which `nettui matches` pays as well: whether one
  of my offers is among a need's best depends on every other offer).

Target (issue 24): `trip` over 10,000 people in under 0.5 s.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nettui.demo import synthetic_needs_offers, synthetic_people  # noqa: E402
from nettui.domain.dates import local_now  # noqa: E402
from nettui.domain.models import (  # noqa: E402
    ME,
    Event,
    Interaction,
    Meetup,
    NeedOffer,
    NeedOfferKind,
    Record,
)
from nettui.domain.trips import trip_days  # noqa: E402
from nettui.store.repository import Repository  # noqa: E402
from nettui.store.trips import trip_candidates  # noqa: E402

CITIES = ["Madrid", "Barcelona", "Sevilla", "Valencia", "Bilbao", "Valladolid, España", "León"]


def make_store(db: Path, people_count: int, offers_of_mine: bool = True) -> None:
    rng = random.Random(24)
    now = local_now().replace(microsecond=0)
    people = synthetic_people(people_count)
    for n, person in enumerate(people):
        person.location = CITIES[n % len(CITIES)] if n % 8 else "Leonardo da Vinci 3, Madrid"
    for person in people[: people_count // 5]:
        person.cadence = rng.choice(["FREQ=MONTHLY;INTERVAL=3", "FREQ=WEEKLY;INTERVAL=6"])
        person.last_contact = (now - timedelta(days=rng.randint(1, 300))).date().isoformat()
    ids = [p.id for p in people]
    records: list[Record] = list(people)
    records += synthetic_needs_offers(ids, people_count * 2)
    if offers_of_mine:
        records += [
            NeedOffer(person_id=ME, kind=NeedOfferKind.OFFER, text="Abogado laboral, contratos"),
            NeedOffer(person_id=ME, kind=NeedOfferKind.OFFER, text="I can review CVs in English"),
        ]
    for _ in range(people_count // 2):
        start = now + timedelta(days=rng.randint(-365, 30), hours=rng.randint(0, 10))
        records.append(
            Meetup(
                title="Coffee",
                people=[rng.choice(ids)],
                start=start.isoformat(),
                end=(start + timedelta(hours=1)).isoformat(),
                status="done" if start < now else "planned",
            )
        )
    for _ in range(people_count * 3):
        at = now - timedelta(days=rng.randint(0, 400))
        records.append(Interaction(person_id=rng.choice(ids), at=at.isoformat(), summary="Hola"))
    for n in range(200):
        start = now + timedelta(days=rng.randint(-200, 60))
        records.append(
            Event(
                name=f"Conferencia {n}",
                start=start.isoformat(),
                end=(start + timedelta(days=1)).isoformat(),
                place=rng.choice(CITIES),
                people=rng.sample(ids, 20),
            )
        )
    with Repository(db) as repo:
        repo.add_many(records)


def command_seconds(db: Path, *args: str) -> float:
    from nettui.cli import main

    os.environ["NETTUI_DB"] = str(db)
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(list(args))
    elapsed = time.perf_counter() - started
    assert code == 0, (args, code)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    trip = ("Valladolid", "--from", "in 2 days", "--to", "in 4 days")
    with tempfile.TemporaryDirectory(prefix="nettui-bench-") as tmp:
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        db = Path(tmp) / "trip.json"
        make_store(db, args.people)
        cold = [command_seconds(db, "trip", *trip, "--json") for _ in range(args.runs)]
        again = []
        with Repository(db) as repo:
            repo.storage.refresh()
            now = local_now()
            days = trip_days(now + timedelta(days=2), now + timedelta(days=4))
            found = trip_candidates(repo, "Valladolid", days, now.date())
            for _ in range(args.runs):
                started = time.perf_counter()
                trip_candidates(repo, "Valladolid", days, now.date())
                again.append(time.perf_counter() - started)
        plan = [command_seconds(db, "trip", *trip, "--plan", "10") for _ in range(1)]
        alone = Path(tmp) / "no-offers.json"
        make_store(alone, args.people, offers_of_mine=False)
        no_offers = [command_seconds(alone, "trip", *trip, "--json") for _ in range(args.runs)]
    print(f"{args.people:,} people; {len(found):,} of them in Valladolid or going there")
    print(f"{'step':<52} {'ms':>8}")
    print("-" * 61)
    for label, samples in (
        ("nettui trip Valladolid --json (in process, cold)", cold),
        ("  the same look-up again in one session (the app)", again),
        ("nettui trip Valladolid --plan 10 (in process)", plan),
        ("nettui trip Valladolid --json, no offer of mine", no_offers),
    ):
        print(f"{label:<52} {statistics.median(samples) * 1000:>8.1f}")
    print()
    print("target: trip over 10,000 people in under 500 ms")


if __name__ == "__main__":
    main()
