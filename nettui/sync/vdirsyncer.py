"""nettui's own vdirsyncer configuration (`nettui sync setup`) and its runs.

nettui never touches the user's ~/.config/vdirsyncer: its configuration lives in
nettui's config folder (`configuration_path()`), with vdirsyncer's status folder beside
it, and every run passes it with `vdirsyncer -c`. Two pairs: the contacts folder with
one address book, the calendar folder with one calendar. The address book and the
calendar have distinct names because Radicale keeps both in one home.

vdirsyncer says little, late: a refused password is "Unknown error 401" after its
retries (about 14 s), an unreachable server comes back the same way. So before each
run nettui asks the server one quick question itself (a PROPFIND of the URL with the
same credentials, a few seconds' timeout) and says what is wrong in a sentence. That
question is not a DAV client: vdirsyncer alone moves the cards and events.
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
import socket
import ssl
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from base64 import b64encode
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from nettui.i18n import _

CONTACTS_PAIR = "nettui_contacts"
CALENDAR_PAIR = "nettui_calendar"
# The collections' names on the server: distinct, as Radicale keeps address books and
# calendars side by side in one home.
ADDRESS_BOOK = "nettui-contacts"
CALENDAR = "nettui-meetups"

PROBE_TIMEOUT = 5.0  # seconds for the quick question before each run
DISCOVER_TIMEOUT = 60.0
SYNC_TIMEOUT = 600.0  # 1,000 unchanged cards take a few seconds; a first upload longer
PASSWORD_TIMEOUT = 120.0  # the command may ask a gpg agent, which may ask the user


class Failure(StrEnum):
    NOT_SET_UP = "not set up"
    MISSING = "vdirsyncer missing"
    BAD_URL = "not a server address"
    UNREACHABLE = "server unreachable"
    REFUSED = "user name or password refused"
    EMPTIED = "a whole collection would be emptied"
    OTHER = "other"


class SyncError(Exception):
    """vdirsyncer could not do its part; the message is one or two sentences."""

    def __init__(self, failure: Failure, message: str) -> None:
        super().__init__(message)
        self.failure = failure


@dataclass(frozen=True)
class Account:
    """Where the server is and how to log in: what `nettui sync setup` was given."""

    url: str
    username: str | None = None
    password_command: list[str] | None = None


def configuration_path() -> Path:
    """nettui's own vdirsyncer configuration, in nettui's config folder."""
    from nettui.paths import config_dir

    return config_dir() / "vdirsyncer" / "config"


def status_path(config: Path) -> Path:
    return config.parent / "status"


# --- the configuration -------------------------------------------------------------


def check_url(url: str) -> str:
    """The URL as vdirsyncer will use it, or SyncError(BAD_URL)."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError(
            Failure.BAD_URL,
            _("{url!r} is not a server address: give one such as {example}.").format(
                url=url, example="https://cloud.example.org/remote.php/dav"
            ),
        )
    if parts.username or parts.password:
        raise SyncError(
            Failure.BAD_URL,
            _("Give the user name with --username and the password with --password-command, "
              "not in the address."),
        )  # fmt: skip
    try:
        parts.port  # noqa: B018  # raises on a port that is not a number
    except ValueError:
        raise SyncError(
            Failure.BAD_URL, _("{url!r} has a port that is not a number.").format(url=url)
        ) from None
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


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
            # then edits here and on the phone): the server's copy reaches the vdir,
            # where the exchange sees it against the store's, rather than being lost.
            'conflict_resolution = "b wins"',
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
    probe(account, fetch_password(account), setting_up=True)
    # Discover into a staging status folder with a staging configuration, so that a
    # failure leaves the ones in use untouched.
    staging = config.with_name(config.name + ".new")
    staging_status = status_path(config).with_name("status.new")
    shutil.rmtree(staging_status, ignore_errors=True)
    _write_private(staging, render(account, contacts, calendar, staging_status))
    try:
        _run(vdirsyncer, staging, ["discover"], DISCOVER_TIMEOUT, account)
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
    return [line for line in lines if not line.startswith(("password.fetch", "status_path"))]


# --- running vdirsyncer -------------------------------------------------------------


