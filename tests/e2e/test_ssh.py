"""A whole journey over a real ssh connection to 127.0.0.1, inside tmux.

The test starts its own sshd (keys and config in a temp folder, a free port, nothing
in ~/.ssh changes), then drives `ssh -t 127.0.0.1 nettui --db ...` with send-keys:
add a person, find her without accents, plan a meetup for "mañana 10:00", see it on
the agenda, quit; and checks both the screen and the store. The journey runs twice:
with LANG=C.UTF-8 in English, and with LANG=es_ES.UTF-8 (sent over ssh, as a user's
terminal sends it) in Spanish.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from nettui.i18n import day_long_with_year, set_language
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


# What each step shows, in each language.
SAYS = {
    "en": {
        "LANG": "C.UTF-8",
        "empty": "No people yet",
        "form": "Add a person",
        "saved": "Saved María José Núñez",
        "found": "1 of 1 shown",
        "page": "Interactions",
        "plan": "Plan a meetup",
        "tomorrow": "(tomorrow)",
        "planned": "Planned: Coffee with María José Núñez",
        "upcoming": "Upcoming (1)",
        "title": "Coffee with María José Núñez",
    },
    "es": {
        "LANG": "es_ES.UTF-8",
        "empty": "Todavía no hay nadie",
        "form": "Añadir una persona",
        "saved": "Guardado: María José Núñez",
        "found": "1 de 1 a la vista",
        "page": "Interacciones",
        "plan": "Planear un encuentro",
        "tomorrow": "(mañana)",
        "planned": "Planeado: Café con María José Núñez",
        "upcoming": "Próximos (1)",
        "title": "Café con María José Núñez",
    },
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_journey_over_ssh(sshd, tmux, tmp_path, language):
    says = SAYS[language]
    db = tmp_path / "nettui.json"
    done = tmp_path / "exited"
    remote = f"TERM=xterm-256color XDG_CONFIG_HOME={tmp_path} {BIN} --db {db}"
    # The locale travels over ssh as a user's terminal sends it (SendEnv / AcceptEnv).
    local = f"env -u LC_ALL -u LC_MESSAGES LANG={says['LANG']} {sshd} -o SendEnv=LANG"
    tmux.start(f"{local} '{remote}'; touch {done}", 100, 30)
    tmux.wait_for(says["empty"], timeout=30)

    tmux.keys("a")
    tmux.wait_for(says["form"])
    tmux.keys("María José Núñez", "Tab", "Abogada laboralista", "C-s")
    tmux.wait_for(says["saved"])

    tmux.keys("/")
    tmux.keys("maria nunez")
    shown = tmux.wait_for(says["found"])
    assert "María José Núñez" in shown and "Abogada laboralista" in shown

    tmux.keys("Enter")
    tmux.keys("Enter")
    tmux.wait_for(says["page"])
    tmux.keys("m")
    tmux.wait_for(says["plan"])
    tmux.keys("mañana 10:00")
    preview = tmux.wait_for(says["tomorrow"])  # the live preview of the date
    set_language(language)
    assert day_long_with_year(date.today() + timedelta(days=1)) in preview
    tmux.keys("C-s")
    tmux.wait_for(says["planned"])

    tmux.keys("Escape")
    tmux.keys("4")
    agenda = tmux.wait_for(says["upcoming"])
    assert says["title"] in agenda and "10:00" in agenda

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
