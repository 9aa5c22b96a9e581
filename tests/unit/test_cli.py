"""The CLI contract, run in-process against a real file (tests/cli_in_process.py).

A real process is the point in tests/e2e/test_cli_processes.py: imports, a pty."""

from __future__ import annotations

import json

import pytest

from nettui.domain import json_codec
from tests.cli_in_process import run_nettui


def nettui(env, *args, check_code=None):
    result = run_nettui(env, *args)
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
    # In the order of the names: "Íñigo -> Ana", then what Íñigo offers, what Ana needs.
    lines = text.splitlines()
    assert lines[1].split() == ["offers:", "Ofrezco", "fotografía", "de", "bodas"]
    assert lines[2].split()[0] == "needs:"
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


# -- issue 20: done twice, agenda spacing, quoting, find, --for, edit, delete, limits --------


def stored(db_path):
    """The store as another program would read it now."""
    from nettui.store.repository import Repository

    return Repository(db_path)


def test_done_twice_is_refused_and_logs_no_second_interaction(cli_env, db_path):
    nettui(cli_env, "add", "Ana García", check_code=0)
    meetup_id = nettui(cli_env, "meet", "ana", "--when", "today 9:00", check_code=0).stdout.strip()
    nettui(cli_env, "done", meetup_id[:6], "--notes", "Great", check_code=0)
    before = db_path.read_bytes()
    again = nettui(cli_env, "done", meetup_id[:6], "--notes", "Again", check_code=2)
    assert "This meetup was already recorded on " in again.stderr
    assert db_path.read_bytes() == before  # nothing written
    shown = json.loads(nettui(cli_env, "show", "ana", "--json", check_code=0).stdout)
    assert len(shown["interactions"]) == 1
    assert shown["meetups"][0]["outcome"] == "Great"
    spanish = nettui(cli_env, "--lang", "es", "done", meetup_id[:6], check_code=2)
    assert "Este encuentro ya se registró el " in spanish.stderr


def test_agenda_puts_a_space_on_both_sides_of_the_place(cli_env):
    nettui(cli_env, "add", "Ana García", check_code=0)
    nettui(cli_env, "meet", "ana", "--when", "tomorrow 10", "--place", "Café Central", check_code=0)
    line = nettui(cli_env, "agenda", check_code=0).stdout.strip()
    assert line.endswith("Coffee with Ana García · Café Central"), line


def test_an_empty_agenda_says_so(cli_env):
    result = nettui(cli_env, "agenda", "--days", "7", check_code=1)
    assert result.stdout == ""
    assert result.stderr.strip() == "nettui: Nothing planned in the next 7 days."
    spanish = nettui(cli_env, "--lang", "es", "agenda", "--days", "1", check_code=1)
    assert spanish.stderr.strip() == "nettui: No hay nada previsto en el próximo día."


def test_a_suggested_find_is_quoted_as_a_shell_needs(cli_env):
    nettui(cli_env, "add", "Ana García", check_code=0)
    for args in (["show", "Nobody Known"], ["meet", "Nobody Known", "--when", "tomorrow"]):
        result = nettui(cli_env, *args, check_code=1)
        assert "`nettui find 'Nobody Known'`" in result.stderr
    odd = nettui(cli_env, "show", "O'Brien $HOME", check_code=1)
    assert "`nettui find 'O'\"'\"'Brien $HOME'`" in odd.stderr


def test_find_with_no_one_found_says_so_on_stderr(cli_env):
    nettui(cli_env, "add", "Ana García", check_code=0)
    result = nettui(cli_env, "find", "nobodyzzz", check_code=1)
    assert result.stdout == ""
    assert result.stderr.strip() == "nettui: No one matches 'nobodyzzz'."
    result = nettui(cli_env, "find", "nobodyzzz", "--json", check_code=1)
    assert json.loads(result.stdout) == [] and "No one matches" in result.stderr
    spanish = nettui(cli_env, "--lang", "es", "find", "nobodyzzz", check_code=1)
    assert spanish.stderr.strip() == "nettui: Nadie coincide con 'nobodyzzz'."


