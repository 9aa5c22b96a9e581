"""Fault scenarios on real processes and a real store, shared by the fast tests
(tests/e2e/test_reliability.py) and the long soak (bench/soak.py), which run the same
code with bigger numbers. Each scenario returns its figures; the callers judge them.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from nettui.domain import json_codec
from nettui.store.repository import Repository
from tests.e2e.test_tmux import BIN, Tmux

WRITER = """
import sys
from nettui.domain.models import Person
from nettui.store.repository import Repository
repo = Repository(sys.argv[1])
tag, count = sys.argv[2], int(sys.argv[3])
for i in range(count):
    repo.add_person(Person(name=f"{tag} {i}"))
    print(f"{tag} {i}", flush=True)  # acknowledged only after add_person returned
"""


def cli(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN), "--db", str(db), *args], capture_output=True, text=True, env=env, timeout=60
    )


def temp_files(db: Path) -> list[Path]:
    return list(db.parent.glob(f".{db.name}.*.tmp"))


def stored_names(db: Path) -> set[str]:
    """Names in the file, read as raw JSON (raises if the file does not parse)."""
    data = json_codec.decode(db.read_bytes())
    return {p.get("name", "") for p in data.get("people", {}).values()}


# -- crashes ---------------------------------------------------------------------------------


@dataclass
class CrashFigures:
    kills: int = 0
    acknowledged: int = 0
    lost: list[str] = field(default_factory=list)
    unreadable: int = 0
    seconds: float = 0.0


def crash_campaign(db: Path, kills: int, env: dict[str, str], seed: int = 7) -> CrashFigures:
    """Writers killed with SIGKILL at random moments while they write, `kills` times.

    Each writer adds people one by one and prints a name only after add_person has
    returned (the write is acknowledged). Each kill comes 0 to 150 ms after the
    writer's first acknowledged write, so it lands during writing: in the middle of a
    temp file, a backup link, a rename or a lock.
    """
    rng = random.Random(seed)
    figures = CrashFigures()
    acknowledged: list[str] = []
    started = time.monotonic()
    for round_ in range(kills):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), f"k{round_}", "100000"],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert writer.stdout is not None
        first = writer.stdout.readline()  # blocks until the first acknowledged write
        time.sleep(rng.uniform(0.0, 0.15))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        acknowledged += [line for line in [first, *writer.stdout.read().splitlines()] if line]
        figures.kills += 1
        try:
            stored = stored_names(db)
        except json_codec.JSONDamaged:
            figures.unreadable += 1
            continue
        figures.lost += [name.strip() for name in acknowledged if name.strip() not in stored]
    figures.acknowledged = len(acknowledged)
    figures.seconds = time.monotonic() - started
    return figures


# -- the app and two command-line writers at once ---------------------------------------------

PEOPLE_COUNT = re.compile(r"(\d+) (?:people|person)\b")


@dataclass
class ConcurrencyFigures:
    seconds: float = 0.0
    cli_adds: int = 0
    cli_logs: int = 0
    app_adds: int = 0
    app_edits: int = 0
    lost: list[str] = field(default_factory=list)
    lags: list[float] = field(default_factory=list)  # CLI write acknowledged -> on screen

    @property
    def max_lag(self) -> float:
        return max(self.lags, default=0.0)

    @property
    def median_lag(self) -> float:
        return statistics.median(self.lags) if self.lags else 0.0


def concurrent_sessions(
    db: Path, seconds: float, env: dict[str, str], tmux: Tmux
) -> ConcurrencyFigures:
    """The app (in tmux) adds people and edits one person, "Target", while two CLI
    processes add people and log in-person meetings with Target, for `seconds`.

    Lost updates are looked for everywhere: every acknowledged add, every logged
    meeting, the app's role edits, and Target's first meeting and last contact, which
    the CLI's logs set and a stale edit from the app would put back.
    """
    figures = ConcurrencyFigures()
    cli(db, "add", "Target", env=env)
    tmux.start(f"exec env TERM=xterm-256color LANG=C.UTF-8 {BIN} --db {db}", 110, 30)
    tmux.wait_for("1 person", timeout=30)
    acks: list[tuple[float, str]] = []  # (when acknowledged, name) for CLI adds
    logged_days: list[int] = []
    # The day each meeting fell on, as (earliest, latest): the same day unless the log
    # ran across midnight, when "N days ago" may be counted from either side of it.
    logged_on: list[tuple[date, date]] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def adder() -> None:
        n = 0
        while time.monotonic() < stop:
            name = f"Cli {n}"
            if cli(db, "add", name, env=env).returncode == 0:
                with lock:
                    acks.append((time.monotonic(), name))
            n += 1

    def logger() -> None:
        n = 0
        while time.monotonic() < stop:
            days = 1 + (n * 7919) % 300  # a different day each time, in no order
            today = date.today()
            done = cli(
                db, "log", "Target", f"coffee {n}", "--in-person", "--when", f"{days} days ago",
                env=env,
            )  # fmt: skip
            if done.returncode == 0:
                with lock:
                    logged_days.append(days)
                    ago = timedelta(days=days)
                    logged_on.append((today - ago, date.today() - ago))
            n += 1

    samples: list[tuple[float, int]] = []
    workers = [threading.Thread(target=adder), threading.Thread(target=logger)]
    for worker in workers:
        worker.start()
    app_added: list[str] = []
    last_role = ""
    step = 0
    next_action = time.monotonic()
    while time.monotonic() < stop or any(w.is_alive() for w in workers):
        shown = tmux.screen()
        match = PEOPLE_COUNT.search(shown)  # not there while a form covers the list
        if match:
            samples.append((time.monotonic(), int(match.group(1))))
        if time.monotonic() >= next_action and time.monotonic() < stop:
            step += 1
            if step % 2:
                name = f"App {step}"
                tmux.run("send-keys", "a", name, "C-s")
                tmux.wait_for(f"Saved {name}")
                app_added.append(name)
            else:
                last_role = f"role {step}"
                tmux.run("send-keys", "/", "target", "Enter")
                tmux.wait_for("1 of")
                tmux.run("send-keys", "e")
                tmux.wait_for("Edit Target")
                tmux.run("send-keys", "Tab", "C-a", "C-k", last_role, "C-s")
                # Saved when the form is gone and the list shows the new role (an
                # older "Saved Target" notice may still be on screen).
                deadline = time.monotonic() + 15
                while "Edit Target" in (shown := tmux.screen()) or last_role not in shown:
                    if time.monotonic() > deadline:
                        raise AssertionError(f"the edit was not saved; the screen:\n{shown}")
                    time.sleep(0.05)
                tmux.run("send-keys", "Escape")
                figures.app_edits += 1
            next_action = time.monotonic() + 1.5
        time.sleep(0.05)
    # The last writes must show too: watch until the screen has caught up.
    final = len(stored_names(db))
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and (not samples or samples[-1][1] < final):
        match = PEOPLE_COUNT.search(tmux.screen())
        if match:
            samples.append((time.monotonic(), int(match.group(1))))
        time.sleep(0.05)
    tmux.run("send-keys", "q")
    figures.seconds = seconds
    figures.cli_adds, figures.cli_logs, figures.app_adds = (
        len(acks),
        len(logged_days),
        len(app_added),
    )

    # Lag: from a CLI add's acknowledgement to the first screen showing at least as
    # many people as were stored then (the app's own adds only make it sooner).
    with Repository(db) as repo:
        people = {p.name: p for p in repo.people()}
        target = people["Target"]
        interactions = repo.interactions_of(target.id)
    for acked_at, name in acks:
        stored_then = 1 + sum(1 for t, _ in acks if t <= acked_at)
        shown_at = next((t for t, count in samples if t >= acked_at and count >= stored_then), None)
        if shown_at is None:
            figures.lost.append(f"{name} never shown")
        else:
            figures.lags.append(shown_at - acked_at)

    figures.lost += [n for _, n in acks if n not in people]
    figures.lost += [n for n in app_added if n not in people]
    if len(interactions) != len(logged_days):
        figures.lost.append(f"{len(logged_days) - len(interactions)} logged meetings")
    if logged_on:
        first = {min(d[0] for d in logged_on).isoformat(), min(d[1] for d in logged_on).isoformat()}
        last = {max(d[0] for d in logged_on).isoformat(), max(d[1] for d in logged_on).isoformat()}
        if target.met_in_person not in first:
            figures.lost.append(f"first meeting {target.met_in_person}, logged {sorted(first)}")
        if target.last_contact not in last:
            figures.lost.append(f"last contact {target.last_contact}, logged {sorted(last)}")
    if last_role and target.role != last_role:
        figures.lost.append(f"role {target.role!r}, saved {last_role!r}")
    return figures


# -- a dropped ssh session ---------------------------------------------------------------------


@dataclass
class DisconnectFigures:
    rounds: int = 0
    confirmed: int = 0
    lost: list[str] = field(default_factory=list)
    half_typed_saved: int = 0
    unreadable: int = 0
    leftovers: int = 0


def disconnects(db: Path, rounds: int, tmux_factory) -> DisconnectFigures:
    """Each round: the app saves a person (confirmed on screen), opens the form again,
    half-types a name, and gets SIGHUP, as when an ssh connection drops."""
    figures = DisconnectFigures()
    confirmed: list[str] = []
    for round_ in range(rounds):
        tmux = tmux_factory()
        try:
            tmux.start(f"exec env TERM=xterm-256color LANG=C.UTF-8 {BIN} --db {db}", 100, 30)
            tmux.wait_for("/ Filter", timeout=30)
            name = f"Kept {round_}"
            tmux.run("send-keys", "a", name, "C-s")
            tmux.wait_for(f"Saved {name}")
            confirmed.append(name)
            tmux.run("send-keys", "a", f"Half {round_}")
            tmux.wait_for(f"Half {round_}")
            pid = int(tmux.run("display-message", "-p", "#{pane_pid}").strip())
            os.kill(pid, signal.SIGHUP)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and _alive(pid):
                time.sleep(0.05)
            assert not _alive(pid), "the app outlived SIGHUP"
        finally:
            tmux.kill()
        figures.rounds += 1
        try:
            names = stored_names(db)
        except json_codec.JSONDamaged:
            figures.unreadable += 1
            continue
        figures.lost += [n for n in confirmed if n not in names]
        figures.half_typed_saved += sum(1 for n in names if n.startswith("Half "))
        figures.leftovers += len(temp_files(db))
    figures.confirmed = len(confirmed)
    return figures


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (killed, not yet reaped by tmux) counts as gone.
    with contextlib.suppress(OSError):
        if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
            return False
    return True


# -- a full disk, a read-only file system ------------------------------------------------------


@contextlib.contextmanager
def small_disk(folder: Path, kilobytes: int) -> Iterator[Path]:
    """A real tmpfs of `kilobytes` mounted on `folder` (needs root, as in CI)."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        raise RuntimeError(
            "the full-disk checks mount a small tmpfs and need root (CI runs as root): "
            + mounted.stderr.strip()
        )
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """`folder` as a read-only bind mount of itself: EROFS even for root."""
    for command in (
        ["mount", "--bind", str(folder), str(folder)],
        ["mount", "-o", "remount,ro,bind", str(folder)],
    ):
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError("read-only checks need root (CI runs as root): " + done.stderr)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(disk: Path, leave_bytes: int) -> Path:
    """Fill the disk up to `leave_bytes` free, with one file that can be removed."""
    filler = disk / "filler"
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with open(filler, "wb") as out, contextlib.suppress(OSError):
        out.write(b"\0" * max(free - leave_bytes, 0))
    return filler


@dataclass
class FullDiskFigures:
    rounds: int = 0
    refused_clearly: int = 0
    intact: int = 0
    recovered: int = 0
    messages: set[str] = field(default_factory=set)


def full_disk_cycles(disk: Path, rounds: int, env: dict[str, str]) -> FullDiskFigures:
    """Fill the disk, try to save, free it, save again: `rounds` times."""
    figures = FullDiskFigures()
    db = disk / "nettui.json"
    for round_ in range(rounds):
        assert cli(db, "add", f"before-{round_}", "--role", "x" * 300, env=env).returncode == 0
        before = db.read_bytes()
        filler = fill(disk, leave_bytes=len(before) // 2)
        refused = cli(db, "add", f"too-much-{round_}", env=env)
        figures.rounds += 1
        said = refused.stderr.strip()
        if refused.returncode == 2 and "disk is full" in said and "Traceback" not in said:
            figures.refused_clearly += 1
            figures.messages.add(said.replace(str(db), "DB"))
        if db.read_bytes() == before and not temp_files(db):
            figures.intact += 1
        filler.unlink()
        if cli(db, "add", f"after-{round_}", env=env).returncode == 0:
            figures.recovered += 1
    return figures
