"""Dashboard benchmark (not a test): `python bench/dashboard.py` prints a table.

10,000 people (a fifth with a keep-in-touch cadence, three in five with a birthday,
one in ten with an anniversary), 5,000 meetups and 30,000 interactions: the time to
compute the Dashboard from the loaded store, and to render
the Dashboard screen (Textual, headless, 100x30) from pressing 1 to the lists drawn.

Target (issue 4): the Dashboard renders in <= 100 ms after the store is loaded.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nettui.demo import synthetic_people  # noqa: E402
from nettui.domain.dates import local_now  # noqa: E402
from nettui.domain.models import Interaction, Meetup, Record  # noqa: E402
from nettui.store.repository import Repository  # noqa: E402


def make_store(db: Path, people_count: int, meetup_count: int, interaction_count: int) -> None:
    rng = random.Random(4)
    now = local_now().replace(microsecond=0)
    people = synthetic_people(people_count)
    for person in people[: people_count // 5]:
        person.cadence = rng.choice(["FREQ=MONTHLY;INTERVAL=3", "FREQ=WEEKLY;INTERVAL=6"])
        person.last_contact = (now - timedelta(days=rng.randint(1, 300))).date().isoformat()
    for person in people:  # as an address book has them: most with a birthday, some no year
        if rng.random() < 0.6:
            day = now.date() - timedelta(days=rng.randint(20 * 365, 70 * 365))
            person.birthday = day.isoformat() if rng.random() < 0.8 else f"--{day:%m-%d}"
        if rng.random() < 0.1:
            person.anniversary = (
                now.date() - timedelta(days=rng.randint(365, 40 * 365))
            ).isoformat()
    records: list[Record] = list(people)
    for _ in range(meetup_count):
        start = now + timedelta(days=rng.randint(-365, 30), hours=rng.randint(0, 10))
        records.append(
            Meetup(
                title="Coffee",
                people=[rng.choice(people).id],
                start=start.isoformat(),
                end=(start + timedelta(hours=1)).isoformat(),
                status="done" if start < now else "planned",
            )
        )
    for _ in range(interaction_count):
        at = now - timedelta(days=rng.randint(0, 400))
        records.append(
            Interaction(person_id=rng.choice(people).id, at=at.isoformat(), summary="Hola")
        )
    with Repository(db) as repo:
        repo.add_many(records)


async def screen_render_ms(db: Path, runs: int) -> tuple[list[float], list[float]]:
    """The Dashboard screen recomputed (nothing cached) and drawn, under Pilot."""
    from nettui.ui.app import NettuiApp
    from nettui.ui.screens.dashboard import DashboardScreen

    samples: list[float] = []
    draw_only: list[float] = []
    repo = Repository(db)
    repo.storage.refresh()
    repo.search_ids("")
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await pilot.pause(1.0)  # the first visit, and its worker, are done
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        for _ in range(runs):
            repo._dashboard_cache.clear()
            started = time.perf_counter()
            screen._show(repo.dashboard(local_now()))
            await pilot.pause()  # until Textual has drawn it
            samples.append(time.perf_counter() - started)
            board = repo.dashboard(local_now())  # cached now
            started = time.perf_counter()
            screen._show(board)
            await pilot.pause()
            draw_only.append(time.perf_counter() - started)
    repo.close()
    return samples, draw_only


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--meetups", type=int, default=5_000)
    parser.add_argument("--interactions", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nettui-bench-") as tmp:
        db = Path(tmp) / "dashboard.json"
        make_store(db, args.people, args.meetups, args.interactions)
        compute, cached = [], []
        with Repository(db) as repo:
            repo.storage.refresh()
            for _ in range(args.runs):
                repo._dashboard_cache.clear()
                started = time.perf_counter()
                repo.dashboard(local_now())
                compute.append(time.perf_counter() - started)
                started = time.perf_counter()
                repo.dashboard(local_now())
                cached.append(time.perf_counter() - started)
        render, draw_only = asyncio.run(screen_render_ms(db, args.runs))
    print(f"{args.people:,} people, {args.meetups:,} meetups, {args.interactions:,} interactions")
    print(f"{'step':<44} {'ms':>8}")
    print("-" * 53)
    rows = [
        ("compute the Dashboard, nothing cached", compute),
        ("  again, nothing changed (cached)", cached),
        ("compute and draw it on screen (Pilot)", render),
        ("  of which drawing alone (Pilot)", draw_only),
    ]
    for label, samples in rows:
        print(f"{label:<44} {statistics.median(samples) * 1000:>8.1f}")
    print()
    print("target: the Dashboard renders in <= 100 ms after the store is loaded")


if __name__ == "__main__":
    main()
