"""Run the `nettui` command inside the test process, as a unit test may.

`run_nettui(env, *args)` answers like `subprocess.run([*NETTUI, *args], env=env,
capture_output=True, text=True)`: the same exit code, stdout and stderr, without the
cost of starting Python and importing nettui for each command. The environment is the
one the process would have had, for the length of the call; stdin and stdout are not a
terminal, as with a pipe. Tests that need a real process (a pty, two writers, what a
fresh interpreter imports) live in tests/e2e.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from unittest import mock


@dataclass
class Result:
    """What `subprocess.run(..., capture_output=True, text=True)` would have given."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def _pipe() -> io.TextIOWrapper:
    # UTF-8 whatever the locale, as `text=True` decodes the child's bytes under C.UTF-8.
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="replace", write_through=True)


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    raw = stream.buffer
    assert isinstance(raw, io.BytesIO)
    return raw.getvalue().decode("utf-8", errors="replace")


def run_nettui(env: Mapping[str, str], *args: str) -> Result:
    """`nettui ARGS` with environment `env`, in this process."""
    from nettui.cli import main
    from nettui.i18n import current_language, set_language

    # A pipe has no width, so argparse wraps its help at 80 columns unless COLUMNS says.
    environment = {"COLUMNS": "80", **env}
    stdout, stderr = _pipe(), _pipe()
    language = current_language()
    with (
        # The command sets the language and points argparse's words at nettui's
        # catalog for its own process: both are put back when it is done.
        mock.patch.object(argparse, "_", argparse._),
        mock.patch.object(argparse, "ngettext", argparse.ngettext),
        mock.patch.dict(os.environ, environment, clear=True),
        mock.patch.object(sys, "stdin", io.StringIO("")),
        mock.patch.object(sys, "stdout", stdout),
        mock.patch.object(sys, "stderr", stderr),
    ):
        try:
            code = main(list(args))
        except SystemExit as done:  # argparse's --help, --version and usage errors
            if done.code is None or isinstance(done.code, int):
                code = done.code or 0
            else:  # sys.exit("message"), as the interpreter reports it
                print(done.code, file=sys.stderr)
                code = 1
        finally:
            set_language(language)
    return Result(list(args), code, _text(stdout), _text(stderr))
