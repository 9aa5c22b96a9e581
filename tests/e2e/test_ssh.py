"""A whole journey over a real ssh connection to 127.0.0.1, inside tmux.

The test starts its own sshd (keys and config in a temp folder, a free port, nothing
in ~/.ssh changes), then drives `ssh -t 127.0.0.1 nettui --db ...` with send-keys:
add a person, find her without accents, plan a meetup for "mañana 10:00", see it on
the agenda, quit; and checks both the screen and the store.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from nettui.store.repository import Repository
from tests.e2e.test_tmux import BIN, Tmux

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    if not Path(SSHD).exists():
        pytest.fail("sshd is not installed: apt-get install -y openssh-server (see README)")
    folder = tmp_path_factory.mktemp("ssh")
    for name in ("host_key", "client_key"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True
        )
    (folder / "authorized_keys").write_text((folder / "client_key.pub").read_text())
    port = free_port()
    config = folder / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {folder / 'host_key'}\n"
        f"AuthorizedKeysFile {folder / 'authorized_keys'}\nStrictModes no\nUsePAM no\n"
        f"PasswordAuthentication no\nPidFile {folder / 'sshd.pid'}\nAcceptEnv LANG LC_*\n"
    )
    Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege separation folder
    server = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    else:
        server.kill()
        pytest.fail(f"sshd did not start: {server.stderr.read().decode() if server.stderr else ''}")
    ssh = (
        f"ssh -t -p {port} -i {folder / 'client_key'} -o StrictHostKeyChecking=no "
        f"-o UserKnownHostsFile={folder / 'known_hosts'} -o LogLevel=ERROR 127.0.0.1"
    )
    yield ssh
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def tmux(tmp_path):
    terminal = Tmux(tmp_path)
    yield terminal
    terminal.kill()


def test_a_journey_over_ssh(sshd, tmux, tmp_path):
    db = tmp_path / "nettui.json"
    done = tmp_path / "exited"
    remote = f"TERM=xterm-256color XDG_CONFIG_HOME={tmp_path} {BIN} --db {db}"
    tmux.start(f"{sshd} '{remote}'; touch {done}", 100, 30)
    tmux.wait_for("No people yet", timeout=30)

    tmux.keys("a")
    tmux.wait_for("Add a person")
    tmux.keys("María José Núñez", "Tab", "Abogada laboralista", "C-s")
    tmux.wait_for("Saved María José Núñez")

    tmux.keys("/")
    tmux.keys("maria nunez")
    shown = tmux.wait_for("1 of 1 shown")
    assert "María José Núñez" in shown and "Abogada laboralista" in shown

    tmux.keys("Enter")
    tmux.keys("Enter")
    tmux.wait_for("Interactions")
    tmux.keys("m")
    tmux.wait_for("Plan a meetup")
    tmux.keys("mañana 10:00")
    tmux.wait_for("(tomorrow)")  # the live preview of the date
    tmux.keys("C-s")
    tmux.wait_for("Planned: Coffee with María José Núñez")

    tmux.keys("Escape")
    tmux.keys("4")
    agenda = tmux.wait_for("Upcoming (1)")
    assert "Coffee with María José Núñez" in agenda and "10:00" in agenda

    tmux.keys("q")
    deadline = time.monotonic() + 15
    while not done.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert done.exists(), "q did not end the ssh session"
    with Repository(db) as repo:
        [maria] = repo.people()
        assert (maria.name, maria.role) == ("María José Núñez", "Abogada laboralista")
        [meetup] = repo.meetups()
        assert meetup.people == [maria.id] and meetup.start[11:16] == "10:00"
    assert os.stat(db).st_mode & 0o777 == 0o600
