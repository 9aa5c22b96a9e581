"""khal lists the meetups of the calendar folder the exchange writes (one .ics a
meetup, a VTIMEZONE in each), at their local times."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from nettui.domain.models import Meetup, Person
from nettui.store.repository import Repository
from nettui.sync.exchange import exchange

KHAL = Path(sys.executable).with_name("khal")
MADRID = ZoneInfo("Europe/Madrid")


def test_khal_lists_the_meetups_the_exchange_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    if not KHAL.exists() and not shutil.which("khal"):
        pytest.fail("khal is in the test extra: pip install -e '.[test]'")
    monkeypatch.setenv("TZ", "Europe/Madrid")
    calendar = tmp_path / "vdir" / "meetups"
    start = datetime(2027, 3, 9, 10, 0, tzinfo=MADRID)
    with Repository(tmp_path / "db.json") as repo:
        ana = repo.add_person(Person(name="Ana Ruiz", emails=["ana@example.org"]))
        for title, days in (("Coffee with Ana", 0), ("Dinner with José", 1)):
            when = start + timedelta(days=days)
            repo.plan_meetup(
                Meetup(title=title, people=[ana.id], start=when.isoformat(),
                       end=(when + timedelta(hours=1)).isoformat(), place="Café Central")
            )  # fmt: skip
        report = exchange(repo, tmp_path / "vdir" / "contacts", calendar)
    assert sorted(report.meetups_out["added"]) == ["Coffee with Ana", "Dinner with José"]
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[nettui]]\npath = {calendar}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "default_timezone = Europe/Madrid\nlocal_timezone = Europe/Madrid\n",
        encoding="utf-8",
    )
    env = {
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PATH": "/usr/bin:/bin",
        "TZ": "Europe/Madrid",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    result = subprocess.run(
        [str(KHAL if KHAL.exists() else "khal"), "-c", str(config), "list",
         "--format", "{start} {title} @ {location}", "2027-03-09", "3d"],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    listed = [line for line in result.stdout.splitlines() if "@" in line]
    assert listed == [
        "2027-03-09 10:00 Coffee with Ana @ Café Central",
        "2027-03-10 10:00 Dinner with José @ Café Central",
    ], result.stdout
