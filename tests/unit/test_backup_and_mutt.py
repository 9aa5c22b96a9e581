"""JSON backup and restore (exact round trip), and mutt's query command."""

from __future__ import annotations

from pathlib import Path

from nettui.demo import build_demo
from nettui.domain import json_codec
from nettui.store.repository import Repository
from tests.cli_in_process import run_nettui


def run(env, *args, code=0):
    result = run_nettui(env, *args)
    assert result.returncode == code, result.stderr
    return result


def test_json_backup_round_trip_is_exact(cli_env, db_path, tmp_path):
    with Repository(db_path) as repo:
        build_demo(repo)
    backup = tmp_path / "backup.json"
    run(cli_env, "export", "--format", "json", "-o", str(backup))
    other = dict(cli_env, NETTUI_DB=str(tmp_path / "other" / "nettui.json"))
    dry = run(other, "import", str(backup), "--dry-run").stdout
    assert "would add 64 people" in dry
    assert not (tmp_path / "other" / "nettui.json").exists()  # a dry run writes nothing
    run(other, "import", str(backup))
    again = run(other, "import", str(backup)).stdout
    assert "added nothing" in again  # importing the same file twice adds nothing
    second = tmp_path / "second.json"
    run(other, "export", "--format", "json", "-o", str(second))
    first_tables = json_codec.decode(backup.read_bytes())["tables"]
    second_tables = json_codec.decode(second.read_bytes())["tables"]
    for table, rows in first_tables.items():
        by_id = {r["id"]: r for r in second_tables[table]}
        assert {r["id"]: r for r in rows} == by_id, table


def test_a_backups_records_are_counted_in_words_in_either_language(cli_env, tmp_path):
    """It said "added 1 people" and "2 needs_offers", its tables' names."""
    ana = run(cli_env, "add", "Ana Ruiz").stdout.strip()
    run(cli_env, "need", ana, "a flat in Madrid")
    run(cli_env, "offer", ana, "Spanish lessons")
    backup = tmp_path / "backup.json"
    run(cli_env, "export", "--format", "json", "-o", str(backup))
    other = dict(cli_env, NETTUI_DB=str(tmp_path / "other" / "nettui.json"))
    dry = run(other, "import", "--dry-run", str(backup)).stdout
    assert f"{backup}: would add 1 person, 2 needs and offers; 0 already there." in dry
    spanish = run({**other, "LANG": "es_ES.UTF-8"}, "import", str(backup)).stdout
    assert f"{backup}: añadido: 1 persona, 2 necesidades y ofertas; ya había 0." in spanish


def test_a_broken_backup_is_refused_and_bad_records_are_named(cli_env, db_path, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "nettui-backup", "tables": {"people": [')
    result = run(cli_env, "import", str(broken), code=2)
    assert "not valid JSON (line 1" in result.stderr and "Traceback" not in result.stderr
    mixed = tmp_path / "mixed.json"
    mixed.write_bytes(
        json_codec.encode(
            {
                "format": "nettui-backup",
                "version": 1,
                "tables": {"people": [{"id": "a1", "name": "Ana"}, {"id": "b2", "name": ""}]},
            }
        )
    )
    result = run(cli_env, "import", str(mixed), code=1)  # something was skipped
    assert "people record 2: A person needs a name" in result.stderr
    assert "added 1 person;" in result.stdout
    other = tmp_path / "notes.txt"
    other.write_text("just some words\n")
    assert (
        "nettui reads vCard (.vcf), contacts CSV"
        in run(cli_env, "import", str(other), code=2).stderr
    )


def test_mutt_query(cli_env):
    run(
        cli_env,
        "add",
        "José Núñez",
        "--email",
        "jose@example.org",
        "--email",
        "jn@work.es",
        "--role",
        "Abogado",
    )
    run(cli_env, "add", "Ana", "--email", "ana@example.org")
    index = Path(cli_env["NETTUI_DB"] + ".index")
    index.unlink(missing_ok=True)
    answers = []
    for _ in range(2):  # from the database, then from the index that first run saved
        answers.append(run(cli_env, "mutt-query", "nunez").stdout.splitlines())
        assert index.exists()
    for out in answers:
        assert out[0] == "nettui: 2 matching addresses"
        assert out[1:] == [
            "jose@example.org\tJosé Núñez\tAbogado",
            "jn@work.es\tJosé Núñez\tAbogado",
        ]
    assert run(cli_env, "mutt-query", "nobody", code=1).stdout.startswith("nettui: 0")
