"""Real CardDAV/CalDAV servers for the end-to-end tests: Radicale and Xandikos from
PyPI, on 127.0.0.1 only, on a free port, with their data in a temp folder; each is
stopped (its whole process group) when its `with` block ends, pass or fail.

    with radicale(tmp_path / "radicale") as server:      # [auth] type = none
        server.url                                       # "http://127.0.0.1:PORT/"
    with radicale(folder, users={"ana": "secret"}):      # htpasswd: others refused
    with xandikos(tmp_path / "xandikos") as server:      # --defaults, no auth

Plain HTTP helpers play "the phone": `dav(server, "PUT", path, body)` and friends.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from base64 import b64encode
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"  # never another address


@dataclass
class Server:
    url: str
    folder: Path
    process: subprocess.Popen[bytes]
    log: Path
    users: dict[str, str] = field(default_factory=dict)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _wait_until_ready(server: Server, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server stopped: {server.log.read_text()[-2000:]}")
        try:
            with socket.create_connection((HOST, int(server.url.rsplit(":", 1)[1][:-1])), 0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the server was not ready in {timeout} s: {server.log.read_text()}")


@contextmanager
def _serving(command: list[str], url: str, folder: Path, users: dict[str, str]) -> Iterator[Server]:
    log = folder / "server.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(url, folder, process, log, users)
    try:
        _wait_until_ready(server)
        yield server
    finally:
        server.stop()


@contextmanager
def radicale(folder: Path, users: dict[str, str] | None = None) -> Iterator[Server]:
    """Radicale with `[auth] type = none` (any user name, any password), or with an
    htpasswd file of `users` (plain passwords) when given."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    auth = "type = none"
    if users:
        htpasswd = folder / "htpasswd"
        htpasswd.write_text("".join(f"{user}:{password}\n" for user, password in users.items()))
        auth = f"type = htpasswd\nhtpasswd_filename = {htpasswd}\nhtpasswd_encryption = plain"
        auth += "\ndelay = 0"  # no pause after a wrong password: the tests time the answer
    config = folder / "radicale.conf"
    config.write_text(
        f"[server]\nhosts = {HOST}:{port}\n[auth]\n{auth}\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[logging]\nlevel = warning\n"
    )
    command = [sys.executable, "-m", "radicale", "--config", str(config)]
    with _serving(command, f"http://{HOST}:{port}/", folder, dict(users or {})) as server:
        yield server


@contextmanager
def xandikos(folder: Path) -> Iterator[Server]:
    """Xandikos with its default address book and calendar, no authentication."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [sys.executable, "-m", "xandikos", "serve", "--defaults"]
    command += ["-d", str(folder / "data"), "--state-dir", str(folder / "state")]
    command += ["-l", HOST, "-p", str(port), "--no-detect-systemd"]
    with _serving(command, f"http://{HOST}:{port}/", folder, {}) as server:
        yield server


def dav(
    server: Server,
    method: str,
    path: str,
    body: bytes | str = b"",
    user: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, str]:
    """One plain HTTP request to the server (the phone's part); (status, body)."""
    data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(
        server.url + path.lstrip("/"), data=data or None, method=method
    )
    if data:
        kinds = {".vcf": "text/vcard", ".ics": "text/calendar"}
        request.add_header(
            "Content-Type", kinds.get(path[-4:], "application/xml") + "; charset=utf-8"
        )
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    if user is not None:
        password = server.users.get(user, "")
        token = b64encode(f"{user}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def collection_names(server: Server, home: str, user: str | None = None) -> dict[str, str]:
    """The collections in `home` ("ana/"), each with its kind ("addressbook",
    "calendar"), from a PROPFIND of depth 1."""
    import xml.etree.ElementTree as ElementTree

    query = '<propfind xmlns="DAV:"><prop><resourcetype/></prop></propfind>'
    status, body = dav(server, "PROPFIND", home, query, user, {"Depth": "1"})
    assert status == 207, (status, body)
    found = {}
    for response in ElementTree.fromstring(body).iter("{DAV:}response"):
        href = response.findtext("{DAV:}href") or ""
        kinds = [
            element.tag.rpartition("}")[2]
            for element in response.iter()
            if element.tag.endswith(("}addressbook", "}calendar"))
        ]
        name = href.rstrip("/").rpartition("/")[2]
        if kinds and href.rstrip("/") != "/" + home.strip("/"):
            found[name] = kinds[0]
    return found
