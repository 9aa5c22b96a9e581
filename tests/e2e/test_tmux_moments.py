"""Issue 24's moments used as a person would, in a real terminal (tmux), at 80x24 and in
Spanish: plan a trip, record an evening of people met at an event, see the photo
together on a page, and copy an introduction to the clipboard (OSC 52 into tmux's
own buffer, as over ssh)."""

from __future__ import annotations

import os
import stat
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from nettui.domain.dates import local_now
from nettui.domain.models import ME, Event, NeedOffer, Person
from nettui.store.repository import Repository
from tests.e2e.test_tmux import BIN, Tmux


@pytest.fixture
def tmux(tmp_path):
    terminal = Tmux(tmp_path)
    yield terminal
    terminal.kill()


@pytest.fixture
def home(tmp_path) -> dict[str, Path]:
    folders = {name: tmp_path / name for name in ("config", "state", "data")}
    for folder in folders.values():
        folder.mkdir()
    return folders


def start(tmux: Tmux, db: Path, home: dict[str, Path]) -> None:
    env = (
        f"TERM=xterm-256color XDG_CONFIG_HOME={home['config']} "
        f"XDG_STATE_HOME={home['state']} XDG_DATA_HOME={home['data']}"
    )
    tmux.start(f"{env} {BIN} --db {db} --lang es", 80, 24)


def test_plan_a_trip_from_the_meetups_screen(tmux, tmp_path, home):
    db = tmp_path / "nettui.json"
    with Repository(db) as repo:
        marta = repo.add_person(Person(name="Marta Cuesta", location="Valladolid, España"))
        irene = repo.add_person(Person(name="Irene Valdés", location="valladolid"))
        repo.add_person(Person(name="Leonardo Díaz", location="Madrid"))
    start(tmux, db, home)
    tmux.wait_for("Marta Cuesta")
    tmux.keys("4")
    tmux.keys("t")
    tmux.wait_for("Planificar un viaje")
    tmux.keys("Valladolid", "Tab")
    tmux.keys("mañana", "Tab")
    tmux.keys("en 3 días")
    shown = tmux.wait_for("Irene Valdés")
    assert "Marta Cuesta" in shown and "Leonardo" not in shown
    assert "nunca os habéis visto en persona" in shown
    tmux.keys("Tab", "Enter")
    tmux.wait_for("Café con Marta Cuesta")
    with Repository(db) as repo:
        planned = {m.people[0]: m for m in repo.meetups()}
    assert set(planned) == {marta.id, irene.id}
    slots = sorted(m.start for m in planned.values())
    assert slots[0] != slots[1]  # one person a slot
    assert all(m.place == "Valladolid" and m.kind == "coffee" for m in planned.values())


def test_an_evening_of_people_met_at_an_event(tmux, tmp_path, home):
    db = tmp_path / "nettui.json"
    day = local_now().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=1)
    with Repository(db) as repo:
        known = repo.add_person(Person(name="Zoe Núñez", role="CTO"))
        repo.add_event(
            Event(
                name="Conferencia Sevilla",
                start=day.isoformat(),
                end=(day + timedelta(hours=9)).isoformat(),
                place="Sevilla",
            )
        )
    start(tmux, db, home)
    tmux.wait_for("Zoe Núñez")
    tmux.keys("4")
    tmux.keys("]", "]")
    tmux.wait_for("Conferencia Sevilla")
    tmux.keys("Enter")
    tmux.wait_for("Dónde: Sevilla")
    tmux.keys("w")
    tmux.wait_for("Conferencia Sevilla")
    people = [("Lucía Prieto", "necesita un CTO"), ("Pablo Ferrer", "diseñador de producto")]
    for name, note in people:
        tmux.run("send-keys", "-l", name)
        tmux.keys("Enter")
        tmux.run("send-keys", "-l", note)
        tmux.keys("Enter")
    tmux.run("send-keys", "-l", "zoe")
    tmux.wait_for("Conocido: Zoe Núñez")  # the suggestion, as a person sees it
    tmux.keys("Right", "Enter", "Enter")  # takes it; no note
    tmux.wait_for("3 guardadas")
    tmux.keys("Escape")
    shown = tmux.wait_for("Lucía Prieto")
    assert "Pablo Ferrer" in shown and "Zoe Núñez" in shown
    with Repository(db) as repo:
        [event] = repo.events()
        lucia = repo.resolve_person("Lucía Prieto")
        pablo = repo.resolve_person("Pablo Ferrer")
        zoe = repo.person(known.id)
        needs = [n.text for n in repo.needs_offers_of(lucia.id)]
    assert set(event.met) == {lucia.id, pablo.id, known.id}
    assert lucia.met_in_person == pablo.met_in_person == day.date().isoformat()
    assert lucia.how_we_met == "Conferencia Sevilla" and needs == ["un CTO"]
    assert pablo.role == "diseñador de producto"
    assert zoe is not None and zoe.met_in_person == day.date().isoformat()


