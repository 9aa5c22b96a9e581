"""nettui's vdirsyncer configuration as vdirsyncer itself reads it, and vdirsyncer's
failures said in a sentence; no process is started here (see tests/e2e for the runs)."""

from __future__ import annotations

import io
import shlex
from pathlib import Path

import pytest
from vdirsyncer.cli.config import Config as VdirsyncerConfig

from nettui.sync import vdirsyncer
from nettui.sync.vdirsyncer import Account, Failure, SyncError
from tests.cli_in_process import run_nettui


def parsed(text: str) -> VdirsyncerConfig:
    return VdirsyncerConfig.from_fileobject(io.StringIO(text))


def test_the_folders_themselves_hold_the_files_and_the_server_names_differ(tmp_path: Path):
    contacts = tmp_path / 'Mis "contactos" ñ'  # quotes and accents survive vdirsyncer's parser
    calendar = tmp_path / "citas"
    account = Account("https://dav.example.org/", "ana", ["pass", "show", "dav"])
    config = parsed(vdirsyncer.render(account, contacts, calendar, tmp_path / "status"))
    contacts_local = config.storages["nettui_contacts_local"]
    assert Path(contacts_local["path"]) / contacts.name == contacts
    assert contacts_local["fileext"] == ".vcf"
    assert config.storages["nettui_calendar_local"]["fileext"] == ".ics"
    contacts_pair, calendar_pair = config.pairs["nettui_contacts"], config.pairs["nettui_calendar"]
    assert contacts_pair.collections == [[contacts.name, contacts.name, "nettui-contacts"]]
    assert calendar_pair.collections == [["citas", "citas", "nettui-meetups"]]
    assert contacts_pair.implicit == calendar_pair.implicit == "create"  # no question
    remote = config.storages["nettui_contacts_remote"]
    assert remote["password.fetch"] == ["command", "pass", "show", "dav"]
    assert config.general["status_path"] == str(tmp_path / "status") + "/"


@pytest.mark.parametrize(
    "account",
    [
        Account("https://dav.example.org/dav/", "ana@example.org", ["pass", "show", "dav"]),
        Account("http://127.0.0.1:5232/", "ana@example.org"),  # no password: Radicale, auth none
        Account("http://127.0.0.1:5232/"),
    ],
)
def test_the_account_is_read_back_from_the_configuration(tmp_path: Path, account: Account):
    path = tmp_path / "config"
    path.write_text(vdirsyncer.render(account, tmp_path / "a", tmp_path / "b", tmp_path / "s"))
    assert vdirsyncer.read_account(path) == account


def test_a_user_name_without_a_password_travels_in_the_address(tmp_path: Path):
    # vdirsyncer sends credentials only with both; the address gives the name alone.
    text = vdirsyncer.render(
        Account("http://127.0.0.1:5232/", "ana@x"), tmp_path, tmp_path, tmp_path
    )
    remote = parsed(text).storages["nettui_calendar_remote"]
    assert remote["url"] == "http://ana%40x@127.0.0.1:5232/"
    assert "username" not in remote and "password" not in remote


@pytest.mark.parametrize(
    "url", ["127.0.0.1:5232", "ftp://host/", "http://", "http://h:port/", "http://a:b@host/"]
)
def test_what_is_not_a_server_address_is_refused(url: str):
    with pytest.raises(SyncError) as error:
        vdirsyncer.check_url(url)
    assert error.value.failure == Failure.BAD_URL


def test_an_address_gets_its_final_slash():
    assert vdirsyncer.check_url(" https://cloud.example.org/remote.php/dav ") == (
        "https://cloud.example.org/remote.php/dav/"
    )


def test_no_configuration_means_not_set_up(tmp_path: Path):
    with pytest.raises(SyncError) as error:
        vdirsyncer.pull_and_push(tmp_path / "config")
    assert error.value.failure == Failure.NOT_SET_UP
    assert str(error.value) == "Sync is not set up: run nettui sync setup --url URL."


ACCOUNT = Account("http://127.0.0.1:5232/", "ana", ["pass", "dav"])


