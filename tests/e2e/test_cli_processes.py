"""The CLI where a real process is the point: what a fresh interpreter imports, and a
question asked at a real terminal (a pty). The rest of the CLI contract runs in-process
in tests/unit/test_cli.py."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import NETTUI


def nettui(env, *args, check_code=None):
    result = subprocess.run([*NETTUI, *args], env=env, capture_output=True, text=True, timeout=60)
    if check_code is not None:
        assert result.returncode == check_code, (result.stdout, result.stderr)
    return result


def stored(db_path):
    """The store as another program would read it now."""
    from nettui.store.repository import Repository

    return Repository(db_path)


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


def test_no_headless_command_group_imports_textual(cli_env, tmp_path):
    """One command or more of each module of nettui.cli (people, needs, meetups, files),
    in one process: none of them loads Textual, which only the app launch may."""
    backup = tmp_path / "backup.json"
    probe = (
        "import sys, nettui.cli as c\n"
        "runs = [\n"
        "    (['add', 'Ana García', '--email', 'ana@example.org'], 0),\n"
        "    (['find', 'ana'], 0), (['find', 'ana', '--json'], 0), (['show', 'ana'], 0),\n"
        "    (['log', 'ana', 'A call'], 0), (['edit', 'ana', '--role', 'Lawyer'], 0),\n"
        "    (['mutt-query', 'ana'], 0),\n"
        "    (['need', 'ana', 'Busco fotógrafo'], 0), (['offer', 'me', 'Fotografía'], 0),\n"
        "    (['matches'], 0), (['matches', '--json'], 0),\n"
        "    (['add', 'Bea López'], 0), (['offer', 'bea', 'Fotografía de bodas'], 0),\n"
        "    (['intro', 'ana', 'bea', '--json'], 0),\n"
        "    (['intro', 'ana', 'bea', '--mark', 'helped'], 0),\n"
        "    (['meet', 'ana', '--when', 'tomorrow 10'], 0), (['agenda'], 0),\n"
        "    (['birthdays'], 0), (['birthdays', '--json'], 0),\n"
        "    (['trip', 'Lugo', '--from', 'today', '--to', 'tomorrow', '--plan', '2'], 1),\n"
        f"    (['export', '--format', 'json', '-o', {str(backup)!r}], 0),\n"
        f"    (['import', '--dry-run', {str(backup)!r}], 0), (['doctor'], 0),\n"
        "    (['delete', 'ana', '--yes'], 0),\n"
        "]\n"
        "for argv, expected in runs:\n"
        "    assert c.main(argv) == expected, argv\n"
        "assert 'textual' not in sys.modules, sorted(m for m in sys.modules if 'textual' in m)\n"
        "print('clean')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=cli_env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().endswith("clean"), result.stderr


def test_delete_asks_at_a_terminal_in_the_users_language(cli_env, db_path):
    import os
    import pty

    ana = nettui(cli_env, "add", "Ana García", check_code=0).stdout.strip()
    nettui(cli_env, "need", "ana", "Busca abogada", check_code=0)
    bea = nettui(cli_env, "add", "Bea López", check_code=0).stdout.strip()

    def at_a_terminal(answer: str, *args: str) -> tuple[int, str]:
        main, secondary = pty.openpty()
        process = subprocess.Popen(
            [*NETTUI, *args], env=cli_env, stdin=secondary, stdout=secondary, stderr=secondary
        )
        os.close(secondary)
        os.write(main, answer.encode() + b"\n")
        output = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        os.close(main)
        return process.wait(timeout=30), output.decode(errors="replace")

    code, output = at_a_terminal("n", "delete", "ana")
    assert code == 0 and "Delete Ana García, with their needs, offers and history? [y/N]" in output
    assert "Nothing was deleted." in output
    code, output = at_a_terminal("s", "--lang", "es", "delete", "ana")
    assert code == 0 and "¿Borrar a Ana García, con sus necesidades" in output and "[s/N]" in output
    with stored(db_path) as repo:
        assert repo.person(ana) is None and repo.needs_offers() == []  # as the app deletes
        assert repo.person(bea) is not None
    nettui(cli_env, "delete", "bea", "--yes", check_code=0)
    nettui(cli_env, "delete", "bea", "--yes", check_code=1)
    assert nettui(cli_env, "find", "", check_code=1).stdout == ""
