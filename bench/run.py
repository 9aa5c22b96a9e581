"""Benchmarks (not tests): `python bench/run.py` prints a table.

For an empty store and stores of 1,000 and 10,000 people (the sizes can be changed
with --sizes), it measures:

- first paint: the TUI started in a real pty until a real name is on screen
  (for the empty store: until its "No people yet" line), median of 3 runs;
- peak RSS of that TUI process (ru_maxrss from wait4);
- one search in the repository, median over a set of queries;
- filter-as-you-type: the searches for "n", "nu", "nun", "nune", "nunez" in a row;
- persisting one edit (update_person: lock, write, fsync, rename), median of 20;
- `nettui find QUERY` as a whole process, median of 5.

Targets at 10,000 people (issue 2): first paint <= 1.5x the empty store's, one search
<= 10 ms, one edit <= 30 ms, `nettui find` <= 200 ms, RSS <= 150 MB.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pty
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nettui.demo import synthetic_people  # noqa: E402
from nettui.domain.models import Person  # noqa: E402
from nettui.store.repository import Repository  # noqa: E402

QUERIES = ["jose", "nunez", "garcia", "fotografo", "sevilla", "example.org", "zzz", "a"]
TYPING = ["n", "nu", "nun", "nune", "nunez"]


def nettui_command() -> list[str]:
    installed = shutil.which("nettui")
    return [installed] if installed else [sys.executable, "-m", "nettui.cli"]


def make_store(folder: Path, count: int) -> tuple[Path, str]:
    """A store of `count` people; returns its path and a name that is on the first row."""
    db = folder / f"people-{count}.json"
    with Repository(db) as repo:
        if count:
            repo.add_many(list(synthetic_people(count)))
            first = repo.people_by_ids(repo.search_ids("")[:1])[0].display_name
        else:
            repo.add_person(Person(name="Placeholder"))
            repo.delete_person(repo.people()[0].id)
            first = "No people yet"
    return db, first


def first_paint(db: Path, marker: str, timeout: float = 20.0) -> tuple[float, int]:
    """Seconds from exec to `marker` on the terminal, and the peak RSS in KB."""
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="30")
    env.pop("NO_COLOR", None)
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real program in a real pty
        os.execvpe(nettui_command()[0], [*nettui_command(), "--db", str(db)], env)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    seen = b""
    target = marker.encode()
    painted = None
    deadline = started + timeout
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            if painted is None and target in seen:
                painted = time.perf_counter() - started
                break
    os.write(fd, b"q")
    rss_kb = 0
    end = time.perf_counter() + 10
    while time.perf_counter() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            with contextlib.suppress(OSError):
                os.read(fd, 65536)
        done_pid, _status, usage = os.wait4(pid, os.WNOHANG)
        if done_pid:
            rss_kb = usage.ru_maxrss
            break
    else:
        os.kill(pid, 9)
        _, _, usage = os.wait4(pid, 0)
        rss_kb = usage.ru_maxrss
    os.close(fd)
    if painted is None:
        raise RuntimeError(f"{marker!r} never appeared on screen for {db}")
    return painted, rss_kb


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def time_searches(repo: Repository) -> tuple[float, float]:
    repo.search_ids("warm up")
    one = []
    for query in QUERIES:
        repo.search_ids("")  # a fresh query, not a narrowing of the last one
        started = time.perf_counter()
        repo.search_ids(query)
        one.append(time.perf_counter() - started)
    per_key = []
    repo.search_ids("")
    for typed in TYPING:
        started = time.perf_counter()
        repo.search_ids(typed)
        per_key.append(time.perf_counter() - started)
    return median_ms(one), max(per_key) * 1000


def time_edits(repo: Repository) -> float:
    people = repo.people()[:20] or [repo.add_person(Person(name="Edit Me"))]
    samples = []
    for i, person in enumerate(people * (20 // len(people))):
        person.notes = f"edited {i}"
        started = time.perf_counter()
        repo.update_person(person)
        samples.append(time.perf_counter() - started)
    return median_ms(samples)


def time_find_process(db: Path) -> float:
    samples = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run(
            [*nettui_command(), "--db", str(db), "find", "nunez"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        samples.append(time.perf_counter() - started)
    return median_ms(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,1000,10000", help="comma-separated people counts")
    parser.add_argument("--paints", type=int, default=5, help="TUI starts per size")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="nettui-bench-") as tmp:
        stores = {count: make_store(Path(tmp), count) for count in sizes}
        for db, marker in stores.values():
            first_paint(db, marker)  # warm the disk cache and save the search index
        # Rounds interleave the sizes, so a noisy moment hits them all alike and the
        # ratio to the empty store stays fair.
        paints: dict[int, list[float]] = {count: [] for count in sizes}
        rss: dict[int, list[int]] = {count: [] for count in sizes}
        for _ in range(args.paints):
            for count, (db, marker) in stores.items():
                seconds, kb = first_paint(db, marker)
                paints[count].append(seconds)
                rss[count].append(kb)
        for count, (db, _marker) in stores.items():
            with Repository(db) as repo:
                search_ms, per_key_ms = time_searches(repo)
                edit_ms = time_edits(repo)
            find_ms = time_find_process(db)
            rows.append(
                (
                    count,
                    median_ms(paints[count]),
                    max(rss[count]) / 1024,
                    search_ms,
                    per_key_ms,
                    edit_ms,
                    find_ms,
                )
            )
    empty_paint = next((r[1] for r in rows if r[0] == 0), None)
    header = (
        f"{'people':>7} {'paint ms':>9} {'x empty':>8} {'RSS MB':>7} {'search ms':>10} "
        f"{'per key ms':>11} {'edit ms':>8} {'find ms':>8}"
    )
    print(header)
    print("-" * len(header))
    for count, paint, rss_mb, search, per_key, edit, find in rows:
        ratio = f"{paint / empty_paint:.2f}" if empty_paint else "-"
        print(
            f"{count:>7} {paint:>9.0f} {ratio:>8} {rss_mb:>7.0f} {search:>10.2f} "
            f"{per_key:>11.2f} {edit:>8.1f} {find:>8.0f}"
        )
    print()
    print("targets at 10,000: paint <= 1.5x empty, search <= 10 ms, edit <= 30 ms,")
    print("                   nettui find <= 200 ms, RSS <= 150 MB")


if __name__ == "__main__":
    main()
