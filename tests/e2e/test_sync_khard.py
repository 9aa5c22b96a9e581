"""khard reads the contacts folder the exchange writes (one .vcf a person, by UID)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nettui.domain.models import Person
from nettui.store.repository import Repository
from nettui.sync.exchange import exchange

KHARD = Path(sys.executable).with_name("khard")


def test_khard_lists_the_people_the_exchange_wrote(tmp_path: Path):
    if not KHARD.exists() and not shutil.which("khard"):
        pytest.fail("khard is in the test extra: pip install -e '.[test]'")
    contacts = tmp_path / "vdir" / "contacts"
    with Repository(tmp_path / "db.json") as repo:
        ana = repo.add_person(Person(name="Ana Ruiz", emails=["ana@example.org"]))
        jose = repo.add_person(Person(name="José Núñez", phones=["+34 600 111 222"]))
        exchange(repo, contacts, tmp_path / "vdir" / "meetups")
    config = tmp_path / "khard.conf"
    config.write_text(f"[addressbooks]\n[[nettui]]\npath = {contacts}\n", encoding="utf-8")
    result = subprocess.run(
        [str(KHARD if KHARD.exists() else "khard"), "-c", str(config), "list", "--parsable"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"HOME": str(tmp_path), "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    listed = {line.split("\t")[0]: line.split("\t")[1] for line in result.stdout.splitlines()}
    assert listed == {ana.id: "Ana Ruiz", jose.id: "José Núñez"}
