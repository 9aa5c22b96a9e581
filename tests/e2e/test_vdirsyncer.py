"""`nettui sync setup` and vdirsyncer's runs against real servers on 127.0.0.1:
Radicale (no auth, and htpasswd for the refused password) and Xandikos. The phone is
played by plain HTTP requests to the server."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nettui.sync.vdirsyncer import Failure, SyncError, pull_and_push
from tests.conftest import NETTUI
from tests.servers import Server, collection_names, dav, radicale, xandikos


def card(uid: str, name: str) -> str:
    family, _, given = name.partition(" ")
    return (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{name}\r\nN:{given};{family};;;\r\n"
        "END:VCARD\r\n"
    )


def event(uid: str, start: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:{start}\r\n"
        "DURATION:PT1H\r\nSUMMARY:Coffee with Ana\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def setup(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NETTUI, "sync", "setup", *args], env=env, capture_output=True, text=True, timeout=60
    )


def config_file(home: Path) -> Path:
    return home / "config" / "nettui" / "vdirsyncer" / "config"


def files_with(folder: Path, text: str) -> list[Path]:
    return [path for path in folder.iterdir() if text in path.read_text()]


def test_setup_creates_an_address_book_and_a_calendar_then_cards_and_events_go_both_ways(
    home: Path, cli_env: dict[str, str]
) -> None:
    with radicale(home / "radicale") as server:
        done = setup(cli_env, "--url", server.url, "--username", "ana")
        assert done.returncode == 0, done.stderr
        assert "nettui-contacts" in done.stdout and str(config_file(home)) in done.stdout
        assert collection_names(server, "ana/", "ana") == {
            "nettui-contacts": "addressbook",
            "nettui-meetups": "calendar",
        }
        assert config_file(home).stat().st_mode & 0o777 == 0o600
        people, meetups = home / "vdir" / "people", home / "vdir" / "meetups"

        # nettui's side: a card and an event written into the folders reach the server.
        (people / "ana.vcf").write_text(card("ana-1", "Ruiz Ana"))
        (meetups / "coffee.ics").write_text(event("meetup-1", "20270105T100000Z"))
        pull_and_push(config_file(home))
        assert "UID:ana-1" in dav(server, "GET", "ana/nettui-contacts/", user="ana")[1]
        assert "UID:meetup-1" in dav(server, "GET", "ana/nettui-meetups/", user="ana")[1]

        # The phone's side: a card and an event put on the server reach the folders,
        # under names vdirsyncer chose (the UIDs have characters a file name avoids).
        status, _ = dav(
            server, "PUT", "ana/nettui-contacts/p.vcf", card("b@ph/1", "Gil Bea"), "ana"
        )
        assert status == 201
        status, _ = dav(
            server, "PUT", "ana/nettui-meetups/e.ics", event("e@ph", "20270106T090000Z"), "ana"
        )
        assert status == 201
        pull_and_push(config_file(home))
        assert len(files_with(people, "UID:b@ph/1")) == 1
        assert "DTSTART:20270106T090000Z" in files_with(meetups, "UID:e@ph")[0].read_text()

        # Killed halfway (SIGKILL during an upload of 150 cards): the next run completes.
        for n in range(150):
            (people / f"p{n}.vcf").write_text(card(f"many-{n}", f"Many{n} P"))
        command = [sys.executable, "-m", "vdirsyncer", "-c", str(config_file(home)), "sync"]
        run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def uploaded() -> int:
            return dav(server, "GET", "ana/nettui-contacts/", user="ana")[1].count("UID:many-")

        while uploaded() < 10 and run.poll() is None:
            time.sleep(0.02)
        run.send_signal(signal.SIGKILL)
        run.wait()
        assert uploaded() < 150  # it was stopped halfway
        pull_and_push(config_file(home))
        on_server = dav(server, "GET", "ana/nettui-contacts/", user="ana")[1]
        assert all(on_server.count(f"UID:many-{n}\r\n") == 1 for n in range(150))

        # Emptying the folder is refused, with the command that forces it.
        for path in people.iterdir():
            path.unlink()
        start = time.monotonic()
        with pytest.raises(SyncError) as refused:
            pull_and_push(config_file(home))
        assert refused.value.failure == Failure.EMPTIED
        assert "sync --force-delete nettui_contacts" in str(refused.value)
        assert time.monotonic() - start < 5
        assert "UID:ana-1" in dav(server, "GET", "ana/nettui-contacts/", user="ana")[1]


def test_setup_refuses_a_bad_address_and_a_wrong_password_keeping_the_previous_config(
    home: Path, cli_env: dict[str, str]
) -> None:
    for bad in (
        "ftp://127.0.0.1/",
        "127.0.0.1:5232",
        "http://127.0.0.1:port/",
        "http://127.0.0.1:1/",
    ):
        done = setup(cli_env, "--url", bad)
        assert done.returncode == 2
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert "connection refused" in done.stderr  # the last: nothing listens on port 1
    assert not config_file(home).parent.exists()

    with radicale(home / "radicale", users={"ana": "s3cret"}) as server:
        (home / "password").write_text("s3cret\n")
        right = ["--username", "ana", "--password-command", f"cat {home / 'password'}"]
        done = setup(cli_env, "--url", server.url, *right)
        assert done.returncode == 0, done.stderr
        before = config_file(home).read_bytes()
        assert b"s3cret" not in before  # the command is kept, never the password

        start = time.monotonic()
        wrong = ["--username", "ana", "--password-command", "echo wrong"]
        done = setup(cli_env, "--url", server.url, *wrong)
        assert done.returncode == 2
        assert "refused the user name ana or its password" in done.stderr
        assert time.monotonic() - start < 5
        assert config_file(home).read_bytes() == before

        # The password changes on the server: the next run says so at once.
        (server.folder / "htpasswd").write_text("ana:n3w\n")
        start = time.monotonic()
        with pytest.raises(SyncError) as refused:
            pull_and_push(config_file(home))
        assert refused.value.failure == Failure.REFUSED
        assert time.monotonic() - start < 5

    # The server stopped: unreachable, said at once.
    start = time.monotonic()
    with pytest.raises(SyncError) as unreachable:
        pull_and_push(config_file(home))
    assert unreachable.value.failure == Failure.UNREACHABLE
    assert "connection refused" in str(unreachable.value)
    assert time.monotonic() - start < 5


def test_nettui_vdirsyncer_naming_no_program_is_said(
    home: Path, cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with radicale(home / "radicale") as server:
        assert setup(cli_env, "--url", server.url, "--username", "ana").returncode == 0
    monkeypatch.setenv("NETTUI_VDIRSYNCER", str(home / "no-such-vdirsyncer"))
    with pytest.raises(SyncError) as missing:
        pull_and_push(config_file(home))
    # The variable is named, not "not installed": vdirsyncer may well be installed.
    assert missing.value.failure == Failure.MISSING
    assert str(missing.value).startswith(f"NETTUI_VDIRSYNCER is set to {home}/no-such-vdirsyncer")


def test_a_round_trip_with_xandikos(home: Path, cli_env: dict[str, str]) -> None:
    with xandikos(home / "xandikos") as server:
        done = setup(cli_env, "--url", server.url)
        assert done.returncode == 0, done.stderr
        people = home / "vdir" / "people"
        (people / "ana.vcf").write_text(card("ana-x", "Ruiz Ana"))
        pull_and_push(config_file(home))
        books = collection_names(server, "user/contacts/")
        assert books.get("nettui-contacts") == "addressbook"
        assert "UID:ana-x" in _all_cards(server, "user/contacts/nettui-contacts/")
        status, _ = dav(server, "PUT", "user/contacts/nettui-contacts/p.vcf", card("b-x", "Gil B"))
        assert status in (201, 204)
        pull_and_push(config_file(home))
        assert len(files_with(people, "UID:b-x")) == 1


def _all_cards(server: Server, collection: str) -> str:
    """Every card's text in a collection (Xandikos lists a collection's members on
    PROPFIND; GET of the collection itself is not a vCard)."""
    import xml.etree.ElementTree as ElementTree

    status, body = dav(server, "PROPFIND", collection, "", None, {"Depth": "1"})
    assert status == 207, body
    hrefs = [h.text or "" for h in ElementTree.fromstring(body).iter("{DAV:}href")]
    return "".join(dav(server, "GET", h)[1] for h in hrefs if h.endswith(".vcf"))
