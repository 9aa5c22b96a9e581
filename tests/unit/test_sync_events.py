"""vdirsyncer's conflict command on an event changed on both sides (resolve.py): the
calendar app's alarms, time zones and time are kept with nettui's changed place, and a
field both changed is recorded as the exchange's meetup conflicts are."""

from __future__ import annotations

import json
from pathlib import Path

from nettui.sync.resolve import resolve

ZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Madrid\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
    "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
)
ALARM = "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:{}\r\nTRIGGER:-PT{}M\r\nEND:VALARM\r\n"


def ev(*props: str, extra: str = "", tail: str = "") -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + extra + "BEGIN:VEVENT\r\nUID:e1@nettui\r\n"
        + "".join(p + "\r\n" for p in props) + tail + "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )  # fmt: skip


BASE = ev("SUMMARY:Lunch", "DTSTART:20261224T090000Z", "DTEND:20261224T100000Z",
          "LOCATION:Office")  # fmt: skip


def _resolve(tmp_path: Path, ours: str, theirs: str) -> tuple[str, list[dict]]:
    synced = tmp_path / "synced"
    synced.mkdir()
    (synced / "e1.ics").write_text(BASE)
    a, b = tmp_path / "a.ics", tmp_path / "b.ics"
    a.write_text(ours)
    b.write_text(theirs)
    resolve(synced, tmp_path / "conflicts.jsonl", a, b)
    assert a.read_text() == b.read_text()
    rows = tmp_path / "conflicts.jsonl"
    found = [json.loads(x) for x in rows.read_text().splitlines()] if rows.exists() else []
    return a.read_text(), found


def test_the_phone_s_alarms_time_zone_and_time_stay_with_nettui_s_place(tmp_path: Path):
    ours = BASE.replace("LOCATION:Office", "LOCATION:Bar Pepe")
    theirs = ev("SUMMARY:Lunch", "DTSTART;TZID=Europe/Madrid:20261225T160000",
                "DTEND;TZID=Europe/Madrid:20261225T170000", "LOCATION:Office",
                extra=ZONE, tail=ALARM.format("one", 10) + ALARM.format("two", 60))  # fmt: skip
    merged, conflicts = _resolve(tmp_path, ours, theirs)
    assert conflicts == []
    assert "LOCATION:Bar Pepe" in merged and "LOCATION:Office" not in merged
    assert "DTSTART;TZID=Europe/Madrid:20261225T160000" in merged
    assert "BEGIN:VTIMEZONE" in merged
    assert merged.count("BEGIN:VALARM") == 2 and "TRIGGER:-PT60M" in merged


def test_a_time_both_changed_keeps_nettui_s_and_records_the_phone_s(tmp_path: Path):
    ours = BASE.replace("20261224T09", "20261224T11").replace("20261224T10", "20261224T12")
    theirs = BASE.replace("24T", "26T").replace("END:VEVENT", ALARM.format("x", 5) + "END:VEVENT")
    merged, conflicts = _resolve(tmp_path, ours, theirs)
    assert "DTSTART:20261224T110000Z" in merged and "BEGIN:VALARM" in merged
    assert [(c["kind"], c["field"], c["ours"], c["theirs"]) for c in conflicts] == [
        ("meetup", "when", "2026-12-24T11:00:00+00:00/2026-12-24T12:00:00+00:00",
         "2026-12-26T09:00:00+00:00/2026-12-26T10:00:00+00:00")
    ]  # fmt: skip
