"""vdirsyncer's own part of `nettui sync` (not a test): `python bench/vdirsyncer_sync.py`
prints a table.

Radicale on 127.0.0.1 (`[auth] type = none`), nettui's vdirsyncer configuration from
`nettui.sync.vdirsyncer.setup`, N cards in the contacts folder uploaded once; then the
time of `pull_and_push` (nettui's quick credentials check, then `vdirsyncer sync` of
both pairs) when nothing changed, the median of a few runs. nettui's exchange is apart
(bench/sync.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nettui.sync import vdirsyncer  # noqa: E402
from tests.servers import radicale  # noqa: E402


def card(n: int) -> str:
    return (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bench-{n}\r\nFN:Person {n}\r\n"
        f"N:{n};Person;;;\r\nEMAIL:p{n}@example.org\r\nTEL:+34 600 {n:06d}\r\nEND:VCARD\r\n"
    )


def measure(count: int, runs: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="vds-bench-") as temp:
        home = Path(temp)
        contacts, calendar = home / "vdir" / "contacts", home / "vdir" / "meetups"
        config = home / "config" / "vdirsyncer" / "config"
        with radicale(home / "radicale") as server:
            account = vdirsyncer.Account(server.url, "bench")
            vdirsyncer.setup(account, contacts, calendar, config)
            for n in range(count):
                (contacts / f"{n}.vcf").write_text(card(n))
            start = time.perf_counter()
            vdirsyncer.pull_and_push(config)
            first = time.perf_counter() - start
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                vdirsyncer.pull_and_push(config)
                times.append(time.perf_counter() - start)
            return first, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="150,1000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.pop("NETTUI_VDIRSYNCER", None)
    print(f"{'cards':>7}  {'first upload':>12}  {'no-change sync':>14}")
    for size in (int(s) for s in args.sizes.split(",")):
        first, unchanged = measure(size, args.runs)
        print(f"{size:>7}  {first:>11.2f}s  {unchanged:>13.2f}s")


if __name__ == "__main__":
    main()
