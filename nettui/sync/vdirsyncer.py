"""nettui's own vdirsyncer configuration (`nettui sync setup`) and its runs.

nettui never touches the user's ~/.config/vdirsyncer: its configuration lives in
nettui's config folder (`configuration_path()`), with vdirsyncer's status folder beside
it, and every run passes it with `vdirsyncer -c`. Two pairs: the contacts folder with
one address book, the calendar folder with one calendar. The address book and the
calendar have distinct names because Radicale keeps both in one home. Before each run
nettui asks the server one quick question itself (server.py).

An item changed on both sides since vdirsyncer last saw them equal (a push that
failed, then an edit on the phone) goes to `python -m nettui.sync.resolve`, which
merges the two against the copy vdirsyncer last synced (kept in `synced_path()`).
"""

from __future__ import annotations

import configparser
import contextlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import urllib.parse
from pathlib import Path

from nettui.i18n import _
from nettui.sync import items
from nettui.sync.server import (
    Account,
    Failure,
    SyncError,
    _refused,
    check_url,
    fetch_password,
    probe,
)

__all__ = ["Account", "Failure", "SyncError", "check_url", "fetch_password", "probe"]

CONTACTS_PAIR = "nettui_contacts"
CALENDAR_PAIR = "nettui_calendar"
# The collections' names on the server: distinct, as Radicale keeps address books and
# calendars side by side in one home.
ADDRESS_BOOK = "nettui-contacts"
CALENDAR = "nettui-meetups"

DISCOVER_TIMEOUT = 60.0
SYNC_TIMEOUT = 600.0  # 1,000 unchanged cards take a few seconds; a first upload longer


def configuration_path() -> Path:
    """nettui's own vdirsyncer configuration, in nettui's config folder."""
    from nettui.paths import config_dir

    return config_dir() / "vdirsyncer" / "config"


def status_path(config: Path) -> Path:
    return config.parent / "status"


def synced_path(config: Path, pair: str) -> Path:
    """The items of a pair as vdirsyncer last synced them (resolve.snapshot)."""
    return config.parent / "synced" / pair


def conflicts_path(config: Path) -> Path:
    """Where the conflict command leaves the conflicts it found, for `nettui sync`."""
    return config.parent / "conflicts.jsonl"


def _conflict_line(status: Path, pair: str) -> str:
    """vdirsyncer's conflict_resolution: nettui's merge, with the interpreter that runs
    nettui now (rewritten at each run: a moved virtualenv keeps working)."""
    folder = status.parent
    command = [
        "command", sys.executable, "-m", "nettui.sync.resolve",
        str(folder / "synced" / pair), str(folder / "conflicts.jsonl"),
    ]  # fmt: skip
    return f"conflict_resolution = {json.dumps(command, ensure_ascii=False)}"


# --- the configuration -------------------------------------------------------------


def _remote_url(account: Account) -> str:
    """The URL vdirsyncer is given. With a user name and no password (Radicale with
    `[auth] type = none`), vdirsyncer sends no credentials at all (it needs both), and
    the server then sees nobody; a user name in the address makes the HTTP library
    send it with an empty password."""
    if not account.username or account.password_command:
        return account.url
    parts = urllib.parse.urlsplit(account.url)
    user = urllib.parse.quote(account.username, safe="")
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}@{parts.netloc}"))


def render(account: Account, contacts: Path, calendar: Path, status: Path) -> str:
    """vdirsyncer's configuration for nettui's two pairs.

    vdirsyncer keeps a collection in a subfolder of a filesystem storage's path, named
    after the collection; the exchange, khard and khal read the files directly in the
    contacts and calendar folders, so the path is each folder's parent and the local
    collection is the folder's own name."""

    def value(v: object) -> str:
        return json.dumps(v, ensure_ascii=False)  # vdirsyncer reads JSON values

    lines = [
        "# Written by `nettui sync setup`: running it again replaces this file.",
        "# nettui runs vdirsyncer with it: vdirsyncer -c THIS_FILE sync",
        "[general]",
        f"status_path = {value(str(status) + '/')}",
    ]
    for pair, folder, remote, kind, ext in (
        (CONTACTS_PAIR, contacts, ADDRESS_BOOK, "carddav", ".vcf"),
        (CALENDAR_PAIR, calendar, CALENDAR, "caldav", ".ics"),
    ):
        lines += [
            "",
            f"[pair {pair}]",
            f'a = "{pair}_local"',
            f'b = "{pair}_remote"',
            f"collections = {value([[folder.name, folder.name, remote]])}",
            # Created on both sides without a question: discover runs with no terminal.
            'implicit = "create"',
            # An item changed on both sides since the last run (a push that failed,
            # then edits here and on the phone): both merged (resolve.py), none lost.
            _conflict_line(status, pair),
            "",
            f"[storage {pair}_local]",
            'type = "filesystem"',
            f"path = {value(str(folder.parent) + '/')}",
            f'fileext = "{ext}"',
            "",
            f"[storage {pair}_remote]",
            f'type = "{kind}"',
            f"url = {value(_remote_url(account))}",
        ]
        if account.username and account.password_command:
            lines.append(f"username = {value(account.username)}")
            lines.append(f"password.fetch = {value(['command', *account.password_command])}")
    return "\n".join(lines) + "\n"