def test_a_follow_up_of_a_meetup_of_several_needs_for(cli_env, db_path):
    ana = nettui(cli_env, "add", "Ana García", check_code=0).stdout.strip()
    bea = nettui(cli_env, "add", "Bea López", check_code=0).stdout.strip()
    nettui(cli_env, "add", "Carmen Ruiz", check_code=0)
    both = nettui(cli_env, "meet", "ana", "bea", "--when", "today 9:00", check_code=0)
    meetup_id = both.stdout.strip()
    before = db_path.read_bytes()
    result = nettui(cli_env, "done", meetup_id, "--need", "Busca abogada", check_code=2)
    assert result.stderr.strip() == (
        "nettui: 2 people were at this meetup: say whose follow-up it is (Ana García, Bea López)."
        " Add --for PERSON."
    )
    stranger = nettui(cli_env, "done", meetup_id, "--offer", "X", "--for", "carmen", check_code=2)
    assert "Carmen Ruiz was not at this meetup" in stranger.stderr
    nobody = nettui(cli_env, "done", meetup_id, "--need", "X", "--for", "nobody", check_code=1)
    assert "No one called 'nobody'" in nobody.stderr
    alone = nettui(cli_env, "done", meetup_id, "--for", "bea", check_code=2)
    assert "--need or --offer" in alone.stderr
    assert db_path.read_bytes() == before  # nothing recorded by any of those
    nettui(cli_env, "done", meetup_id, "--need", "Busca abogada", "--for", "bea", check_code=0)
    with stored(db_path) as repo:
        [need] = repo.needs_offers()
        assert need.person_id == bea and need.text == "Busca abogada"
        assert repo.needs_offers_of(ana) == []
        assert repo.meetup(meetup_id).status == "done"


def test_edit_changes_only_the_fields_given(cli_env, db_path):
    ana = nettui(
        cli_env,
        *("add", "Ana García", "--role", "Abogada", "--company", "Ortega"),
        *("--email", "ana@example.org", "--phone", "+34 600 11 22 33", "--tag", "legal"),
        check_code=0,
    ).stdout.strip()
    nettui(
        cli_env,
        *("edit", "ana", "--location", "Madrid", "--add-email", "ana@work.example"),
        *("--remove-phone", "+34600112233", "--add-tag", "#madrid", "--notes", "Met at a talk"),
        check_code=0,
    )
    shown = json.loads(nettui(cli_env, "show", ana, "--json", check_code=0).stdout)
    assert (shown["name"], shown["role"], shown["company"]) == ("Ana García", "Abogada", "Ortega")
    assert shown["location"] == "Madrid" and shown["notes"] == "Met at a talk"
    assert shown["emails"] == ["ana@example.org", "ana@work.example"]
    assert shown["phones"] == [] and shown["tags"] == ["legal", "madrid"]
    nettui(cli_env, "edit", ana[:6], "--name", "Ana María García", "--role", "", check_code=0)
    shown = json.loads(nettui(cli_env, "show", ana, "--json", check_code=0).stdout)
    assert (shown["name"], shown["role"]) == ("Ana María García", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["edit", "ana"], "Say what to change"),
        (["edit", "ana", "--remove-email", "nope@example.org"], "has no email nope@example.org"),
        (["edit", "ana", "--remove-phone", "555 1234"], "has no phone 555 1234"),
        (["edit", "ana", "--add-email", "nope"], "not an email address"),
        (["edit", "ana", "--name", "x" * 201], "201 characters, too long (at most 200)"),
        (["edit", "ana", "--add-tag", "t" * 101], "tags: 101 characters, too long (at most 100)"),
        (["edit", "ana", "--add-phone", "6" * 51], "phones: 51 characters, too long (at most 50)"),
        (["edit", "nobody", "--role", "x"], "No one called 'nobody'"),
        (["add", "x" * 5000], "5000 characters, too long (at most 200)"),
        (["add", "Ana", "--email", "a" * 250 + "@example.org"], "emails: 262 characters"),
        (["meet", "ana", "--when", "tomorrow", "--title", "t" * 201], "title: 201 characters"),
        (["meet", "ana", "--when", "tomorrow", "--place", "p" * 301], "place: 301 characters"),
        (["delete", "ana"], "add --yes"),
    ],
)
def test_edit_add_and_delete_refuse_bad_input_and_write_nothing(cli_env, db_path, args, message):
    nettui(cli_env, "add", "Ana García", "--email", "ana@example.org", check_code=0)
    before = db_path.read_bytes()
    result = nettui(cli_env, *args)
    assert result.returncode == (1 if "No one called" in message else 2), result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert db_path.read_bytes() == before