def find_vdirsyncer() -> list[str]:
    """How to start vdirsyncer: NETTUI_VDIRSYNCER if set, else the one installed with
    nettui (`nettui[sync]`: beside nettui, maybe not on PATH), else vdirsyncer on PATH."""
    import importlib.util

    chosen = os.environ.get("NETTUI_VDIRSYNCER")
    if chosen:
        found = shutil.which(chosen)
    elif importlib.util.find_spec("vdirsyncer") is not None:
        return [sys.executable, "-m", "vdirsyncer"]
    else:
        found = shutil.which("vdirsyncer")
    if not found:
        raise SyncError(
            Failure.MISSING,
            _("vdirsyncer is not installed: install it with pip install 'nettui[sync]' "
              "(or your system's vdirsyncer package)."),
        )  # fmt: skip
    return [found]


def fetch_password(account: Account) -> str | None:
    """The password the command prints, as vdirsyncer takes it (newlines around it
    stripped); None when no command is set. Never written anywhere."""
    if not account.password_command:
        return None
    shown = shlex.join(account.password_command)
    try:
        done = subprocess.run(
            account.password_command,
            capture_output=True,
            timeout=PASSWORD_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise SyncError(
            Failure.OTHER, _("The password command {command} was not found.").format(command=shown)
        ) from None
    except subprocess.TimeoutExpired:
        raise SyncError(
            Failure.OTHER,
            _("The password command {command} did not finish within {seconds} s.").format(
                command=shown, seconds=int(PASSWORD_TIMEOUT)
            ),
        ) from None
    except OSError as error:
        raise SyncError(
            Failure.OTHER,
            _("The password command {command} cannot run: {error}.").format(
                command=shown, error=error.strerror
            ),
        ) from None
    password = done.stdout.decode(errors="replace").strip("\n")
    if done.returncode != 0 or not password:
        why = done.stderr.decode(errors="replace").strip().splitlines()
        raise SyncError(
            Failure.OTHER,
            _("The password command {command} printed no password (exit code {code}).").format(
                command=shown, code=done.returncode
            )
            + (" " + why[-1] if why else ""),
        )
    return password


PRINCIPAL_QUERY = (
    b'<?xml version="1.0" encoding="utf-8"?>'
    b'<propfind xmlns="DAV:"><prop><current-user-principal/></prop></propfind>'
)


def probe(account: Account, password: str | None, setting_up: bool = False) -> None:
    """One quick PROPFIND of the account's URL with its credentials: SyncError when the
    server cannot be reached or refuses them, in seconds rather than vdirsyncer's 14."""
    parts = urllib.parse.urlsplit(account.url)
    host = parts.netloc
    request = urllib.request.Request(account.url, data=PRINCIPAL_QUERY, method="PROPFIND")
    request.add_header("Depth", "0")
    request.add_header("Content-Type", "application/xml; charset=utf-8")
    if account.username:
        token = b64encode(f"{account.username}:{password or ''}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT) as response:
            body = response.read(65536)
    except urllib.error.HTTPError as error:
        _refused(error.code, host, account, setting_up)
        return
    except (urllib.error.URLError, OSError) as error:
        reason = error.reason if isinstance(error, urllib.error.URLError) else error
        raise SyncError(
            Failure.UNREACHABLE,
            _("Cannot reach the server at {host}: {why}.").format(host=host, why=_why(reason)),
        ) from None
    if b"unauthenticated" in body and not account.username:
        # Radicale with `[auth] type = none` still needs a name to know whose home it is.
        _refused(401, host, account, setting_up)


def _refused(code: int, host: str, account: Account, setting_up: bool) -> None:
    if code == 401 and not account.username:
        raise SyncError(
            Failure.REFUSED,
            _("The server at {host} needs a user name: run nettui sync setup again with "
              "--username (and --password-command if it asks for a password).").format(host=host),
        )  # fmt: skip
    if code == 401:
        raise SyncError(
            Failure.REFUSED,
            _("The server at {host} refused the user name {user} or its password (HTTP 401): "
              "check both, then run nettui sync setup again.").format(
                host=host, user=account.username
            ),
        )  # fmt: skip
    if code == 403:
        raise SyncError(
            Failure.REFUSED,
            _("The server at {host} refused access to {user} (HTTP 403): check the user name "
              "and the address.").format(host=host, user=account.username),
        )  # fmt: skip
    if setting_up and code in (404, 405, 501):
        raise SyncError(
            Failure.BAD_URL,
            _("{url} is not a CardDAV/CalDAV address (HTTP {code}): check it (Nextcloud: "
              "https://HOST/remote.php/dav).").format(url=account.url, code=code),
        )  # fmt: skip


def _why(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return _("nothing answers there (connection refused)")
    if isinstance(reason, socket.gaierror):
        return _("no such host name, or no network")
    if isinstance(reason, TimeoutError | socket.timeout):
        return _("no answer within {seconds} s").format(seconds=int(PROBE_TIMEOUT))
    if isinstance(reason, ssl.SSLError):
        return _("the secure connection failed ({error})").format(
            error=getattr(reason, "reason", None) or reason
        )
    return str(getattr(reason, "strerror", None) or reason)


def _run(
    vdirsyncer: list[str], config: Path, args: list[str], timeout: float, account: Account
) -> str:
    """Run vdirsyncer with no terminal to ask from; its output, or SyncError."""
    command = [*vdirsyncer, "-c", str(config), *args]
    # A session of its own: on a timeout the whole group goes, the password command too.
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
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
                    "vdirsyncer did not finish within {seconds} s; the next sync goes on from "
                    "where it stopped."
                ).format(seconds=int(timeout)),
            ) from None
    text = output.decode(errors="replace")
    if process.returncode != 0 or "error:" in text:
        raise explain(text, config, account)
    return text


def explain(output: str, config: Path, account: Account) -> SyncError:
    """vdirsyncer's output when it failed, said in a sentence or two."""
    host = urllib.parse.urlsplit(account.url).netloc
    if "completely emptied" in output:
        line = next(line for line in output.splitlines() if "completely emptied" in line)
        pair = CALENDAR_PAIR if line.startswith(f"error: {CALENDAR_PAIR}/") else CONTACTS_PAIR
        # The storage's instance name carries the collection: "nettui_contacts_remote/…".
        emptied = re.search(r'Storage "([^"/]+)', line)
        remote = emptied is not None and emptied.group(1).endswith("_remote")
        side = _("on the server") if remote else _("in the folder")
        what = _("Everything in the address book {side} was deleted")
        if pair == CALENDAR_PAIR:
            what = _("Everything in the calendar {side} was deleted")
        return SyncError(
            Failure.EMPTIED,
            what.format(side=side)
            + _(", and vdirsyncer refuses to delete it all on the other side too. If that is "
                "what you want, run: vdirsyncer -c {config} sync --force-delete {pair}").format(
                config=shlex.quote(str(config)), pair=pair
            ),
        )  # fmt: skip
    errors = "\n".join(
        line for line in output.splitlines() if line.startswith(("error:", "critical:"))
    )
    for code in (401, 403):
        if re.search(rf"\b{code}\b", errors):
            try:
                _refused(code, host, account, setting_up=False)
            except SyncError as error:
                return error
    for sign in ("Cannot connect", "Connection refused", "ClientConnector", "Timeout"):
        if sign in errors:
            return SyncError(
                Failure.UNREACHABLE,
                _("vdirsyncer cannot reach the server at {host}.").format(host=host),
            )
    lines = errors.splitlines()
    last = lines[-1].partition(":")[2].strip() if lines else output.strip()[-300:]
    return SyncError(Failure.OTHER, _("vdirsyncer failed: {why}").format(why=last))


def pull_and_push(config: Path) -> None:
    """One `vdirsyncer -c CONFIG sync` of nettui's pairs; SyncError when it fails."""
    if not config.exists():
        raise SyncError(
            Failure.NOT_SET_UP, _("Sync is not set up: run nettui sync setup --url URL.")
        )
    vdirsyncer = find_vdirsyncer()
    account = read_account(config)
    probe(account, fetch_password(account))
    try:
        _run(vdirsyncer, config, ["sync"], SYNC_TIMEOUT, account)
    except SyncError as error:
        # The discovered collections are kept in the status folder; removed, or from an
        # older vdirsyncer, they are found again (no question asked) and the sync retried.
        if "vdirsyncer discover" not in str(error):
            raise
        _run(vdirsyncer, config, ["discover"], DISCOVER_TIMEOUT, account)
        _run(vdirsyncer, config, ["sync"], SYNC_TIMEOUT, account)
