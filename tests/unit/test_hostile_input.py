"""Property-based checks: whatever is typed or imported, nettui answers or explains in
a sentence; it never crashes and never shows a traceback.

Targets: the date parsers, matching, search queries, the three importers (vCard, CSV,
JSON backups) and the command line. The example count comes from the hypothesis
profile: "quick" (150 each) in every test run, "soak" (2,000 each) in bench/soak.py
(NETTUI_HYPOTHESIS=soak); see tests/conftest.py.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from datetime import datetime
from unittest import mock

from dateutil import tz
from hypothesis import example, given
from hypothesis import strategies as st

from nettui.cli import main
from nettui.domain import json_codec
from nettui.domain.dates import DateError, parse, parse_cadence, parse_day, parse_duration
from nettui.domain.matching import Matcher, terms_of
from nettui.domain.models import NeedOffer, Person
from nettui.domain.search import PersonIndex, build_entries
from nettui.io import jsonio
from nettui.io.csv import CsvError, read_csv
from nettui.io.vcard import read_vcards

NOW = datetime(2026, 11, 27, 15, tzinfo=tz.gettz("Europe/Madrid"))
WORDS = st.sampled_from(
    [
        "el",
        "viernes",
        "a",
        "las",
        "10",
        "10:30",
        "mañana",
        "next",
        "friday",
        "in",
        "3",
        "days",
        "de",
        "diciembre",
        "3/12",
        "2026-02-30",
        "pm",
        "am",
        "18h",
        "noon",
        "hace",
        "en",
        "semanas",
        "31",
        "febrero",
        "29",
        "feb",
        "99",
        "0",
        "-1",
        "2027-03-28",
        "02:30",
        "every",
        "cada",
        "meses",
        "ayer",
    ]
)
TEXT = st.one_of(st.text(max_size=40), st.lists(WORDS, max_size=6).map(" ".join))


@given(TEXT, st.sampled_from(["en", "es"]))
def test_date_parsers_answer_or_explain(text, lang):
    for attempt in (
        lambda: parse(text, NOW, lang),
        lambda: parse_day(text, NOW.date()),
        lambda: parse_cadence(text),
        lambda: parse_duration(text),
    ):
        try:
            attempt()
        except DateError as error:
            assert str(error)  # a message, never an empty error


@given(st.text(max_size=60), st.text(max_size=60))
def test_matching_takes_any_text(need_text, offer_text):
    terms_of(need_text)
    items = [
        NeedOffer(person_id=person, kind=kind, text=text)
        for text, kind, person in ((need_text, "need", "a"), (offer_text, "offer", "b"))
        if text.strip()
    ]
    for match in Matcher(items).matches():
        assert 0 < match.score <= 1.0001 and isinstance(match.why, list)


@given(st.text(max_size=30), st.text(max_size=20))
def test_search_takes_any_query(name, query):
    people = [{"id": "p1", "name": name, "handles": [], "emails": [], "phones": ["+34 600"]}]
    index = PersonIndex(build_entries(people))
    assert set(index.search(query)) <= {"p1"}


# -- importers -------------------------------------------------------------------------------

VCARD_LINES = st.sampled_from(
    [
        "BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "VERSION:3.0", "VERSION:4.0",
        "FN:Ana García", "N:García;Ana;;;", "N:;;;;", "EMAIL;TYPE=internet:ana@example.org",
        "EMAIL:not an email", "TEL:+34 600", "TEL:1", "ORG:Acme;Legal", "TITLE:Abogada",
        "ADR;TYPE=home:;;Calle 1;Sevilla;;41001;España", "BDAY:2026-02-30", "NOTE:línea\\nmás",
        "CATEGORIES:a,b", "PHOTO;ENCODING=b;TYPE=JPEG:////", "item1.X-ABLABEL:x",
        "X-SOCIALPROFILE;TYPE=twitter:@ana", "URL:https://linkedin.com/in/ana",
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9=", " folded continuation",
        "UID:urn:uuid:1234", "X-NETTUI-GOALS:a;b", "X-NETTUI-CADENCE:FREQ=SOMETIMES", ":", ";;;",
    ]
)  # fmt: skip
VCARD_FILES = st.one_of(
    st.binary(max_size=400),
    st.lists(st.one_of(VCARD_LINES, st.text(max_size=30)), max_size=25).map(
        lambda lines: "\r\n".join(lines).encode("utf-8", "surrogatepass")
    ),
)


@given(VCARD_FILES)
def test_the_vcard_reader_reads_or_names_the_line(blob):
    cards, errors = read_vcards(blob)
    assert all(isinstance(card.person, Person) for card in cards)
    assert all(error.startswith("line ") for error in errors)


CSV_HEADERS = st.sampled_from(
    [
        "First Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Labels,Notes",
        "Given Name,Family Name,E-mail 1 - Value,Group Membership",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
        "First Name,Last Name,E-mail Address,Company,Job Title,Birthday",
        "Name,Email",
        "nothing,useful",
        "",
    ]
)
CSV_FILES = st.one_of(
    st.binary(max_size=300),
    st.tuples(
        CSV_HEADERS,
        st.lists(st.lists(st.text(max_size=15), max_size=8).map(",".join), max_size=8),
        st.sampled_from(["\n", "\r\n", ";"]),
    ).map(lambda t: t[2].join([t[0], *t[1]]).encode("utf-8", "surrogatepass")),
)


@given(CSV_FILES)
def test_the_csv_reader_reads_or_explains(blob):
    try:
        rows, errors, layout = read_csv(blob)
    except CsvError as error:
        assert str(error)
        return
    assert all(isinstance(row.person, Person) for row in rows)
    assert all(error.startswith("line ") for error in errors) and layout


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)  # what JSON parsers take
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
RECORD_KEYS = st.sampled_from(
    ["id", "name", "emails", "handles", "person_id", "kind", "text", "status", "start", "end",
     "people", "at", "channel", "in_person", "summary", "met_in_person", "tags", "title"]
)  # fmt: skip
BACKUPS = st.one_of(
    st.binary(max_size=200),
    JSON_VALUES.map(lambda value: json_codec.encode(value)),
    st.dictionaries(
        st.sampled_from(["people", "needs_offers", "meetups", "interactions", "events", "x"]),
        st.one_of(JSON_VALUES, st.lists(st.dictionaries(RECORD_KEYS, JSON_VALUES, max_size=6))),
        max_size=4,
    ).map(
        lambda tables: json_codec.encode(
            {"format": "nettui-backup", "version": 1, "tables": tables}
        )
    ),
)


@given(BACKUPS)
def test_the_backup_reader_restores_or_explains(blob):
    try:
        restore = jsonio.read(blob, "backup.json", {})
    except jsonio.BackupError as error:
        assert str(error).startswith("backup.json")
        return
    assert all(isinstance(problem, str) and problem for problem in restore.problems)


# -- the command line ------------------------------------------------------------------------

COMMANDS = st.sampled_from(
    ["add", "find", "show", "log", "need", "offer", "matches", "meet", "done", "agenda",
     "export", "import", "mutt-query", "doctor", "intro"]
)  # fmt: skip
TOKENS = st.one_of(
    st.sampled_from(
        ["--json", "--role", "--email", "--phone", "--handle", "--tag", "--met", "--when",
         "--channel", "--in-person", "--limit", "--place", "--duration", "--title", "--kind",
         "--notes", "--photo", "--need", "--offer", "--next", "--days", "--format", "--dry-run",
         "--restore", "--lang", "es", "en", "me", "vcf", "csv", "json", "ics", "0", "-1", "3",
         "mañana 10:00", "ayer", "twitter:@ana", "a@b.c", "", "--", "-"]
    ),
    st.text(max_size=20),
)  # fmt: skip


@given(COMMANDS, st.lists(TOKENS, max_size=6))
@example("import", ["\x00"])  # a NUL in a file name, found by Hypothesis
def test_the_command_line_answers_every_argument_list(command, tokens):
    """Whatever the arguments: exit 0, 1 or 2 with at most a sentence; never a crash
    (which would leave a crash log) and never a traceback."""
    with tempfile.TemporaryDirectory() as folder:
        argv = ["--db", f"{folder}/nettui.json", command, *tokens]
        state = f"{folder}/state"
        out, err = io.StringIO(), io.StringIO()
        with (
            mock.patch.dict(os.environ, {"XDG_STATE_HOME": state, "XDG_CONFIG_HOME": folder}),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            try:
                code = main(argv)
            except SystemExit as exit_:  # argparse: --help, or a usage error
                code = exit_.code
        assert code in (0, 1, 2), (argv, err.getvalue())
        assert "Traceback" not in err.getvalue() + out.getvalue()
        assert not os.path.exists(f"{state}/nettui/crash.log"), (argv, err.getvalue())
