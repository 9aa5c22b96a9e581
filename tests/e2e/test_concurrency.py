"""Two real processes on one file. Writers killed mid-write: tests/e2e/test_reliability.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from nettui.domain import json_codec
from nettui.store.repository import Repository
from tests.reliability import WRITER


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
    data = json_codec.decode(db_path.read_bytes())
    assert len(data["people"]) == 400
    with Repository(db_path) as repo:
        names = {p.name for p in repo.people()}
    assert names == {f"{tag} {i}" for tag in ("left", "right") for i in range(200)}
