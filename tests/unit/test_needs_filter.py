"""The Needs & offers filter finds what a plain search of every text finds, whatever
order the words are typed, narrowed and widened in."""

from __future__ import annotations

import random

from nettui.domain.matching import KIND_INTRODUCE, KIND_THEY_CAN_HELP, KIND_YOU_CAN_HELP, Match
from nettui.domain.models import ME, NeedOffer
from nettui.domain.needs_filter import NeedsFilter

KINDS = (KIND_YOU_CAN_HELP, KIND_THEY_CAN_HELP, KIND_INTRODUCE)
SYLLABLES = ("ba", "ce", "di", "lo", "mu", "na", "ra")


def test_the_filter_finds_what_a_search_of_every_text_finds():
    rng = random.Random(20)
    owners = [ME, "ana", "bea", "cris"]
    items = []
    for n in range(300):
        text = " ".join(
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))
            for _ in range(rng.randint(1, 4))
        )
        items.append(
            NeedOffer(
                person_id=rng.choice(owners),
                kind="need" if n % 2 else "offer",
                text=text,
                status=rng.choice(["open", "open", "done"]),
            )
        )
    needs = [i for i in items if i.kind == "need"]
    offers = [i for i in items if i.kind == "offer"]
    matches = [
        Match(need, offer, rng.random(), None)  # type: ignore[arg-type]
        for need in needs
        for offer in rng.sample(offers, 3)
        if need.person_id != offer.person_id
    ]
    found = NeedsFilter(items, lambda item: item.person_id + " " + item.text, lambda p: p)
    found.set_matches(matches)

    def text(item: NeedOffer) -> str:
        return item.person_id + " " + item.text

    queries = ["b", "ba", "bac", "ba", "a", "an", "ana", "ana ba", "ana bace", "lo na", "", "x"]
    queries += ["".join(rng.choice("abcdilmnor ") for _ in range(rng.randint(1, 5)))]
    for query in queries:
        words = query.split()
        for kind in ("need", "offer"):
            got = found.items_of(kind, words, 10_000)
            want = [i for i in items if i.kind == kind and all(w in text(i) for w in words)]
            assert sorted(id(i) for i in got.shown) == sorted(id(i) for i in want), query
            assert got.count == len(want)
            assert got.open_count == sum(1 for i in want if i.status == "open")
            # Open ones first.
            statuses = [i.status for i in got.shown]
            assert statuses == sorted(statuses, key=lambda s: s != "open")
        by_kind = found.matches_of(words, KINDS, 5)
        for kind in KINDS:
            want = [
                m
                for m in matches
                if m.kind == kind and all(w in text(m.need) or w in text(m.offer) for w in words)
            ]
            assert by_kind[kind].shown == want[:5], query  # best first, as given
            assert by_kind[kind].count == len(want)


def test_a_typed_word_finds_the_items_that_speak_of_its_concept():
    """ "/abogado" found nothing: no text holds "abogado" as typed ("Busco abogada",
    "I am a lawyer"). A word finds what its concept is about, in either language, as
    each text holds the names of its own concepts; "dis" then "diseño" still narrows
    right, though "dis" is no concept and "UX designer" does not hold it."""
    from nettui.domain.matching import concepts_of
    from nettui.domain.text import fold

    items = [
        NeedOffer(person_id="ana", kind="need", text="Busco abogada laboralista"),
        NeedOffer(person_id="bea", kind="offer", text="I am an employment lawyer"),
        NeedOffer(person_id="cris", kind="offer", text="UX designer, Figma"),
        NeedOffer(person_id="dani", kind="offer", text="Clases de inglés"),
    ]

    def haystack(item: NeedOffer) -> str:
        return fold(" ".join([item.person_id, item.text, *concepts_of(item.text)]))

    found = NeedsFilter(items, haystack, lambda p: p)

    def texts(*words: str) -> set[str]:
        return {i.text for kind in ("need", "offer") for i in found.items_of(kind, words, 10).shown}

    lawyers = {"Busco abogada laboralista", "I am an employment lawyer"}
    assert texts("abogado") == lawyers
    assert texts("abog") == lawyers
    assert texts("lawyer") == lawyers
    assert texts("dis") == set()
    assert texts("diseño") == {"UX designer, Figma"}
    assert texts("ingles") == {"Clases de inglés"}
