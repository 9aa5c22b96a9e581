"""khard, the terminal address book nettui's users sync with, reads our 3.0 export as
a vdir (one .vcf per card): it lists every card, shows typed phones, addresses and
emails, and lists the birthdays."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nettui.io.vcard import read_vcards, write_vcard

CORPUS = Path(__file__).parents[1] / "data" / "vcards"
KHARD = Path(sys.executable).with_name("khard")


@pytest.fixture
def khard(tmp_path):
    if not KHARD.exists() and not shutil.which("khard"):
        pytest.fail("khard is in the test extra: pip install -e '.[test]'")
    vdir = tmp_path / "vdir"
    vdir.mkdir()
    cards = [c for p in sorted(CORPUS.glob("*.vcf")) for c in read_vcards(p.read_bytes())[0]]
    for card in cards:
        text = write_vcard(card.person, "3.0", card.photo)
        (vdir / f"{card.person.id}.vcf").write_text(text, encoding="utf-8", newline="")
    config = tmp_path / "khard.conf"
    config.write_text(f"[addressbooks]\n[[nettui]]\npath = {vdir}\n", encoding="utf-8")

    def run(*args: str) -> str:
        result = subprocess.run(
            [str(KHARD if KHARD.exists() else "khard"), "-c", str(config), *args],
            capture_output=True,
            text=True,
            timeout=60,
            env={"HOME": str(tmp_path), "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"},
        )
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr and "rror" not in result.stderr
        return result.stdout

    return cards, run


def test_khard_lists_every_card_and_shows_its_structure(khard):
    cards, run = khard
    listed = [line.split("\t")[0] for line in run("list", "--parsable").splitlines()]
    expected = [c.person.uids[0] if c.person.uids else c.person.id for c in cards]
    assert sorted(listed) == sorted(expected)  # each card, by the UID we wrote
    jane = run("show", "Jane Doe")
    assert "WORK, FAX: (425) 555-0199" in jane and "CELL, VOICE: (425) 555-0101" in jane
    assert "INTERNET, pref: jane.doe@fabrikam.example" in jane
    assert "One Fabrikam Way" in jane and "Building 7" in jane and "98052 Redmond" in jane
    assert "Webpage: http://www.fabrikam.example/jane" in jane
    piotr = run("show", "Piotr")
    assert "Mobile, pref: +48 600 100 200" in piotr  # Apple's label, as khard shows it


def test_khard_lists_the_birthdays_with_and_without_a_year(khard):
    _cards, run = khard
    birthdays = run("birthdays")
    for name in ("Lucía Fernández", "Íñigo Ibáñez", "Jane Doe", "Ana García", "Begoña Peña"):
        assert name in birthdays
    assert "--01-22" in birthdays  # no year: khard shows it without one
