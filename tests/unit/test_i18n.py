"""Every string a user sees exists in English and Spanish.

Three nets, each catching what the others miss:
- the catalog: every message marked in the code has a Spanish translation, with the
  same placeholders, and the compiled .mo that runs says the same as the .po;
- the code: a literal written straight into a user-visible place (a notification, a
  label, a key's description, an error, CLI output) without _() fails the test;
- the screens and the CLI in Spanish (tests/ui/test_spanish.py, test_cli_spanish below).
"""

from __future__ import annotations

import ast
import gettext
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from nettui import i18n
from nettui.domain import dates
from tests.cli_in_process import run_nettui

PACKAGE = Path(i18n.__file__).parent
PO_FILE = PACKAGE / "locale" / "es" / "LC_MESSAGES" / "nettui.po"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sr]|%[sr]")


def marked_messages() -> set[tuple[str | tuple[str, str], str | None]]:
    """(message, context): pgettext's messages are looked up with their context."""
    found: set[tuple[str | tuple[str, str], str | None]] = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(PACKAGE), keywords=DEFAULT_KEYWORDS
    ):
        found.add((message if isinstance(message, str) else tuple(message[:2]), context))
    return found


def spanish_catalog():
    with open(PO_FILE, "rb") as file:
        return read_po(file)


def test_every_marked_message_has_a_spanish_translation():
    catalog = spanish_catalog()
    missing = []
    for message_id, context in marked_messages():
        entry = catalog.get(message_id, context=context)
        strings = () if entry is None else entry.string
        strings = (strings,) if isinstance(strings, str) else strings
        if entry is None or entry.fuzzy or not strings or not all(strings):
            missing.append(message_id)
    assert not missing, f"no Spanish for: {missing}"


def test_translations_keep_every_placeholder():
    for entry in spanish_catalog():
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for n, string in enumerate(strings):
            got = set(PLACEHOLDER.findall(string))
            # A singular may say "one" instead of {n} ("every day" / "cada día").
            assert got == wanted or (n == 0 and got <= wanted), (entry.id, string)


def test_no_translation_is_left_over_from_removed_code():
    marked = marked_messages()
    stale = [e.id for e in spanish_catalog() if e.id and (e.id, e.context) not in marked]
    assert not stale, f"in the catalog but no longer in the code: {stale}"


def test_the_compiled_catalog_says_what_the_po_says():
    with open(PO_FILE.with_suffix(".mo"), "rb") as file:
        compiled = gettext.GNUTranslations(file)
    for entry in spanish_catalog():
        if not entry.id:
            continue
        if isinstance(entry.id, tuple):
            assert compiled.ngettext(*entry.id, 1) == entry.string[0]
            assert compiled.ngettext(*entry.id, 5) == entry.string[1]
        elif entry.context:
            assert compiled.pgettext(entry.context, entry.id) == entry.string
        else:
            assert compiled.gettext(entry.id) == entry.string, (
                "run: pybabel compile -d nettui/locale -D nettui"
            )


# -- literals the user would see, not passed through _() ----------------------------------

# Calls whose text arguments reach the user.
SINKS = {
    "notify", "Static", "Label", "Checkbox", "Option", "TabPane", "SystemCommand",
    "FilterBar", "say", "fail", "print", "update",
    "ValidationError", "DateError", "StoreError", "StoreCorrupt", "StoreTooNew",
    "StoreBusy", "StoreWriteError", "NotFound", "Ambiguous", "UsageError",
    "ImportError_", "BackupError", "VCardError", "CsvError", "ArgumentTypeError",
    "Problem",
}  # fmt: skip
# argparse: the names of options are not translated, their help is.
KEYWORDS_ONLY = {"add_parser", "add_argument", "Parser", "ModeBar"}
SINK_KEYWORDS = {"placeholder", "help", "description", "title", "note", "version"}
# Words that are the same in both languages, or names of keys and programs.
SAME_IN_BOTH = re.compile(
    r"^(nettui:?|escape|esc|enter|ctrl\+\w|id|\(escape\)|\(/\)|\(c\)|1h, 90 min, 1:30)$"
)