def test_a_name_stored_too_long_can_still_be_edited_and_is_cut_in_what_is_said(cli_env, db_path):
    from nettui.domain.models import Person

    long_name = "Ana " + "García " * 800
    with stored(db_path) as repo:
        repo.add_many([Person(name=long_name)])  # as an old store or a script left it
    result = nettui(cli_env, "edit", "ana", "--role", "Abogada", check_code=0)
    said = result.stdout.strip()
    assert said.startswith("Saved Ana García García") and said.endswith("….")
    assert len(said) < 100
    nettui(cli_env, "edit", "ana", "--name", "x" * 201, check_code=2)  # the new name is checked
    shown = json.loads(nettui(cli_env, "show", "ana", "--json", check_code=0).stdout)
    assert shown["role"] == "Abogada" and shown["name"] == " ".join(long_name.split())


def test_import_cuts_a_value_too_long_and_keeps_it_whole_in_the_notes(cli_env, db_path, tmp_path):
    long_name = "Ana " + "García" * 900
    card = tmp_path / "long.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"FN:{long_name}\r\nEMAIL:ana@example.org\r\nTITLE:Abogada\r\n"
        "END:VCARD\r\n",
        encoding="utf-8",
    )
    result = nettui(cli_env, "import", str(card), check_code=0)
    assert "1 person had values too long for their fields" in result.stdout
    [person] = json.loads(nettui(cli_env, "find", "ana", "--json", check_code=0).stdout)
    assert len(person["name"]) == 200 and person["name"].endswith("…")
    assert person["role"] == "Abogada" and person["emails"] == ["ana@example.org"]
    assert f"Name: {long_name}" in person["notes"]
    nettui(cli_env, "import", str(card), check_code=0)  # again: adds nothing
    assert len(json.loads(nettui(cli_env, "find", "", "--json", check_code=0).stdout)) == 1
    card.write_text(card.read_text().replace("ana@", "ana2@"), encoding="utf-8")
    spanish = nettui(cli_env, "--lang", "es", "import", str(card), check_code=0).stdout
    assert "1 persona tenía valores demasiado largos" in spanish  # one, not "tenían"


def test_the_limits_cut_a_default_title_and_an_imported_name_with_an_ellipsis():
    from nettui.domain.labels import meetup_title
    from nettui.domain.limits import MAX_CHARS, cut_for_import
    from nettui.domain.models import Person

    long_name = "Ana " + "García " * 60
    title = meetup_title("coffee", [long_name])
    assert len(title) <= MAX_CHARS["title"] and title.startswith("Coffee with Ana García")
    assert title.endswith("…") and not title.endswith(" …")
    person = Person(name=long_name, company="Ortega")
    kept = cut_for_import(person)
    assert len(person.name) <= MAX_CHARS["name"] and person.name.endswith("…")
    assert not person.name.endswith(" …")
    assert person.company == "Ortega" and kept == [f"Name: {long_name}"]


def test_add_edit_and_show_a_whole_card(cli_env):
    new_id = nettui(
        cli_env,
        "add",
        "Ana García",
        "--phone",
        "+34 600 11 22 33 (mobile)",
        "--email",
        "ana@work.example (work)",
        "--url",
        "https://ana.example",
        "--address",
        "Calle Mayor 1, 28013 Madrid, Spain (home)",
        "--nickname",
        "Anita",
        "--birthday",
        "22 de enero de 1990",
        check_code=0,
    ).stdout.strip()
    shown = nettui(cli_env, "show", new_id, check_code=0).stdout
    assert "+34 600 11 22 33 (mobile)" in shown and "ana@work.example (work)" in shown
    assert "Calle Mayor 1, Madrid, 28013, Spain (home)" in shown and "Anita" in shown
    assert "22 January 1990 (" in shown and "age " in shown
    assert "móvil" in nettui(cli_env, "--lang", "es", "show", new_id, check_code=0).stdout

    nettui(
        cli_env,
        "edit",
        new_id,
        "--remove-address",
        "Calle Mayor 1, 28013 Madrid, Spain",
        "--add-address",
        "222 Broadway, New York, NY 10038, USA",
        "--birthday",
        "",
        "--add-phone",
        "+34 600 11 22 33 (personal)",
        check_code=0,
    )
    [found] = json.loads(nettui(cli_env, "find", "broadway", "--json", check_code=0).stdout)
    assert found["birthday"] is None and found["nickname"] == "Anita"
    assert [a["locality"] for a in found["addresses"]] == ["New York"]
    assert {(t["value"], t["label"]) for t in found["typed"] if t["of"] == "phones"} == {
        ("+34 600 11 22 33", "personal")
    }


