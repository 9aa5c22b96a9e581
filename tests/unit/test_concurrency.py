"""Two real processes on one file, and writers killed mid-write."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson

from nettui.store.repository import Repository

WRITER = """
import sys
from nettui.domain.models import Person
from nettui.store.repository import Repository
repo = Repository(sys.argv[1])
tag, count = sys.argv[2], int(sys.argv[3])
for i in range(count):
    repo.add_person(Person(name=f"{tag} {i}"))
    print(f"{tag} {i}", flush=True)  # acknowledged only after add_person returned
"""


def run_writer(db: Path, tag: str, count: int, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), tag, str(count)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_two_processes_adding_200_people_each(db_path, cli_env):
    writers = [run_writer(db_path, tag, 200, cli_env) for tag in ("left", "right")]
    for writer in writers:
        writer.communicate(timeout=120)
        assert writer.returncode == 0
    data = orjson.loads(db_path.read_bytes())
    assert len(data["people"]) == 400
    with Repository(db_path) as repo:
        names = {p.name for p in repo.people()}
    assert names == {f"{tag} {i}" for tag in ("left", "right") for i in range(200)}


def test_a_writer_killed_at_random_moments_never_breaks_the_file(db_path, cli_env):
    rng = random.Random(20261128)
    acknowledged: list[str] = []
    for round_ in range(25):
        writer = run_writer(db_path, f"r{round_}", 10_000, cli_env)
        deadline = time.monotonic() + rng.uniform(0.15, 0.6)
        assert writer.stdout is not None
        os.set_blocking(writer.stdout.fileno(), False)
        while time.monotonic() < deadline:
            time.sleep(0.01)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        out = writer.stdout.read() or ""
        acknowledged += [line for line in out.splitlines() if line]
        data = orjson.loads(db_path.read_bytes())  # always parses
        stored = {p["name"] for p in data["people"].values()}
        missing = [name for name in acknowledged if name not in stored]
        assert missing == [], f"round {round_}: acknowledged writes lost: {missing[:5]}"
    assert len(acknowledged) > 25  # the writers really wrote between the kills