def _is_user_text(node: ast.AST) -> bool:
    """A literal with words in it (two letters or more), other than the same-in-both."""
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
        return any(_is_user_text(ast.Constant(p)) for p in parts)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value.strip()
        return bool(re.search(r"[A-Za-z]{2}", text)) and not SAME_IN_BOTH.match(text)
    if isinstance(node, ast.BinOp):  # "a" + "b"
        return _is_user_text(node.left) or _is_user_text(node.right)
    if isinstance(node, ast.IfExp):
        return _is_user_text(node.body) or _is_user_text(node.orelse)
    return False


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def untranslated_literals(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name == "Binding":
            texts = node.args[2:3] + [k.value for k in node.keywords if k.arg == "description"]
        elif name in KEYWORDS_ONLY:
            texts = [k.value for k in node.keywords if k.arg in SINK_KEYWORDS]
        elif name in SINKS:
            texts = list(node.args) + [k.value for k in node.keywords if k.arg in SINK_KEYWORDS]
        else:
            texts = [k.value for k in node.keywords if k.arg == "placeholder"]
        found += [f"{path.name}:{t.lineno}" for t in texts if _is_user_text(t)]
    return found


def test_user_visible_text_goes_through_the_catalog():
    # The store's internals and the formats' field names are not said to users.
    skip = {"demo.py", "search_cache.py", "vcard.py", "csv.py", "ics.py", "i18n.py"}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name not in skip:
            found += untranslated_literals(path)
    assert not found, f"user-visible text without _(): {found}"


def test_the_literal_check_catches_what_it_should(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        'app.notify("Saved.")\n'
        'Binding("a", "add", "Add")\n'
        'Input(placeholder=f"name of {who}")\n'
        'raise NotFound("No one.")\n'
        'app.notify(_("Saved."))\n'
        'Binding("a", "add", N_("Add"))\n'
        'say(f"{row} · {other}")\n'
    )
    assert untranslated_literals(sample) == [
        "sample.py:1",
        "sample.py:2",
        "sample.py:3",
        "sample.py:4",
    ]


def test_no_function_hides_the_translation_function():
    """`for _, x in ...` inside a function that calls _() breaks it at run time."""
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            scoped = {
                id(n)
                for inner in ast.walk(function)
                if isinstance(inner, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp)
                for n in ast.walk(inner)
            }
            names = [n for n in ast.walk(function) if isinstance(n, ast.Name) and n.id == "_"]
            stored = [n for n in names if isinstance(n.ctx, ast.Store) and id(n) not in scoped]
            called = any(isinstance(n.ctx, ast.Load) for n in names)
            assert not (stored and called), f"{path.name}:{stored[0].lineno} assigns _"


# -- dates in words --------------------------------------------------------------------------


def test_dates_read_as_each_language_writes_them():
    friday = date(2026, 12, 4)
    assert i18n.day_long(friday) == "Friday, December 4"
    i18n.set_language("es")
    assert i18n.day_long(friday) == "viernes, 4 de diciembre"
    assert i18n.day_short(friday) == "vie, 4 dic 2026"
    now = datetime(2026, 11, 28, 9, 0)
    preview = dates.describe(datetime(2026, 12, 4, 10, 0), now)
    assert preview == "viernes, 4 de diciembre de 2026, 10:00 (dentro de 6 días)"
    assert dates.describe_cadence("FREQ=MONTHLY;INTERVAL=3") == "cada 3 meses"
    # What is shown can be typed back.
    assert dates.parse_cadence(dates.describe_cadence("FREQ=WEEKLY")) == "FREQ=WEEKLY"


def test_a_spanish_error_from_the_domain():
    i18n.set_language("es")
    with pytest.raises(dates.DateError, match="no tiene día 31"):
        dates.parse("31 de febrero de 2027", datetime(2026, 11, 28, 9, 0).astimezone())


# -- the CLI in Spanish ----------------------------------------------------------------------


def run(cli_env: dict[str, str], *args: str, lang: str = "es_ES.UTF-8"):
    env = {**cli_env, "LANG": lang}
    return run_nettui(env, *args)


def test_the_cli_speaks_spanish_with_a_spanish_locale(cli_env):
    result = run(cli_env, "--help")
    assert result.returncode == 0
    assert "uso: nettui" in result.stdout and "opciones:" in result.stdout
    assert "Tu red de contactos en la terminal" in result.stdout
    assert "show this help" not in result.stdout

    result = run(cli_env, "add", "Ana", "--email", "no-es-un-email")
    assert result.returncode == 2
    assert "no es una dirección de email" in result.stderr

    result = run(cli_env, "meet", "Ana", "--when", "algún día")
    assert result.returncode in (1, 2) and "nettui" in result.stderr
    assert "Nadie se llama" in result.stderr or "no entiende la fecha" in result.stderr

    result = run(cli_env, "agenda", "--days", "cero")
    assert result.returncode == 2 and "no es un número entero" in result.stderr
    assert "Consulta `nettui agenda --help`" in result.stderr

    result = run(cli_env, "fly")
    assert result.returncode == 2 and "opción no válida" in result.stderr


def test_lang_flag_and_settings_file_choose_the_language(cli_env, tmp_path):
    # --lang wins over the locale...
    assert "usage: nettui" in run(cli_env, "--lang", "en", "--help").stdout
    assert "uso: nettui" in run(cli_env, "--lang=es", "--help", lang="C.UTF-8").stdout
    # ...and the settings file over the locale.
    config = Path(cli_env["XDG_CONFIG_HOME"]) / "nettui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('language = "es"\n')
    assert "uso: nettui" in run(cli_env, "--help", lang="C.UTF-8").stdout


def test_done_agrees_with_a_need_and_with_a_meetup_in_spanish(cli_env, db_path):
    """One English "done": a need is "hecha" (una necesidad), a meetup "hecho"."""
    from nettui.store.repository import Repository

    assert run(cli_env, "add", "Ana García").returncode == 0
    need_id = run(cli_env, "need", "ana", "Busco fotógrafo").stdout.strip()
    meetup_id = run(cli_env, "meet", "ana", "--when", "mañana 10").stdout.split()[0]
    assert run(cli_env, "done", meetup_id).returncode == 0
    with Repository(db_path) as repo:
        need = repo.need_offer(need_id)
        need.status = "done"
        repo.update_need_offer(need)
    shown = run(cli_env, "show", "ana").stdout
    assert "[hecha] Busco fotógrafo" in shown
    assert "hecho" in next(line for line in shown.splitlines() if "Café con Ana" in line)