def read_account(config: Path) -> Account:
    """The account a configuration written by `render` holds."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(config.read_text(encoding="utf-8"))
        section = parser[f"storage {CONTACTS_PAIR}_remote"]
        url = json.loads(section["url"])
        username = json.loads(section["username"]) if "username" in section else None
        fetch = json.loads(section["password.fetch"]) if "password.fetch" in section else None
    except (OSError, UnicodeDecodeError, configparser.Error, KeyError, ValueError) as error:
        raise SyncError(
            Failure.NOT_SET_UP,
            _("{path} cannot be read ({error}): run nettui sync setup --url URL again.").format(
                path=config, error=error
            ),
        ) from None
    parts = urllib.parse.urlsplit(url)
    if parts.username and not username:  # a user name without a password, in the address
        username = urllib.parse.unquote(parts.username)
        url = urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    return Account(url, username, fetch[1:] if fetch else None)


def _write_private(path: Path, text: str) -> None:
    """Write `path` whole or not at all: a temp file, mode 0600, fsync, rename."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    with open(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as file:
        os.fchmod(file.fileno(), 0o600)  # a temp file left from before may have another
        file.write(text.encode())
        file.flush()
        os.fsync(file.fileno())
    os.replace(temp, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def setup(account: Account, contacts: Path, calendar: Path, config: Path) -> None:
    """Check the server, create or find the address book and the calendar, and only
    then put the configuration in place. On any failure the previous configuration and
    status are as they were, and SyncError says why."""
    account = Account(check_url(account.url), account.username, account.password_command)
    contacts, calendar = contacts.absolute(), calendar.absolute()
    if contacts == calendar:
        raise SyncError(
            Failure.OTHER,
            _("The contacts and calendar folders are the same ({path}): give them "
              "different folders in config.toml's [sync].").format(path=contacts),
        )  # fmt: skip
    vdirsyncer = find_vdirsyncer()
    password = fetch_password(account)
    probe(account, password, setting_up=True)
    # Discover into a staging status folder with a staging configuration, so that a
    # failure leaves the ones in use untouched.
    staging = config.with_name(config.name + ".new")
    staging_status = status_path(config).with_name("status.new")
    shutil.rmtree(staging_status, ignore_errors=True)
    _write_private(staging, render(account, contacts, calendar, staging_status))
    try:
        _run(vdirsyncer, staging, ["discover"], DISCOVER_TIMEOUT, account, password)
        if not (config.exists() and _place(config) == _place(staging)):
            # Another server or folders: the old status describes other items, and
            # vdirsyncer would take their absence for deletions. Start afresh: the first
            # sync then compares the two sides item by item. (Status first: stopped
            # between the two steps, the old configuration merely starts afresh too.)
            old = status_path(config)
            shutil.rmtree(old, ignore_errors=True)
            staging_status.rename(old)
        _write_private(config, render(account, contacts, calendar, status_path(config)))
    finally:
        staging.unlink(missing_ok=True)
        shutil.rmtree(staging_status, ignore_errors=True)


def _place(config: Path) -> list[str]:
    """What vdirsyncer's status depends on: all but the password command and the status
    folder (the server, the user, the collections, the folders)."""
    lines = config.read_text(encoding="utf-8").splitlines()
    skip = ("password.fetch", "status_path", "conflict_resolution")
    return [line for line in lines if not line.startswith(skip)]


# --- running vdirsyncer -------------------------------------------------------------


def find_vdirsyncer() -> list[str]:
    """How to start vdirsyncer: NETTUI_VDIRSYNCER if set, else the one installed with
    nettui (`nettui[sync]`: beside nettui, maybe not on PATH), else vdirsyncer on PATH."""
    import importlib.util

    chosen = os.environ.get("NETTUI_VDIRSYNCER")
    if chosen:
        found = shutil.which(chosen)
        if not found:
            raise SyncError(
                Failure.MISSING,
                _("NETTUI_VDIRSYNCER is set to {value}, which is not a program that can run: "
                  "correct it or unset it.").format(value=shlex.quote(chosen)),
            )  # fmt: skip
        return [found]
    if importlib.util.find_spec("vdirsyncer") is not None:
        return [sys.executable, "-m", "vdirsyncer"]
    found = shutil.which("vdirsyncer")
    if not found:
        raise SyncError(
            Failure.MISSING,
            _("vdirsyncer is not installed: install it with pip install 'nettui[sync]' "
              "(or your system's vdirsyncer package)."),
        )  # fmt: skip
    return [found]


PASSWORD_VARIABLE = "NETTUI_SYNC_PASSWORD"


def _run_configuration(config: Path, password: str | None) -> Path:
    """The configuration vdirsyncer runs with: the user's file with the password taken
    from the environment (the password command ran once, before; vdirsyncer would run
    it for every storage it opens) and nettui's conflict command as nettui runs now.
    It holds no secret: a run killed before removing it leaves nothing to hide."""
    lines: list[str] = []
    for line in config.read_text(encoding="utf-8").splitlines():
        if line.startswith("password.fetch") and password is not None:
            line = "password.fetch = " + json.dumps(["command", "printenv", PASSWORD_VARIABLE])
        elif line.startswith("conflict_resolution"):
            line = _conflict_line(status_path(config), _pair_of(lines))
        lines.append(line)
    run = config.with_name(config.name + ".run")
    _write_private(run, "\n".join(lines) + "\n")
    return run


def _pair_of(lines: list[str]) -> str:
    sections = [line for line in lines if line.startswith("[pair ")]
    return sections[-1][len("[pair ") : -1] if sections else CONTACTS_PAIR


def _run(
    vdirsyncer: list[str],
    config: Path,
    args: list[str],
    timeout: float,
    account: Account,
    password: str | None,
) -> str:
    """Run vdirsyncer with no terminal to ask from; its output, or SyncError."""
    run = _run_configuration(config, password)
    command = [*vdirsyncer, "-c", str(run), *args]
    env = dict(os.environ)
    if password is not None:
        env[PASSWORD_VARIABLE] = password
    # A session of its own: on a timeout the whole group goes, the conflict command too.
    try:
        with subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
        ) as process:
            try:
                output, _unused = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                raise SyncError(
                    Failure.UNREACHABLE,
                    _(
                        "vdirsyncer did not finish within {seconds} s; the next sync goes on "
                        "from where it stopped."
                    ).format(seconds=int(timeout)),
                ) from None
    finally:
        run.unlink(missing_ok=True)
    text = output.decode(errors="replace")
    if process.returncode != 0 or "error:" in text:
        raise explain(text, config, account, process.returncode)
    return text


