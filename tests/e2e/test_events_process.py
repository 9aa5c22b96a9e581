"""`nettui event …` and `nettui events` in a fresh interpreter: Textual never loads."""

from __future__ import annotations

import subprocess
import sys


def test_the_event_commands_do_not_import_textual(cli_env):
    probe = (
        "import sys, nettui.cli as c\n"
        "runs = [\n"
        "    (['add', 'Ana García'], 0),\n"
        "    (['event', 'add', 'PyConES', '--when', '2025-11-20', '--length', '2 días'], 0),\n"
        "    (['event', 'met', 'pycon es', 'ana garcia', '--note', 'necesita abogado'], 0),\n"
        "    (['event', 'add', 'Tech Fest', '--when', 'in 10 days'], 0),\n"
        "    (['event', 'going', 'tech fest', 'Ana García'], 0),\n"
        "    (['event', 'met', 'tech fest', 'Bea'], 2),\n"
        "    (['events'], 0), (['events', '--json'], 0),\n"
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
    assert "Tech Fest has not happened yet." in result.stderr
