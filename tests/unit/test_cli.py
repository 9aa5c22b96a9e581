"""The CLI contract, run as real processes against a real file."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from nettui.domain import json_codec
from tests.conftest import NETTUI


def nettui(env, *args, check_code=None):
    result = subprocess.run([*NETTUI, *args], env=env, capture_output=True, text=True, timeout=60)
    if check_code is not None:
        assert result.returncode == check_code, (result.stdout, result.stderr)
    return result


def test_version(cli_env):
    out = nettui(cli_env, "--version", check_code=0).stdout
    assert out.startswith("nettui ")


def test_add_then_find_then_show(cli_env):
    new_id = nettui(
        cli_env,
        "add",
        "José Núñez",
        "--role",
        "Abogado laboralista",
        "--company",
        "Ortega",
        "--email",
        "jose@example.org",
        "--phone",
        "+34 600 112 233",
        "--handle",
        "twitter:@jnunez",
        "--tag",
        "legal",
        "--met",
        "2026-03-12",
        check_code=0,
    ).stdout.strip()
    assert len(new_id) == 32
    found = json.loads(nettui(cli_env, "find", "nunez", "--json", check_code=0).stdout)
    assert [p["id"] for p in found] == [new_id]
    person = found[0]
    for key in (
        "id",
        "name",
        "role",
        "company",
        "emails",
        "phones",
        "handles",
        "tags",
        "met_in_person",
    ):
        assert key in person
    assert person["handles"] == [{"network": "twitter", "value": "@jnunez"}]
    assert person["met_in_person"] == "2026-03-12"
    shown = json.loads(nettui(cli_env, "show", "jose", "--json", check_code=0).stdout)
    assert shown["id"] == new_id
    for key in ("needs", "offers", "meetups", "interactions"):
        assert shown[key] == []
    text = nettui(cli_env, "show", new_id[:6], check_code=0).stdout
    assert "José Núñez" in text and "Abogado laboralista, Ortega" in text


def test_find_exit_codes(cli_env):
    assert nettui(cli_env, "find", "").returncode == 1  # empty store: nothing found
    nettui(cli_env, "add", "Ana", check_code=0)
    assert nettui(cli_env, "find", "", check_code=0).stdout.count("\n") == 1
    assert nettui(cli_env, "find", "zzz").returncode == 1


def test_log_an_interaction(cli_env):
    nettui(cli_env, "add", "Ana García", check_code=0)
    nettui(
        cli_env,
        "log",
        "ana",
        "Café en el centro",
        "--in-person",
        "--when",
        "yesterday",
        check_code=0,
    )
    shown = json.loads(nettui(cli_env, "show", "ana", "--json", check_code=0).stdout)
    assert shown["interactions"][0]["summary"] == "Café en el centro"
    assert shown["interactions"][0]["in_person"] is True
    assert shown["met_in_person"] == shown["last_contact"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "Ana", "--email", "nope"], "not an email address"),
        (["add", "Ana", "--handle", "@ana"], "NETWORK:VALUE"),
        (["add", "Ana", "--met", "someday"], "not a date nettui understands"),
        (["log", "Ana", "x", "--when", "next year maybe"], "not a date"),
        (["add"], "required"),
        (["show", " "], "Say which person"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(cli_env, db_path, args, message):
    result = nettui(cli_env, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3
    assert not db_path.exists()


def test_show_unknown_is_1_and_ambiguous_is_2(cli_env):
    nettui(cli_env, "add", "Ana García", check_code=0)
    nettui(cli_env, "add", "Ana López", check_code=0)
    assert nettui(cli_env, "show", "nobody").returncode == 1
    result = nettui(cli_env, "show", "ana")
    assert result.returncode == 2 and "could be 2 people" in result.stderr


def test_a_corrupt_file_exits_2_names_the_file_and_is_untouched(cli_env, db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b'{"people": {"x": ')
    for args in (["find", ""], ["add", "Ana"], ["show", "x"]):
        result = nettui(cli_env, *args)
        assert result.returncode == 2
        assert str(db_path) in result.stderr
        assert "Traceback" not in result.stderr
    assert db_path.read_bytes() == b'{"people": {"x": '


def test_doctor_finds_and_restores(cli_env, db_path):
    nettui(cli_env, "add", "Ana", check_code=0)
    nettui(cli_env, "add", "Bea", check_code=0)  # the first write left a backup
    assert "ok" in nettui(cli_env, "doctor", check_code=0).stdout
    db_path.write_bytes(b"garbage")
    result = nettui(cli_env, "doctor", check_code=1)
    assert "PROBLEM" in result.stdout and "--restore" in result.stdout
    restored = nettui(cli_env, "doctor", "--restore", check_code=0).stdout
    assert "Restored" in restored
    stored = json_codec.decode(db_path.read_bytes())
    assert [p["name"] for p in stored["people"].values()] == ["Ana"]
    assert next(iter(db_path.parent.glob("nettui.json.damaged-*"))).read_bytes() == b"garbage"


def test_doctor_warns_about_a_file_others_can_read(cli_env, db_path):
    nettui(cli_env, "add", "Ana", check_code=0)
    db_path.chmod(0o644)
    result = nettui(cli_env, "doctor", check_code=1)
    assert "chmod 600" in result.stdout
    assert "chmod 600" in nettui(cli_env, "find", "ana").stderr


def test_markup_and_escape_sequences_are_shown_literally(cli_env):
    nettui(cli_env, "add", "[bold]x[/] [link=http://x]y[/link]", check_code=0)
    nettui(cli_env, "add", "\x1b]0;pwned\x07Eve \x1b[31mRed", check_code=0)
    out = nettui(cli_env, "find", "", check_code=0).stdout
    assert "[bold]x[/] [link=http://x]y[/link]" in out
    assert "\x1b" not in out and "\x07" not in out
    assert "␛]0;pwned␇Eve ␛[31mRed" in out
    as_json = nettui(cli_env, "find", "eve", "--json", check_code=0).stdout
    assert "\x1b" not in as_json  # JSON escapes it as \\u001b
    assert json.loads(as_json)[0]["name"] == "\x1b]0;pwned\x07Eve \x1b[31mRed"


def test_headless_commands_never_import_textual(cli_env):
    probe = (
        "import sys, nettui.cli as c\n"
        "code = c.main(['find', ''])\n"
        "assert 'textual' not in sys.modules, sorted(m for m in sys.modules if 'textual' in m)\n"
        "print('clean')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=cli_env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().endswith("clean"), result.stderr


def test_needs_offers_and_matches(cli_env):
    nettui(cli_env, "add", "Ana García", check_code=0)
    nettui(cli_env, "add", "Íñigo Peña", check_code=0)
    need_id = nettui(cli_env, "need", "ana", "Busco fotógrafo para mi boda", check_code=0)
    offer_id = nettui(
        cli_env, "offer", "inigo", "Ofrezco fotografía de bodas", "--tag", "foto", check_code=0
    )
    nettui(cli_env, "offer", "me", "Puedo revisar CVs en inglés", check_code=0)
    found = json.loads(nettui(cli_env, "matches", "--json", check_code=0).stdout)
    assert len(found) == 1
    match = found[0]
    assert match["need"] == {
        "id": need_id.stdout.strip(),
        "person": "Ana García",
        "text": "Busco fotógrafo para mi boda",
    }
    assert match["offer"]["id"] == offer_id.stdout.strip()
    assert match["offer"]["person"] == "Íñigo Peña"
    assert match["kind"] == "introduce" and 0 < match["score"] <= 1
    assert "fotografo" in match["why"] or "photography" in match["why"]
    assert match["strength"] in {"strong", "good", "possible"}  # JSON keeps the number too
    text = nettui(cli_env, "matches", check_code=0).stdout
    assert f"{match['strength']:<9} Introduce: Íñigo Peña -> Ana García" in text
    assert f"{match['score']:.2f}" not in text  # people read words, not cosines
    shown = json.loads(nettui(cli_env, "show", "ana", "--json", check_code=0).stdout)
    assert [n["text"] for n in shown["needs"]] == ["Busco fotógrafo para mi boda"]


def test_matches_bad_input_and_nothing_found(cli_env):
    assert nettui(cli_env, "matches").returncode == 1
    result = nettui(cli_env, "matches", "--limit", "zero")
    assert result.returncode == 2 and "not a whole number" in result.stderr
    assert nettui(cli_env, "need", "nobody", "x").returncode == 1
    result = nettui(cli_env, "need", "me", "   ")
    assert result.returncode == 2 and "the text is empty" in result.stderr


def test_csv_export_and_import_from_the_command_line(cli_env, tmp_path):
    nettui(cli_env, "add", "Begoña Zúñiga", "--email", "bego@example.org", "--tag", "legal")
    exported = tmp_path / "contacts.csv"
    result = nettui(cli_env, "export", "--format", "csv", "-o", str(exported))
    assert result.returncode == 0, result.stderr
    assert "Begoña" in exported.read_text(encoding="utf-8")
    other = {**cli_env, "NETTUI_DB": str(tmp_path / "other.json")}
    result = nettui(other, "import", "--format", "csv", str(exported))
    assert result.returncode == 0, result.stderr
    found = json.loads(nettui(other, "find", "zuniga", "--json").stdout)
    assert [(p["name"], p["emails"], p["tags"]) for p in found] == [
        ("Begoña Zúñiga", ["bego@example.org"], ["legal"])
    ]