@pytest.mark.parametrize(
    "args",
    [
        ("--birthday", "31 feb"),
        ("--birthday", "2090-01-01"),
        ("--remove-address", "nowhere"),
        ("--add-phone", "(mobile)"),
    ],
)
def test_a_bad_card_edit_exits_2_with_one_sentence_and_changes_nothing(cli_env, args):
    new_id = nettui(cli_env, "add", "Ana García", "--birthday=--01-22", check_code=0)
    new_id = new_id.stdout.strip()
    before = nettui(cli_env, "show", new_id, "--json", check_code=0).stdout
    result = nettui(cli_env, "edit", new_id, *args, check_code=2)
    assert result.stderr.strip().count("\n") == 0
    assert nettui(cli_env, "show", new_id, "--json", check_code=0).stdout == before


def test_a_typed_address_lands_in_its_parts_and_a_day_that_does_not_exist_is_named(cli_env):
    new_id = nettui(
        cli_env,
        "add",
        "Ana García",
        "--address",
        "Calle Mayor, 1, 28013 Madrid, España",
        check_code=0,
    ).stdout.strip()
    nettui(
        cli_env, "edit", new_id, "--add-address", "Apt 4B, 222 Broadway, New York, NY 10038, USA"
    )
    found = json.loads(nettui(cli_env, "show", new_id, "--json", check_code=0).stdout)
    parts = ("extended", "street", "locality", "region", "postal_code", "country")
    assert [tuple(a[p] for p in parts) for a in found["addresses"]] == [
        ("", "Calle Mayor, 1", "Madrid", "", "28013", "España"),
        ("Apt 4B", "222 Broadway", "New York", "NY", "10038", "USA"),
    ]
    result = nettui(cli_env, "edit", new_id, "--birthday", "1980-02-30", check_code=2)
    assert "'1980-02-30' does not exist: February 1980 has 29 days." in result.stderr


def test_show_says_each_moment_on_the_users_clock(cli_env, db_path, monkeypatch):
    """What nettui logs itself (an introduction's states) is stored in UTC; shown as
    stored it read an hour off beside the user's own log lines in Madrid."""
    import time

    from nettui.domain.models import Interaction
    from nettui.store.repository import Repository

    nettui(cli_env, "add", "Ana García", check_code=0)
    repo = Repository(db_path)
    ana = repo.people()[0]
    repo.log_interaction(
        Interaction(person_id=ana.id, at="2026-12-05T09:00:00+00:00", summary="Asked her")
    )
    repo.close()
    monkeypatch.setenv("TZ", "Europe/Madrid")
    time.tzset()
    try:
        shown = nettui(cli_env, "show", "ana", check_code=0).stdout
    finally:
        monkeypatch.undo()
        time.tzset()
    assert "2026-12-05 10:00" in shown and "09:00" not in shown


def test_a_command_runs_on_a_demo_store_with_demo(cli_env, db_path):
    """`nettui --demo birthdays` opened the app and ignored the command (a script
    calling it would hang); it runs the command on a throwaway demo store now, and the
    user's own store is not touched."""
    shown = json.loads(nettui(cli_env, "--demo", "birthdays", "--json", check_code=0).stdout)
    assert shown and {"person", "date", "age", "kind"} <= set(shown[0])
    assert not db_path.exists()
    said = nettui(cli_env, "--demo", "sync", "--dry-run", check_code=2).stderr
    assert "never synced" in said
