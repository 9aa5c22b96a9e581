"""Property-based checks: whatever is typed, the parsers answer or explain, never crash.

The long run (issue 7) raises the example counts; these keep a regression guard in
every test run.
"""

from __future__ import annotations

from datetime import datetime

from dateutil import tz
from hypothesis import given, settings
from hypothesis import strategies as st

from nettui.domain.dates import DateError, parse, parse_cadence, parse_day, parse_duration
from nettui.domain.matching import Matcher, terms_of
from nettui.domain.models import NeedOffer
from nettui.domain.search import PersonIndex, build_entries

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


@settings(max_examples=400, deadline=None)
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


@settings(max_examples=150, deadline=None)
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


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), st.text(max_size=20))
def test_search_takes_any_query(name, query):
    people = [{"id": "p1", "name": name, "handles": [], "emails": [], "phones": ["+34 600"]}]
    index = PersonIndex(build_entries(people))
    assert set(index.search(query)) <= {"p1"}
