"""`nettui sync` end to end against Radicale on 127.0.0.1: nettui's people reach the
server, the phone's changes come back, a conflict keeps both values, deletions go
both ways, and a sync killed again and again converges. The phone is plain HTTP."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.conftest import NETTUI
from tests.servers import Server, dav, radicale

BOOK = "ana/nettui-contacts/"


def nettui(env: dict[str, str], *args: str, code: int | None = 0) -> subprocess.CompletedProcess:
    done = subprocess.run([*NETTUI, *args], env=env, capture_output=True, text=True, timeout=120)
    if code is not None:
        assert done.returncode == code, (args, done.stdout, done.stderr)
    return done


def server_cards(server: Server) -> dict[str, str]:
    """Every card on the server by its href, as the phone would fetch them."""
    query = '<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>'
    status, body = dav(server, "PROPFIND", BOOK, query, "ana", {"Depth": "1"})
    assert status == 207, body
    hrefs = [h for h in re.findall(r"<[^>]*href>([^<]+)</", body) if h.endswith(".vcf")]
    return {href: dav(server, "GET", href.lstrip("/"), user="ana")[1] for href in hrefs}


def card_of(server: Server, name: str) -> tuple[str, str]:
    [(href, text)] = [(h, t) for h, t in server_cards(server).items() if f"FN:{name}" in t]
    return href, text


def phone_puts(server: Server, href: str, text: str) -> None:
    """The phone saves a card (a server rewrites lines with LF endings: so do we)."""
    status, body = dav(server, "PUT", href.lstrip("/"), text.replace("\r\n", "\n"), "ana")
    assert status in (201, 204), body


def shown(env: dict[str, str], who: str) -> dict:
    return json.loads(nettui(env, "show", who, "--json").stdout)


def test_people_go_both_ways_with_conflicts_and_deletions(home: Path, cli_env: dict[str, str]):
    with radicale(home / "radicale") as server:
        nettui(cli_env, "sync", "setup", "--url", server.url, "--username", "ana")
        nettui(cli_env, "add", "Ana Ruiz", "--email", "ana@ruiz.example", "--role", "Abogada")
        nettui(cli_env, "add", "Luis Gil", "--phone", "+34 600 111 222")
        nettui(cli_env, "add", "Bea Mora")  # the book is never emptied: vdirsyncer refuses that
        nettui(cli_env, "sync")
        assert "EMAIL" in card_of(server, "Ana Ruiz")[1] and card_of(server, "Luis Gil")

        # The phone adds a number to Ana and a new person, Eva.
        href, text = card_of(server, "Ana Ruiz")
        phone_puts(
            server, href, text.replace("END:VCARD", "TEL;TYPE=CELL:+34 611 000 111\r\nEND:VCARD")
        )
        eva = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:eva@phone\r\nFN:Eva Sanz\r\nEND:VCARD\r\n"
        phone_puts(server, BOOK + "eva.vcf", eva)
        nettui(cli_env, "sync")
        assert shown(cli_env, "ana")["phones"] == ["+34 611 000 111"]
        assert shown(cli_env, "eva")["name"] == "Eva Sanz"

        # Both sides change what Ana does: nettui keeps its value, the phone's is listed.
        nettui(cli_env, "edit", "ana", "--role", "Jueza")
        href, text = card_of(server, "Ana Ruiz")
        phone_puts(server, href, text.replace("TITLE:Abogada", "TITLE:Notaria"))
        assert nettui(cli_env, "sync", code=1).returncode == 1
        [conflict] = json.loads(nettui(cli_env, "sync", "conflicts", "--json").stdout)
        assert (conflict["ours"], conflict["theirs"]) == ("Jueza", "Notaria")
        assert shown(cli_env, "ana")["role"] == "Jueza"
        assert "TITLE:Jueza" in card_of(server, "Ana Ruiz")[1]

        # Deleted in nettui: gone from the server. Deleted on the phone: Eva, who is
        # nothing more than her card, goes; Ana, who has a need, stays, marked.
        nettui(cli_env, "delete", "luis", "--yes")
        nettui(cli_env, "need", "ana", "un local para la oficina")
        nettui(cli_env, "sync", code=None)
        assert not [t for t in server_cards(server).values() if "FN:Luis Gil" in t]
        for name in ("Eva Sanz", "Ana Ruiz"):
            assert dav(server, "DELETE", card_of(server, name)[0].lstrip("/"), user="ana")[0] in (
                200,
                204,
            )
        nettui(cli_env, "sync", code=None)
        assert nettui(cli_env, "show", "eva", code=None).returncode != 0
        assert shown(cli_env, "ana")["removed_from_address_book"] is True


def test_ten_kills_during_a_sync_of_150_people_then_one_sync_converge(
    home: Path, cli_env: dict[str, str]
):
    with radicale(home / "radicale") as server:
        nettui(cli_env, "sync", "setup", "--url", server.url, "--username", "ana")
        names = [f"Persona {n:03d}" for n in range(150)]
        # One process adds them all (150 `nettui add` would each pay Python's start).
        adder = (
            "from nettui.store.repository import Repository\n"
            "from nettui.domain.models import Person\n"
            "import os\n"
            "with Repository(__import__('pathlib').Path(os.environ['NETTUI_DB'])) as r:\n"
            "    r.add_many([Person(name=n, emails=[n.replace(' ', '.') + '@x.org'])"
            f" for n in {names!r}])\n"
        )
        subprocess.run([NETTUI[0], "-c", adder], env=cli_env, check=True, timeout=60)
        random.seed(23)
        for _ in range(10):
            run = subprocess.Popen(
                [*NETTUI, "sync"],
                env=cli_env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # its vdirsyncer is killed with it, as by a dropped ssh
            )
            time.sleep(random.uniform(0.2, 2.0))
            if run.poll() is None:
                os.killpg(run.pid, signal.SIGKILL)
            run.wait()
        nettui(cli_env, "sync")
        nettui(cli_env, "sync")  # and the next one finds nothing to do
        on_server = server_cards(server).values()
        uids = [re.search(r"^UID:(.*)$", t, re.M).group(1).strip() for t in on_server]
        assert len(uids) == len(set(uids)) == 150
        assert sorted(re.search(r"^FN:(.*)$", t, re.M).group(1).strip() for t in on_server) == names
        people = json.loads(nettui(cli_env, "find", "", "--json").stdout)
        assert sorted(p["name"] for p in people) == names


def test_a_meetup_reaches_the_calendar_and_a_time_moved_on_the_phone_comes_back(
    home: Path, cli_env: dict[str, str]
):
    env = {**cli_env, "TZ": "Europe/Madrid"}
    madrid = ZoneInfo("Europe/Madrid")
    day = date.today() + timedelta(days=30)  # always ahead, so the agenda shows it
    start = datetime.combine(day, dt_time(10, 0), madrid)
    local = start.strftime("%Y%m%dT%H%M%S")
    with radicale(home / "radicale") as server:
        nettui(env, "sync", "setup", "--url", server.url, "--username", "ana")
        nettui(env, "add", "Ana Ruiz", "--email", "ana@ruiz.example")
        nettui(env, "meet", "ana", "--when", f"{day.isoformat()} 10:00", "--place", "Café Central")
        nettui(env, "sync")
        query = '<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>'
        status, listing = dav(
            server, "PROPFIND", "ana/nettui-meetups/", query, "ana", {"Depth": "1"}
        )
        [href] = [h for h in re.findall(r"<[^>]*href>([^<]+)</", listing) if h.endswith(".ics")]
        event = dav(server, "GET", href.lstrip("/"), user="ana")[1]
        assert "LOCATION:Café Central" in event and f"TZID=Europe/Madrid:{local}" in event

        # The phone moves it an hour later, writing the time in UTC as some servers do.
        later = (start + timedelta(hours=1)).astimezone(UTC)
        moved = re.sub(r"DTSTART;TZID=Europe/Madrid:\S+", f"DTSTART:{later:%Y%m%dT%H%M%SZ}", event)
        moved = re.sub(r"DTEND;TZID=Europe/Madrid:\S+", "DURATION:PT1H", moved)
        assert moved != event
        status, _ = dav(server, "PUT", href.lstrip("/"), moved.replace("\r\n", "\n"), "ana")
        assert status in (201, 204)
        nettui(env, "sync")
        [meetup] = json.loads(nettui(env, "agenda", "--days", "60", "--json").stdout)
        moved_start = datetime.fromisoformat(meetup["start"])
        assert moved_start == start + timedelta(hours=1) and meetup["place"] == "Café Central"


def test_nettui_sync_with_xandikos_both_ways(home: Path, cli_env: dict[str, str]):
    """The second server: a person made in nettui reaches it, one put there comes back."""
    from tests.servers import xandikos

    with xandikos(home / "xandikos") as server:
        nettui(cli_env, "sync", "setup", "--url", server.url)
        nettui(cli_env, "add", "Ana Ruiz", "--email", "ana@ruiz.example")
        nettui(cli_env, "sync")
        book = "user/contacts/nettui-contacts/"
        status, listing = dav(server, "PROPFIND", book, "", None, {"Depth": "1"})
        assert status == 207, listing
        hrefs = [h for h in re.findall(r"<[^>]*href>([^<]+)</", listing) if h.endswith(".vcf")]
        assert any("FN:Ana Ruiz" in dav(server, "GET", h.lstrip("/"))[1] for h in hrefs)
        card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bea@phone\r\nFN:Bea Gil\r\nEND:VCARD\r\n"
        assert dav(server, "PUT", book + "bea.vcf", card)[0] in (201, 204)
        nettui(cli_env, "sync")
        assert shown(cli_env, "bea")["name"] == "Bea Gil"


def test_a_calendar_emptied_on_the_server_does_not_stop_the_people_syncing(
    home: Path, cli_env: dict[str, str]
):
    with radicale(home / "radicale") as server:
        nettui(cli_env, "sync", "setup", "--url", server.url, "--username", "ana")
        nettui(cli_env, "add", "Ana Ruiz", "--email", "ana@ruiz.example")
        day = (date.today() + timedelta(days=20)).isoformat()
        nettui(cli_env, "meet", "ana", "--when", f"{day} 10:00")
        nettui(cli_env, "sync")
        query = '<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>'
        _status, listing = dav(
            server, "PROPFIND", "ana/nettui-meetups/", query, "ana", {"Depth": "1"}
        )
        [href] = [h for h in re.findall(r"<[^>]*href>([^<]+)</", listing) if h.endswith(".ics")]
        assert dav(server, "DELETE", href.lstrip("/"), user="ana")[0] in (200, 204)
        nettui(cli_env, "edit", "ana", "--role", "Abogada")
        said = nettui(cli_env, "sync", code=1)
        told = said.stdout + said.stderr
        assert "Every event of the calendar on the server was deleted" in told
        assert "--force-delete" in told and "nettui sync --accept-empty" in told
        assert "TITLE:Abogada" in card_of(server, "Ana Ruiz")[1]  # the people went on
