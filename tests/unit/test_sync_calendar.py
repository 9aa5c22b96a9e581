"""Meetups <-> the calendar folder (issue 23), in process: a real store on disk and
real .ics files in a temp vdir, rewritten the way servers and calendar apps do."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from nettui.domain.models import Meetup, MeetupStatus, Person
from nettui.io.ics import meetups_to_ics
from nettui.store.repository import Repository
from nettui.sync import vdir
from nettui.sync.exchange import exchange
from tests.cli_in_process import run_nettui

MADRID = ZoneInfo("Europe/Madrid")


@pytest.fixture(autouse=True)
def madrid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Madrid")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "vdir"


def sync(repo: Repository, root: Path, dry_run: bool = False):
    return exchange(repo, root / "contacts", root / "meetups", dry_run)


def events(root: Path) -> dict[str, Path]:
    """{UID: file} of the calendar folder; each file one VEVENT, as khal wants it."""
    found = {}
    for path in sorted((root / "meetups").glob("*.ics")):
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        (event,) = calendar.walk("VEVENT")
        found[str(event["uid"])] = path
    return found


def event_of(path: Path) -> icalendar.Event:
    (event,) = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    return event


def plan(repo: Repository, title: str = "Coffee with Ana", place: str = "Café Central",
         start: datetime = datetime(2027, 1, 12, 10, 0, tzinfo=MADRID)) -> Meetup:  # fmt: skip
    ana = repo.add_person(Person(name=f"Ana {title[:3]}", emails=["ana@example.org"]))
    return repo.plan_meetup(
        Meetup(
            title=title,
            people=[ana.id],
            start=start.isoformat(),
            end=(start + timedelta(hours=1)).isoformat(),
            place=place,
        )
    )


def server_rewrite(path: Path, **changes: str) -> None:
    """Rewrite an event as a server or phone does: LF endings, another PRODID, the
    VEVENT's properties reversed, the times in UTC instead of TZID; `changes` replace
    whole properties (DTSTART="20270112T150000Z")."""
    event = event_of(path)
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    props = {
        "DTSTART": start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"),
        "DTEND": end.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"),
    }
    props.update(changes)
    lines = path.read_text().replace("\r\n", "\n").split("\n")
    begin, end_ = lines.index("BEGIN:VEVENT"), lines.index("END:VEVENT")
    body = []
    for line in lines[begin + 1 : end_]:  # the VTIMEZONE goes: times are in UTC now
        name = re.split("[;:]", line, maxsplit=1)[0]
        body.append(f"{name}:{props.pop(name)}" if name in props else line)
    body += [f"{n}:{v}" for n, v in props.items()]
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Radicale//NONSGML Radicale Server//EN"]
    text = "\n".join([*head, "BEGIN:VEVENT", *reversed(body), "END:VEVENT", "END:VCALENDAR", ""])
    path.write_text(text)


def test_a_planned_meetup_appears_as_one_event_a_file_like_the_export(repo: Repository, root: Path):
    coffee = plan(repo)
    report = sync(repo, root)
    assert report.meetups_out["added"] == ["Coffee with Ana"]
    found = events(root)
    uid = f"{coffee.id}@nettui"
    assert list(found) == [uid]
    assert found[uid].name == f"{coffee.id}.ics"  # matched by UID, never by this name
    event = event_of(found[uid])
    assert event["dtstart"].params["TZID"] == "Europe/Madrid"
    assert event.decoded("dtstart") == datetime(2027, 1, 12, 10, 0, tzinfo=MADRID)
    assert (str(event["summary"]), str(event["location"])) == ("Coffee with Ana", "Café Central")
    assert "STATUS" not in event
    calendar = icalendar.Calendar.from_ical(found[uid].read_bytes())
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE", "VEVENT"]
    # The same event as `nettui export --format ics` (DTSTAMP aside).
    people = {p.id: (p.display_name, p.emails[0]) for p in repo.people()}
    exported = meetups_to_ics([coffee], people, "Europe/Madrid").decode()
    stamp = re.compile(r"DTSTAMP:\S+\r\n")
    vevent = re.compile(r"BEGIN:VEVENT.*END:VEVENT\r\n", re.S)
    ours = vevent.search(found[uid].read_bytes().decode())
    assert ours and stamp.sub("", ours.group()) == stamp.sub("", vevent.search(exported).group())


def test_a_time_moved_on_the_phone_comes_back_and_the_rewrite_is_no_change(
    repo: Repository, root: Path
):
    coffee = plan(repo)
    sync(repo, root)
    server_rewrite(events(root)[f"{coffee.id}@nettui"],
                   DTSTART="20270112T150000Z", DTEND="20270112T163000Z")  # fmt: skip
    report = sync(repo, root)
    assert report.meetups_in["changed"] == ["Coffee with Ana"] and not report.conflicts
    back = repo.meetup(coffee.id)
    assert datetime.fromisoformat(back.start) == datetime(2027, 1, 12, 16, 0, tzinfo=MADRID)
    assert datetime.fromisoformat(back.end) == datetime(2027, 1, 12, 17, 30, tzinfo=MADRID)
    assert back.start == "2027-01-12T16:00:00+01:00"  # stored in local time
    again = sync(repo, root)
    assert not again.moved and again.in_sync, again.to_json()


def test_a_floating_time_is_local_time(repo: Repository, root: Path):
    coffee = plan(repo)
    sync(repo, root)
    server_rewrite(events(root)[f"{coffee.id}@nettui"],
                   DTSTART="20270112T180000", DTEND="20270112T190000")  # fmt: skip
    sync(repo, root)
    assert repo.meetup(coffee.id).start == "2027-01-12T18:00:00+01:00"


def test_place_changed_on_both_sides_is_a_conflict_and_pick_theirs_takes_it(
    repo: Repository, root: Path, cli_env: dict[str, str], db_path: Path
):
    coffee = plan(repo)
    sync(repo, root)
    server_rewrite(events(root)[f"{coffee.id}@nettui"], LOCATION="Bar Pepe")
    repo.update_meetup(Meetup.from_dict({**coffee.to_dict(), "place": "La Rayuela"}))
    report = sync(repo, root)
    assert len(report.conflicts) == 1 and "Bar Pepe" in report.conflicts[0]
    assert repo.meetup(coffee.id).place == "La Rayuela"  # nettui keeps its value
    assert str(event_of(events(root)[f"{coffee.id}@nettui"])["location"]) == "La Rayuela"
    assert not sync(repo, root).conflicts  # recorded once; the file now agrees
    repo.close()
    (conflict,) = json.loads(run_nettui(cli_env, "sync", "conflicts", "--json").stdout)
    assert (conflict["kind"], conflict["name"], conflict["field"]) == (
        "meetup", "Coffee with Ana", "place")  # fmt: skip
    picked = run_nettui(cli_env, "sync", "pick", conflict["id"][:8], "theirs")
    assert picked.returncode == 0, picked.stderr
    with Repository(db_path) as again:
        assert again.meetup(coffee.id).place == "Bar Pepe"
        assert sync(again, root).meetups_out["changed"] == ["Coffee with Ana"]
    assert str(event_of(events(root)[f"{coffee.id}@nettui"])["location"]) == "Bar Pepe"


def test_a_time_moved_on_both_sides_is_one_conflict_picked_whole(
    repo: Repository, root: Path, cli_env: dict[str, str], db_path: Path
):
    coffee = plan(repo)
    sync(repo, root)
    server_rewrite(events(root)[f"{coffee.id}@nettui"],
                   DTSTART="20270113T090000Z", DTEND="20270113T100000Z")  # fmt: skip
    later = datetime(2027, 1, 14, 10, 0, tzinfo=MADRID)
    moved = {"start": later.isoformat(), "end": (later + timedelta(hours=1)).isoformat()}
    repo.update_meetup(Meetup.from_dict({**coffee.to_dict(), **moved}))
    assert len(sync(repo, root).conflicts) == 1
    repo.close()
    (conflict,) = json.loads(run_nettui(cli_env, "sync", "conflicts", "--json").stdout)
    assert conflict["theirs"] == "2027-01-13T10:00:00+01:00/2027-01-13T11:00:00+01:00"
    assert run_nettui(cli_env, "sync", "pick", conflict["id"], "theirs").returncode == 0
    with Repository(db_path) as again:
        back = again.meetup(coffee.id)
        assert (back.start, back.end) == ("2027-01-13T10:00:00+01:00", "2027-01-13T11:00:00+01:00")


def test_cancelled_and_done_update_the_event(repo: Repository, root: Path):
    coffee = plan(repo)
    lunch = plan(repo, title="Lunch with Bea", start=datetime(2026, 11, 2, 13, 0, tzinfo=MADRID))
    old = plan(repo, title="Done before sync", start=datetime(2026, 1, 2, 13, 0, tzinfo=MADRID))
    repo.meetup_done(old.id, outcome="never exchanged")
    sync(repo, root)
    assert set(events(root)) == {f"{coffee.id}@nettui", f"{lunch.id}@nettui"}
    repo.cancel_meetup(coffee.id)
    repo.meetup_done(lunch.id, outcome="She needs a lawyer")
    report = sync(repo, root)
    assert sorted(report.meetups_out["changed"]) == ["Coffee with Ana", "Lunch with Bea"]
    assert str(event_of(events(root)[f"{coffee.id}@nettui"])["status"]) == "CANCELLED"
    done = event_of(events(root)[f"{lunch.id}@nettui"])
    assert str(done["status"]) == "CONFIRMED"
    assert "lawyer" not in str(done["description"])  # how it went stays in nettui
    assert not sync(repo, root).moved


def test_cancelled_in_the_calendar_app_cancels_the_meetup(repo: Repository, root: Path):
    coffee = plan(repo)
    sync(repo, root)
    server_rewrite(events(root)[f"{coffee.id}@nettui"], STATUS="CANCELLED")
    sync(repo, root)
    assert repo.meetup(coffee.id).status == MeetupStatus.CANCELLED
    assert not sync(repo, root).moved


def test_an_event_deleted_elsewhere_cancels_the_meetup_and_an_unknown_event_is_left_alone(
    repo: Repository, root: Path
):
    coffee = plan(repo)
    sync(repo, root)
    events(root)[f"{coffee.id}@nettui"].unlink()
    khal = root / "meetups" / "khal-made.ics"
    khal_text = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//khal//EN\nBEGIN:VEVENT\nUID:dentist@khal\n"
        "SUMMARY:Dentist\nDTSTART:20270110T090000\nDTEND:20270110T100000\nEND:VEVENT\n"
        "END:VCALENDAR\n"
    )
    khal.write_text(khal_text)
    report = sync(repo, root)
    assert report.meetups_in["changed"] == [
        "Coffee with Ana (cancelled: deleted from your calendar)"
    ]
    back = repo.meetup(coffee.id)
    assert back is not None and back.status == MeetupStatus.CANCELLED  # kept, with its people
    assert list(events(root)) == ["dentist@khal"] and khal.read_text() == khal_text
    assert len(repo.meetups()) == 1 and report.in_sync
    assert not sync(repo, root).moved  # not written back


def test_a_meetup_deleted_in_nettui_removes_its_event(repo: Repository, root: Path):
    coffee = plan(repo)
    sync(repo, root)
    (person,) = coffee.people
    repo.delete_person(person)  # its only attendee: the meetup goes with them
    report = sync(repo, root)
    assert report.meetups_out["removed"] == ["Coffee with Ana"]
    assert events(root) == {}


def test_a_broken_event_file_is_named_with_its_line_skipped_and_left_untouched(
    repo: Repository, root: Path
):
    plan(repo)
    folder = root / "meetups"
    folder.mkdir(parents=True)
    broken = folder / "broken.ics"
    data = (
        b"BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nDTSTART:soon\nEND:VEVENT\n"
        b"END:VCALENDAR\n"
    )
    broken.write_bytes(data)
    half = folder / "half.ics"
    half.write_bytes(b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:y\n")
    report = sync(repo, root)
    assert report.skipped == [
        f"{broken}:5: DTSTART: Expected datetime, date, or time. Got: 'soon'",
        f"{half}:2: BEGIN:VEVENT has no END:VEVENT.",
    ]
    assert broken.read_bytes() == data and not report.in_sync
    assert report.meetups_out["added"] == ["Coffee with Ana"]  # the rest syncs


def _snapshot(root: Path, db_path: Path) -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in (root / "meetups").iterdir()}
    return {"db": db_path.read_bytes(), **files}


def test_dry_run_and_a_no_change_exchange_write_nothing(
    repo: Repository, root: Path, db_path: Path
):
    coffee = plan(repo)
    plan(repo, title="Lunch")
    sync(repo, root)
    before = _snapshot(root, db_path)
    times = {p: p.stat().st_mtime_ns for p in (root / "meetups").iterdir()}
    report = sync(repo, root)
    assert not report.moved and report.in_sync
    assert _snapshot(root, db_path) == before
    assert {p: p.stat().st_mtime_ns for p in (root / "meetups").iterdir()} == times
    server_rewrite(events(root)[f"{coffee.id}@nettui"], SUMMARY="Coffee & cake")
    plan(repo, title="Dinner")
    before = _snapshot(root, db_path)
    dry = sync(repo, root, dry_run=True)
    assert dry.meetups_in["changed"] == ["Coffee with Ana"] and dry.meetups_out["added"] == [
        "Dinner"
    ]
    assert _snapshot(root, db_path) == before


def test_nettui_sync_prints_the_meetups_that_moved(cli_env: dict[str, str], root: Path):
    config = Path(cli_env["XDG_CONFIG_HOME"]) / "nettui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f'[sync]\ncontacts = "{root}/contacts"\ncalendar = "{root}/meetups"\nvdirsyncer = false\n'
    )
    assert run_nettui(cli_env, "add", "Ana Ruiz").returncode == 0
    planned = run_nettui(
        cli_env, "meet", "Ana Ruiz", "--title", "Coffee", "--when", "2027-01-12 10:00"
    )
    assert planned.returncode == 0, planned.stderr
    result = run_nettui(cli_env, "sync")
    assert result.returncode == 0, result.stderr
    assert "Meetups added to your calendar (1): Coffee\n" in result.stdout
    data = json.loads(run_nettui(cli_env, "sync", "--json").stdout)
    assert data["meetups"]["out"] == {"added": [], "changed": [], "removed": []}


# -- killed at any moment ---------------------------------------------------------------


class Killed(BaseException):
    """Stands for a SIGKILL: nothing after it runs."""


def _scene(db: Path, root: Path) -> None:
    """Changes on both sides: a new meetup, one moved on the phone, one whose place
    changed on both sides, one cancelled here, one deleted on the phone."""
    with Repository(db) as repo:
        kept = [plan(repo, title=t) for t in ("Moved", "Placed", "Cancelled", "Deleted")]
        sync(repo, root)
        plan(repo, title="New")
        found = events(root)
        server_rewrite(found[f"{kept[0].id}@nettui"], DTSTART="20270112T150000Z",
                       DTEND="20270112T160000Z")  # fmt: skip
        server_rewrite(found[f"{kept[1].id}@nettui"], LOCATION="Bar Pepe")
        repo.update_meetup(Meetup.from_dict({**kept[1].to_dict(), "place": "La Rayuela"}))
        repo.cancel_meetup(kept[2].id)
        found[f"{kept[3].id}@nettui"].unlink()


def _outcome(db: Path, root: Path) -> tuple:
    with Repository(db) as repo:
        meetups = sorted((m.title, m.start, m.place, str(m.status)) for m in repo.meetups())
        conflicts = sorted((c["field"], c["ours"], c["theirs"]) for c in repo.conflicts())
    files = sorted(
        (str(e["summary"]), str(e.get("location")), str(e.get("status")), e.decoded("dtstart"))
        for e in map(event_of, events(root).values())
    )
    return meetups, conflicts, files


def test_an_exchange_killed_at_any_write_converges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from nettui.store.storage import SafeJSONStorage

    # Every run in the same place: the state remembers the folder it was exchanged
    # with, and another folder is a first exchange.
    run, start = tmp_path / "run", tmp_path / "start"
    _scene(run / "db.json", run / "vdir")
    shutil.copytree(run, start)
    with Repository(run / "db.json") as repo:
        sync(repo, run / "vdir")
    expected = _outcome(run / "db.json", run / "vdir")
    assert len(expected[0]) == 5 and len(expected[1]) == 1 and len(expected[2]) == 4
    real_write, real_remove, real_persist = vdir.write_atomic, vdir.remove, SafeJSONStorage._persist
    kills = 0
    for n in range(40):
        shutil.rmtree(run)
        shutil.copytree(start, run)
        left = [n]

        def step(real, *args, left=left):
            if left[0] == 0:
                raise Killed
            left[0] -= 1
            return real(*args)

        with monkeypatch.context() as patch:  # (the TZ fixture's setting stays)
            patch.setattr(vdir, "write_atomic", lambda *a: step(real_write, *a))
            patch.setattr(vdir, "remove", lambda *a: step(real_remove, *a))
            patch.setattr(SafeJSONStorage, "_persist", lambda self: step(real_persist, self))
            try:
                with Repository(run / "db.json") as repo:
                    sync(repo, run / "vdir")
            except Killed:
                kills += 1
        with Repository(run / "db.json") as repo:
            sync(repo, run / "vdir")
        assert _outcome(run / "db.json", run / "vdir") == expected, f"killed after {n} writes"
        if left[0] > 0:
            break
    assert kills >= 5


def test_killed_after_writing_the_event_an_edit_in_nettui_is_no_conflict(
    db_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
):
    from tests.unit.test_sync_exchange import Killed as KilledHere
    from tests.unit.test_sync_exchange import killed_after_the_writes

    def place(value: str) -> None:
        with Repository(db_path) as repo:
            meetup = repo.meetup(coffee.id)
            repo.update_meetup(Meetup.from_dict({**meetup.to_dict(), "place": value}))

    with Repository(db_path) as repo:
        coffee = plan(repo)
        sync(repo, root)
    place("La Rayuela")
    killed_after_the_writes(monkeypatch)
    with pytest.raises(KilledHere), Repository(db_path) as repo:
        sync(repo, root)
    monkeypatch.undo()
    path = events(root)[f"{coffee.id}@nettui"]
    assert str(event_of(path)["location"]) == "La Rayuela"  # written before the kill
    place("Bar Pepe")
    with Repository(db_path) as repo:
        report = sync(repo, root)
        assert report.conflicts == [] and repo.conflicts() == []
        assert report.meetups_out["changed"] == ["Coffee with Ana"]
    assert str(event_of(path)["location"]) == "Bar Pepe"