# vdirsyncer's lines that say nothing about what went wrong.
_NOISE = ("-vdebug", "Aborted!")
_PREFIX = re.compile(r"^(?:error|critical):\s*(?:Unknown error occurred for [^:]+:\s*)?")


def explain(output: str, config: Path, account: Account, code: int = 1) -> SyncError:
    """vdirsyncer's output when it failed, said in a sentence or two."""
    host = urllib.parse.urlsplit(account.url).netloc
    if "completely emptied" in output:
        return _emptied(output, config)
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = "\n".join(line for line in lines if line.startswith(("error:", "critical:")))
    for status in (401, 403):
        if re.search(rf"\b{status}\b", errors):
            try:
                _refused(status, host, account, setting_up=False)
            except SyncError as error:
                return error
    for sign in ("Cannot connect", "Connection refused", "ClientConnector", "Timeout"):
        if sign in errors:
            return SyncError(
                Failure.UNREACHABLE,
                _("vdirsyncer cannot reach the server at {host}.").format(host=host),
            )
    unreadable = items.unreadable(output, folders_of(config).values())
    if unreadable is not None:
        return unreadable
    item = _item_failure(output, config)
    if item is not None:
        return item
    why = _meaningful(lines)
    if not why:
        return SyncError(
            Failure.OTHER,
            _("vdirsyncer stopped (exit code {code}) without saying why.").format(code=code),
        )
    return SyncError(Failure.OTHER, _("vdirsyncer failed: {why}").format(why=why))


def _meaningful(lines: list[str]) -> str:
    """The last line that says something: an error's own text (not vdirsyncer's hints
    or a bare item name), else the last line of any kind."""
    errors = [line for line in lines if line.startswith(("error:", "critical:"))]
    said = [_PREFIX.sub("", line).strip() for line in errors or lines]
    said = [
        line
        for line in said
        if line
        and not any(noise in line for noise in _NOISE)
        and not re.fullmatch(r"'?[^ ]+\.(vcf|ics)'?", line)
    ]
    return said[-1][-300:] if said else ""


