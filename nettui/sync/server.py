"""The server itself, asked by nettui before vdirsyncer runs: is the address one, can
it be reached, does it take the user name and password? vdirsyncer says little, late
(a refused password is "Unknown error 401" after its retries, about 14 s), so nettui
asks one quick PROPFIND with the same credentials and says what is wrong in a
sentence. That question is not a DAV client: vdirsyncer alone moves cards and events.

Also the account (`Account`), the password command (run once per sync), and the
errors every step of a sync raises (`SyncError`, whose `failure` says which kind).
"""

from __future__ import annotations

import shlex
import socket
import ssl
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from base64 import b64encode
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from nettui.i18n import _

PROBE_TIMEOUT = 5.0  # seconds for the quick question before each run
PASSWORD_TIMEOUT = 120.0  # the command may ask a gpg agent, which may ask the user


class Failure(StrEnum):
    NOT_SET_UP = "not set up"
    MISSING = "vdirsyncer missing"
    BAD_URL = "not a server address"
    UNREACHABLE = "server unreachable"
    REFUSED = "user name or password refused"
    EMPTIED = "a whole collection would be emptied"
    ITEM = "one item could not be synced"  # the rest synced: the exchange still runs
    BUSY = "a sync is already running"
    OTHER = "other"


class SyncError(Exception):
    """vdirsyncer could not do its part; the message is one or two sentences."""

    def __init__(self, failure: Failure, message: str) -> None:
        super().__init__(message)
        self.failure = failure
        # What the exchange did before vdirsyncer failed (an ExchangeReport), to be said
        # first: a failed push undoes nothing the exchange did.
        self.report: Any = None
        # The files vdirsyncer could not sync (Failure.ITEM), and whether they stopped
        # their whole folder's pair (a file it cannot read) or only themselves.
        self.files: list[Path] = []
        self.stops_folder = False


@dataclass(frozen=True)
class Account:
    """Where the server is and how to log in: what `nettui sync setup` was given."""

    url: str
    username: str | None = None
    password_command: list[str] | None = None


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