def test_the_photo_together_shows_on_the_page(tmux, tmp_path, home):
    db = tmp_path / "nettui.json"
    with Repository(db) as repo:
        repo.add_person(Person(name="Ana García"))
    env = {**os.environ, "XDG_CONFIG_HOME": str(home["config"]), "NETTUI_DB": str(db)}
    nettui = [str(BIN), "--db", str(db)]
    when = (local_now() - timedelta(hours=3)).strftime("%Y-%m-%d %H:%M")
    meetup_id = subprocess.run(
        [*nettui, "meet", "ana", "--when", when],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Image.new("RGB", (300, 200), (230, 120, 20)).save(tmp_path / "together.jpg")
    subprocess.run(
        [*nettui, "done", meetup_id, "--photo", str(tmp_path / "together.jpg")],
        env=env,
        check=True,
        capture_output=True,
    )
    start(tmux, db, home)
    tmux.wait_for("Ana García")
    tmux.keys("Enter")
    shown = tmux.wait_for("Juntos,")
    # Half blocks in tmux: the photo is drawn as ▀ cells beside the page's text.
    assert shown.count("▀") >= 20 * 8
    assert all(len(line) <= 80 for line in shown.splitlines())


def test_an_introduction_in_spanish_is_copied_to_the_clipboard_and_a_file(tmux, tmp_path, home):
    db = tmp_path / "nettui.json"
    with Repository(db) as repo:
        bea = repo.add_person(Person(name="Bea López", role="Novia"))
        carlos = repo.add_person(Person(name="Carlos Peña", role="Fotógrafo"))
        repo.add_need_offer(
            NeedOffer(person_id=bea.id, kind="need", text="Busco fotógrafo para mi boda")
        )
        repo.add_need_offer(
            NeedOffer(person_id=carlos.id, kind="offer", text="Fotografía de bodas")
        )
        repo.add_need_offer(NeedOffer(person_id=ME, kind="offer", text="Reviso contratos"))
    start(tmux, db, home)
    tmux.run("set-option", "-g", "set-clipboard", "on")  # tmux keeps what OSC 52 sends
    tmux.wait_for("Bea López")
    tmux.keys("3")
    tmux.wait_for("Carlos Peña")
    tmux.keys("G")
    tmux.keys("i")
    tmux.wait_for("Hola, Carlos Peña")
    tmux.keys("3")
    tmux.wait_for("Os presento")
    tmux.keys("c")
    tmux.wait_for("Copiado al portapapeles")
    drafts = list((home["state"] / "nettui" / "drafts").iterdir())
    assert len(drafts) == 1 and "Os presento" in drafts[0].read_text(encoding="utf-8")
    assert stat.S_IMODE(drafts[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(drafts[0].parent.stat().st_mode) == 0o700
    assert "Os presento" in tmux.run("show-buffer")