def _item_failure(output: str, config: Path) -> SyncError | None:
    """vdirsyncer failed on one item of a folder (a server refused it, it is no UTF-8):
    a sentence naming the file. The rest of the pair synced: this is no reason to stop."""
    names = re.findall(r"([^\s'\"/]+\.(?:vcf|ics))\b", output)
    if not names:
        return None
    folders = folders_of(config)
    name = names[-1]
    path = next((f / name for f in folders.values() if (f / name).exists()), Path(name))
    why = _meaningful([line for line in output.splitlines() if name not in line])
    if "codec can't decode" in output or "UnicodeDecodeError" in output:
        why = _("it is not UTF-8 text")
    elif re.search(r"\b400\b", output):
        why = _("the server refused it as not a valid card or event (HTTP 400)")
    error = SyncError(
        Failure.ITEM,
        _("vdirsyncer could not sync {path}: {why}; it is left as it is.").format(
            path=path, why=why or _("see vdirsyncer -c {config} sync").format(config=config)
        ),
    )
    # Every file named: each keeps its last synced copy (the rest of its pair synced).
    error.files = [
        f / n for n in dict.fromkeys(names) for f in folders.values() if (f / n).exists()
    ]
    return error


def _emptied(output: str, config: Path) -> SyncError:
    line = next(line for line in output.splitlines() if "completely emptied" in line)
    pair = CALENDAR_PAIR if f"{CALENDAR_PAIR}/" in line else CONTACTS_PAIR
    # The storage's instance name carries the collection: "nettui_contacts_remote/…".
    emptied = re.search(r'Storage "([^"/]+)', line)
    remote = emptied is not None and emptied.group(1).endswith("_remote")
    if pair == CALENDAR_PAIR:
        what = (
            _("Every event of the calendar on the server was deleted")
            if remote
            else _("Every meetup was deleted here (in nettui, or from the calendar folder)")
        )
    else:
        what = (
            _("Every contact of the address book on the server was deleted")
            if remote
            else _("Every person was deleted here (in nettui, or from the contacts folder)")
        )
    status = re.search(rf"--force-delete ({pair}[^`\s]*)", line)
    force = [*find_vdirsyncer(), "-c", str(config), "sync", "--force-delete"]
    force.append(status.group(1) if status else pair)
    said = what + _(
        ", and vdirsyncer refuses to delete them all on the other side too. If that is "
        "what you want, run: {command}"
    ).format(command=shlex.join(force))
    if remote:  # then the folder is empty, and nettui's own guard asks the same
        said += "; " + _("then `nettui sync --accept-empty` does the same in nettui.")
    return SyncError(Failure.EMPTIED, said)


def folders_of(config: Path) -> dict[str, Path]:
    """{pair: its local folder}, as render() wrote them."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(config.read_text(encoding="utf-8"))
        return {
            pair: Path(json.loads(parser[f"storage {pair}_local"]["path"]))
            / json.loads(parser[f"pair {pair}"]["collections"])[0][0]
            for pair in (CONTACTS_PAIR, CALENDAR_PAIR)
        }
    except (OSError, configparser.Error, KeyError, ValueError, IndexError, TypeError):
        return {}


def pull_and_push(config: Path, password: str | None = None) -> None:
    """One `vdirsyncer -c CONFIG sync` of nettui's pairs; SyncError when it fails.
    `password`: fetched already this sync (`fetch_password`), else fetched here."""
    if not config.exists():
        raise SyncError(
            Failure.NOT_SET_UP, _("Sync is not set up: run nettui sync setup --url URL.")
        )
    vdirsyncer = find_vdirsyncer()
    account = read_account(config)
    if password is None:
        password = fetch_password(account)
    probe(account, password)
    try:
        try:
            _run(vdirsyncer, config, ["sync"], SYNC_TIMEOUT, account, password)
        except SyncError as error:
            # The discovered collections are kept in the status folder; removed, or from
            # an older vdirsyncer, they are found again (no question asked), and retried.
            if "vdirsyncer discover" not in str(error):
                raise
            _run(vdirsyncer, config, ["discover"], DISCOVER_TIMEOUT, account, password)
            _run(vdirsyncer, config, ["sync"], SYNC_TIMEOUT, account, password)
    except SyncError as error:
        items.keep_copies(config, error)
        raise
    items.keep_copies(config, None)