def test_an_emptied_collection_is_said_with_the_command_that_forces_it(tmp_path: Path):
    output = (
        "Syncing nettui_calendar/meetups\nSyncing nettui_contacts/people\n"
        'error: nettui_contacts/people: Storage "nettui_contacts_local" was completely emptied. '
        "If you want to delete ALL entries on BOTH sides,then use `vdirsyncer sync "
        "--force-delete nettui_contacts/people`. Otherwise delete the files for "
        "nettui_contacts/people in your status directory.\n"
    )
    error = vdirsyncer.explain(output, tmp_path / "my config", ACCOUNT)
    assert error.failure == Failure.EMPTIED
    # Emptied on this side: nettui or the folder did it, and the force command is the
    # very vdirsyncer nettui runs (maybe not on PATH), so it can be pasted as it is.
    assert str(error).startswith("Every person was deleted here (in nettui, or from the")
    command = shlex.split(str(error).rpartition("run: ")[2])
    assert command == [
        *vdirsyncer.find_vdirsyncer(), "-c", f"{tmp_path}/my config", "sync",
        "--force-delete", "nettui_contacts/people",
    ]  # fmt: skip
    # The phone emptied the server's book: vdirsyncer names the storage with its collection.
    on_server = output.replace(
        '"nettui_contacts_local"', '"nettui_contacts_remote/nettui-contacts"'
    )
    said = str(vdirsyncer.explain(on_server, tmp_path / "my config", ACCOUNT))
    assert said.startswith("Every contact of the address book on the server was deleted")


def test_the_error_said_is_vdirsyncer_s_meaningful_line(tmp_path: Path):
    output = (
        "Syncing nettui_contacts/people\n"
        "error: Unknown error occurred for nettui_contacts/people: the status is locked\n"
        "error: Use `-vdebug` to see the full traceback.\n"
    )
    said = str(vdirsyncer.explain(output, tmp_path / "config", ACCOUNT))
    assert said == "vdirsyncer failed: the status is locked"
    # vdirsyncer printing nothing at all (NETTUI_VDIRSYNCER=/bin/false) is said so.
    said = str(vdirsyncer.explain("", tmp_path / "config", ACCOUNT, 1))
    assert said == "vdirsyncer stopped (exit code 1) without saying why."


def test_a_file_vdirsyncer_cannot_sync_is_named_in_one_sentence(tmp_path: Path):
    output = (
        "Syncing nettui_contacts/people\n"
        "error: Unknown error occurred for nettui_contacts/people: 400, message='Bad "
        "Request', url='http://127.0.0.1:5232/ana/nettui-contacts/b1.vcf'\n"
        "error: 'b1.vcf'\nerror: Use `-vdebug` to see the full traceback.\n"
    )
    error = vdirsyncer.explain(output, tmp_path / "config", ACCOUNT)
    assert error.failure == Failure.ITEM
    assert str(error) == (
        "vdirsyncer could not sync b1.vcf: the server refused it as not a valid card or "
        "event (HTTP 400); it is left as it is."
    )


def test_nettui_vdirsyncer_pointing_at_nothing_says_so(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NETTUI_VDIRSYNCER", "/nonexistent/vdirsyncer")
    with pytest.raises(SyncError) as error:
        vdirsyncer.find_vdirsyncer()
    assert str(error.value).startswith("NETTUI_VDIRSYNCER is set to /nonexistent/vdirsyncer,")


def test_a_refused_login_in_vdirsyncer_output_names_the_user(tmp_path: Path):
    output = (
        "Syncing nettui_contacts/people\nerror: Unknown error occurred for "
        "nettui_contacts/people: 401, message='Unauthorized'\n"
    )
    error = vdirsyncer.explain(output, tmp_path / "config", ACCOUNT)
    assert error.failure == Failure.REFUSED and "user name ana" in str(error)


def test_password_command_without_user_name_is_a_usage_error(tmp_path: Path, cli_env):
    cli_env["XDG_DATA_HOME"] = str(tmp_path / "data")
    done = run_nettui(
        cli_env, "sync", "setup", "--url", "http://127.0.0.1:1/", "--password-command", "pass dav"
    )
    assert done.returncode == 2
    assert "--password-command needs --username" in done.stderr
    assert not (tmp_path / "config" / "nettui" / "vdirsyncer").exists()


def test_folders_moved_in_config_toml_after_setup_are_said_before_anything_syncs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """nettui would write to the new folder while vdirsyncer syncs the old one."""
    from nettui.config import SyncSettings
    from nettui.store.repository import Repository
    from nettui.sync.run import check_folders, sync

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    config = vdirsyncer.configuration_path()
    config.parent.mkdir(parents=True)
    old = tmp_path / "vdir"
    config.write_text(vdirsyncer.render(ACCOUNT, old / "people", old / "meetups", tmp_path / "s"))
    moved = SyncSettings(contacts=tmp_path / "khard", calendar=old / "meetups", vdirsyncer=True)
    with Repository(tmp_path / "n.json") as repo, pytest.raises(SyncError) as error:
        sync(repo, moved)
    assert error.value.failure == Failure.NOT_SET_UP
    assert f"names {tmp_path / 'khard'}, but vdirsyncer was set up with other folders" in str(
        error.value
    )
    assert not (tmp_path / "khard").exists()  # nothing was exchanged
    same = SyncSettings(contacts=old / "people", calendar=old / "meetups", vdirsyncer=True)
    check_folders(config, same.contacts, same.calendar)  # the same folders: no error
