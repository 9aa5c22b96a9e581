"""`nettui sync` and vdirsyncer end to end against Radicale on 127.0.0.1: an edit in
nettui whose push failed is not undone by the phone's edit of the same card, a file
vdirsyncer cannot upload stops nothing else, and two syncs never run together."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import NETTUI
from tests.e2e.test_sync_radicale import card_of, nettui, phone_puts, shown
from tests.servers import radicale

pytestmark = pytest.mark.e2e


def _vdirsyncer_on(home: Path, on: bool) -> None:
    config = home / "config" / "nettui" / "config.toml"
    text = config.read_text().replace("vdirsyncer = true\n", "").replace("vdirsyncer = false\n", "")
    config.write_text(text.replace("[sync]\n", f"[sync]\nvdirsyncer = {str(on).lower()}\n"))


def test_an_edit_whose_push_failed_survives_the_phone_s_edit_of_the_same_card(
    home: Path, cli_env: dict[str, str]
):
    with radicale(home / "radicale") as server:
        nettui(cli_env, "sync", "setup", "--url", server.url, "--username", "ana")
        nettui(cli_env, "add", "Ana Ruiz", "--company", "Acme Corp", "--role", "CEO")
        nettui(cli_env, "add", "Bea Mora")
        nettui(cli_env, "sync")
        # The exchange writes Initech to the folder, then the push never happens (as when
        # the server goes away at that moment): the same as a sync with vdirsyncer off.
        nettui(cli_env, "edit", "ana", "--company", "Initech", "--role", "Jueza")
        _vdirsyncer_on(home, False)
        nettui(cli_env, "sync")
        _vdirsyncer_on(home, True)
        # Meanwhile the phone changes what she does, and adds a number.
        href, text = card_of(server, "Ana Ruiz")
        assert "ORG:Acme Corp" in text
        text = text.replace("TITLE:CEO", "TITLE:Notaria")
        phone_puts(
            server, href, text.replace("END:VCARD", "TEL;TYPE=CELL:+34 611 000 111\r\nEND:VCARD")
        )

        done = nettui(cli_env, "sync", code=1)  # a conflict: both changed what she does
        ana = shown(cli_env, "ana")
        assert ana["company"] == "Initech"  # nettui's edit is not undone
        assert ana["phones"] == ["+34 611 000 111"]  # and the phone's other change came in
        assert ana["role"] == "Jueza"  # both changed it: nettui's kept...
        [conflict] = json.loads(nettui(cli_env, "sync", "conflicts", "--json").stdout)
        assert (conflict["field"], conflict["ours"], conflict["theirs"]) == (
            "role",
            "Jueza",
            "Notaria",
        )
        assert "Notaria" in done.stdout  # ...and the phone's listed
        on_server = card_of(server, "Ana Ruiz")[1]
        assert "ORG:Initech" in on_server and "TITLE:Jueza" in on_server
        assert "+34 611 000 111" in on_server


def test_a_file_the_server_refuses_is_named_and_the_rest_syncs(home: Path, cli_env: dict[str, str]):
    with radicale(home / "radicale") as server:
        nettui(cli_env, "sync", "setup", "--url", server.url, "--username", "ana")
        nettui(cli_env, "add", "Ana Ruiz")
        nettui(cli_env, "sync")
        # Another program leaves a card the server refuses (an EMAIL with no value).
        broken = home / "vdir" / "people" / "b1.vcf"
        broken.write_text(
            "BEGIN:VCARD\nVERSION:3.0\nUID:b1\nFN:B\nN:B\nEMAIL;TYPE=INTERNET\nEND:VCARD\n"
        )
        nettui(cli_env, "add", "Luis Gil")
        done = nettui(cli_env, "sync", code=1)
        assert card_of(server, "Luis Gil")  # the rest synced
        assert f"{broken}" in done.stdout, done.stdout
        assert "vdirsyncer could not sync" in done.stdout
        assert broken.read_text().startswith("BEGIN:VCARD\nVERSION:3.0\nUID:b1")  # untouched


def test_a_second_sync_says_one_is_running_and_writes_nothing(home: Path, cli_env: dict[str, str]):
    _vdirsyncer_on(home, False)
    nettui(cli_env, "add", "Ana Ruiz")
    store = Path(cli_env["NETTUI_DB"])
    holder = subprocess.Popen(
        [NETTUI[0], "-c", "import sys, time\nfrom pathlib import Path\n"
         "from nettui.sync.run import sync_lock\n"
         "with sync_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(30)\n",
         str(store)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        started = time.monotonic()
        done = nettui(cli_env, "sync", code=2)
        assert done.stderr.strip().endswith("A sync is already running.")
        assert time.monotonic() - started < 10
        assert not list((home / "vdir" / "people").glob("*.vcf"))
        as_json = nettui(cli_env, "sync", "--json", code=2)
        assert json.loads(as_json.stdout)["error"] == "A sync is already running."
    finally:
        holder.kill()
        holder.wait()
    nettui(cli_env, "sync")  # let go when its holder dies


def test_a_refused_file_does_not_freeze_the_others_last_synced_copies(
    home: Path, cli_env: dict[str, str]
):
    with radicale(home / "radicale") as server:
        nettui(cli_env, "sync", "setup", "--url", server.url, "--username", "ana")
        nettui(cli_env, "add", "Ana Ruiz")
        nettui(cli_env, "sync")
        # A card the server refuses stays in the folder for as long as the user leaves it.
        (home / "vdir" / "people" / "b1.vcf").write_text(
            "BEGIN:VCARD\nVERSION:3.0\nUID:b1\nFN:B\nN:B\nEMAIL;TYPE=INTERNET\nEND:VCARD\n"
        )
        nettui(cli_env, "add", "Carl Diaz", "--company", "Foo", "--role", "Designer",
               "--phone", "+34 600 111 222")  # fmt: skip
        nettui(cli_env, "sync", code=1)
        # nettui's edit whose push never happens, then the phone's own edit of Carl.
        nettui(cli_env, "edit", "carl", "--company", "Bar")
        _vdirsyncer_on(home, False)
        nettui(cli_env, "sync")
        _vdirsyncer_on(home, True)
        href, text = card_of(server, "Carl Diaz")
        kept = [line for line in text.split("\r\n") if not line.startswith(("TITLE", "TEL"))]
        phone_puts(server, href, "\r\n".join(kept))

        done = nettui(cli_env, "sync", code=1)  # b1 still refused: nothing else
        carl = shown(cli_env, "carl")
        assert carl["company"] == "Bar"
        assert not carl["role"] and not carl["phones"]  # the phone's deletions stand
        on_server = card_of(server, "Carl Diaz")[1]
        assert "TITLE" not in on_server and "600 111 222" not in on_server
        assert "ORG:Bar" in on_server
        assert json.loads(nettui(cli_env, "sync", "conflicts", "--json").stdout) == []
        assert "Foo" not in done.stdout


def test_a_file_that_is_not_utf8_is_named_and_the_exchange_runs(
    home: Path, cli_env: dict[str, str]
):
    with radicale(home / "radicale") as server:
        nettui(cli_env, "sync", "setup", "--url", server.url, "--username", "ana")
        nettui(cli_env, "add", "Bob Lee")
        nettui(cli_env, "sync")
        broken = home / "vdir" / "people" / "b2.vcf"
        written = b"BEGIN:VCARD\nVERSION:3.0\nUID:b2\nFN:Caf\xe9\nN:B\nEND:VCARD\n"
        broken.write_bytes(written)
        nettui(cli_env, "edit", "bob", "--role", "Chef")
        done = nettui(cli_env, "sync", code=1)
        assert f"{broken} is not UTF-8 text" in done.stdout, done.stdout
        assert (
            "TITLE:Chef"
            in (home / "vdir" / "people")
            .joinpath(next(p.name for p in (home / "vdir" / "people").glob("*.vcf") if p != broken))
            .read_text()
        )  # the exchange ran: nettui's edit is in the folder
        assert broken.read_bytes() == written  # untouched
        broken.unlink()
        nettui(cli_env, "sync")
        assert "TITLE:Chef" in card_of(server, "Bob Lee")[1]
