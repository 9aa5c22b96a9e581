"""Rules of the house that no linter checks: small rooms, few and explained ignores."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "nettui"
MAX_LINES = 500
MAX_TYPE_IGNORES = 15
# `# type: ignore[code]  # why`: the error code silenced, and a reason after it.
EXPLAINED_IGNORE = re.compile(r"# type: ignore\[[a-z-]+(, [a-z-]+)*\]\s+#\s*\S")


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_over_500_lines() -> None:
    too_long = {
        str(path.relative_to(PACKAGE.parent)): n
        for path in _sources()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not too_long, f"split these modules along a real seam: {too_long}"


def test_type_ignores_are_few_and_explained() -> None:
    ignores = [
        (f"{path.relative_to(PACKAGE.parent)}:{number}", line.strip())
        for path in _sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "# type: ignore" in line
    ]
    unexplained = [where for where, line in ignores if not EXPLAINED_IGNORE.search(line)]
    assert not unexplained, f"each ignore names its error code and says why: {unexplained}"
    assert len(ignores) <= MAX_TYPE_IGNORES, f"{len(ignores)} type: ignore: {ignores}"
