"""Who I met here (not a test): `python bench/event_met.py` prints a table.

A store of 10,000 people (and 2,000 needs and offers, 20,000 interactions), one past
event; then one save of the "who I met here" loop, as the app makes it
(`Repository.met_at_event`: one transaction, fsynced), for someone known and for
someone new, each with a note that becomes a need. Also the name field's suggestion
for one key typed (NameSuggester over everyone's names).

Target (issue 24): the evening after a conference, a save never holds the typist up:
one save well under the time it takes to type the next name (~200 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
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
from nettui.domain.models import Event, Interaction, Record  # noqa: E402
from nettui.store.repository import Repository  # noqa: E402


def make_store(db: Path, people_count: int) -> tuple[str, list[str]]:
    rng = random.Random(24)
    now = local_now().replace(microsecond=0)
    people = synthetic_people(people_count)
    records: list[Record] = [
        *people,
        *synthetic_needs_offers([p.id for p in people], people_count // 5),
    ]
    for _ in range(people_count * 2):
        at = now - timedelta(days=rng.randint(0, 400))
        records.append(
            Interaction(person_id=rng.choice(people).id, at=at.isoformat(), summary="Hola")
        )
    start = (now - timedelta(days=1)).replace(hour=0, minute=0, second=0)
    event = Event(
        name="Conferencia Tech Sevilla",
        start=start.isoformat(),
        end=(start + timedelta(days=2)).isoformat(),
    )
    records.append(event)
    with Repository(db) as repo:
        repo.add_many(records)
    # Names that are one person's only (a synthetic store repeats some names).
    seen: dict[str, int] = {}
    for p in people:
        seen[p.name] = seen.get(p.name, 0) + 1
    unique = [p.name for p in people if seen[p.name] == 1]
    # Typed by name where the name is one person's, else by id (both are looked up).
    return event.id, unique + [p.id for p in people if seen[p.name] > 1]


def ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:6.1f} ms, max {max(samples) * 1000:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "nettui.json"
        event_id, names = make_store(db, args.people)
        size = db.stat().st_size
        repo = Repository(db)
        repo.storage.refresh()
        repo.search_ids("")  # the app has its index before the evening starts
        known, new = [], []
        for n in range(args.runs):
            started = time.perf_counter()
            repo.met_at_event(event_id, names[n], "necesita abogado laboralista")
            known.append(time.perf_counter() - started)
            started = time.perf_counter()
            repo.met_at_event(event_id, f"Persona Nueva {n}", "busca inversión")
            new.append(time.perf_counter() - started)

        from nettui.ui.widgets.name_suggester import NameSuggester

        started = time.perf_counter()
        suggester = NameSuggester(repo.display_names())
        built = time.perf_counter() - started
        suggest: list[float] = []
        hint: list[float] = []  # "someone new" / "known" under the name, per key
        for prefix in ("jo", "ana g", "nun", "mar", "lu", "maria garcia"):
            started = time.perf_counter()
            asyncio.run(suggester.get_suggestion(prefix))
            suggest.append(time.perf_counter() - started)
            started = time.perf_counter()
            with contextlib.suppress(LookupError):  # two people of that name: said
                if repo.known_for_met(prefix) is None:
                    repo.started_by(prefix, limit=3)  # part of a known name: said
            hint.append(time.perf_counter() - started)
        repo.close()
    print(f"{args.people:,} people, store {size / 1e6:.1f} MB, {args.runs} saves of each kind")
    print(f"  save, someone known + a need  {ms(known)}")
    print(f"  save, someone new + a need    {ms(new)}")
    print(f"  suggester made once           {built * 1000:6.1f} ms")
    print(f"  a suggestion per key          {ms(suggest)}")
    print(f"  known or new, per key         {ms(hint)}")


if __name__ == "__main__":
    main()
