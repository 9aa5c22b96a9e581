"""Matching quality on a labelled set, and the behaviour a user relies on."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nettui.demo import synthetic_needs_offers
from nettui.domain.matching import (
    KIND_INTRODUCE,
    KIND_THEY_CAN_HELP,
    KIND_YOU_CAN_HELP,
    MATCHES_PER_ITEM,
    MIN_SCORE,
    Matcher,
    stems,
    strength_of,
    terms_of,
)
from nettui.domain.models import ME, NeedOffer
from nettui.domain.text import fold
from tests.data import matching_dense_legal as dense
from tests.data.matching_labelled import NEEDS, OFFERS, UNRELATED


def need(text: str, person: str = "ana", tags: list[str] | None = None) -> NeedOffer:
    return NeedOffer(person_id=person, kind="need", text=text, tags=tags or [])


def offer(text: str, person: str = "bea", tags: list[str] | None = None) -> NeedOffer:
    return NeedOffer(person_id=person, kind="offer", text=text, tags=tags or [])


def test_words_of_one_family_meet():
    def share(a: str, b: str) -> bool:
        return bool(set(stems(fold(a))) & set(stems(fold(b))))

    assert share("fotógrafo", "fotografía") and share("fotografía", "fotografías")
    assert share("photographer", "photography")
    assert share("diseñadora", "diseño")


def test_stop_words_and_frame_words_are_dropped():
    assert set(terms_of("Busco a alguien para el proyecto").values()) == {"proyecto"}
    assert terms_of("Looking for someone who can help") == {}


def test_a_spanish_need_meets_an_english_offer():
    matcher = Matcher([need("Busco abogada"), offer("Experienced lawyer here")])
    [match] = matcher.matches()
    assert "lawyer" in match.why


def test_labelled_set_ranks_the_right_offer_first():
    offers = {
        key: offer(text, person=f"o-{key}", tags=tags) for key, (text, tags) in OFFERS.items()
    }
    needs = [
        (need(text, person=f"n{i}", tags=tags), key) for i, (text, tags, key) in enumerate(NEEDS)
    ]
    matcher = Matcher([*offers.values(), *(n for n, _ in needs)])
    all_matches = matcher.matches()
    first = top3 = 0
    misses = []
    for item, key in needs:
        ranked = [m.offer.id for m in all_matches if m.need.id == item.id]
        right = offers[key].id
        first += bool(ranked[:1] == [right])
        top3 += right in ranked[:3]
        if ranked[:1] != [right]:
            misses.append(item.text)
    assert len(NEEDS) == 32 and len(OFFERS) >= 30
    # What the README says: first for 31 of the 32 needs, in the top 3 for all.
    assert first >= 31, misses
    assert top3 == len(needs), misses


def _dense_network() -> tuple[dict[str, NeedOffer], list[tuple[NeedOffer, str | None]]]:
    offers = {
        key: offer(text, person=f"o-{key}", tags=tags) for key, (text, tags) in dense.OFFERS.items()
    }
    needs = [
        (need(text, person=f"n{i}", tags=tags), key)
        for i, (text, tags, key) in enumerate(dense.NEEDS)
    ]
    return offers, needs


def test_one_popular_topic_shows_the_right_specialist():
    """Every need is about the law: "lawyer" is in most items, and it must still count.
    The right specialist is in the top 3 for all but one need, and a need that shares
    only the popular concept ("Necesito un abogado") is shown a lawyer first."""
    offers, needs = _dense_network()
    key_of = {item.id: key for key, item in offers.items()}
    all_matches = Matcher([*offers.values(), *(n for n, _ in needs)]).matches()
    specialists = [(n, key) for n, key in needs if key is not None]
    generic = [n for n, key in needs if key is None]
    assert len(specialists) >= 20 and len(generic) >= 3
    assert len({key for _, key in specialists}) >= 10  # distinct specialities
    missed = []
    for item, key in specialists:
        ranked = [key_of[m.offer.id] for m in all_matches if m.need.id == item.id]
        if key not in ranked[:3]:
            missed.append((item.text, ranked))
    assert len(missed) <= 1, missed
    for item in generic:
        ranked = [key_of[m.offer.id] for m in all_matches if m.need.id == item.id]
        assert ranked and ranked[0] in dense.LAWYERS, (item.text, ranked)


def test_a_popular_concept_alone_still_matches_in_a_dense_network():
    """A third of the items are English attorneys and solicitors, and the needs for them:
    "Necesito un abogado" shares nothing with them but that popular concept, and is
    shown lawyers all the same (a term in more than a fifth of the items was skipped)."""
    import random

    rng = random.Random(7)
    people = [f"p{n}" for n in range(200)]
    specialities = ["employment", "family", "tenancy", "tax", "trademark", "criminal"]
    items = synthetic_needs_offers(people, 400)
    for n in range(200):
        speciality, who = rng.choice(specialities), rng.choice(people)
        if n % 2:
            items.append(offer(f"{rng.choice(['Attorney', 'Solicitor'])}: {speciality}", who))
        else:
            items.append(need(f"Need a {speciality} solicitor", who))
    generic = need("Necesito un abogado")
    shown = [m for m in Matcher([*items, generic]).matches() if m.need.id == generic.id]
    assert len(shown) == MATCHES_PER_ITEM
    assert all(m.why == ["lawyer"] for m in shown), [m.offer.text for m in shown]


def _shares_a_term(a: NeedOffer, b: NeedOffer) -> bool:
    def terms(item: NeedOffer) -> set[str]:
        found = set(terms_of(item.text))
        for tag in item.tags:
            found |= set(terms_of(tag))
        return found

    return bool(terms(a) & terms(b))


def _lost_without_a_better_one(
    before: Matcher, after: Matcher, changed: NeedOffer
) -> list[tuple[str, str]]:
    """Pairs matched before and not after, other than those involving `changed`, that
    no better match of the same need pushed out of its top MATCHES_PER_ITEM (nor, for a
    pair sharing a term with `changed`, a hair's drift under MIN_SCORE)."""
    now = {(m.need.id, m.offer.id): m.score for m in after.matches()}
    lost = []
    for m in before.matches():
        pair = (m.need.id, m.offer.id)
        if pair in now or changed.id in pair:
            continue
        theirs = sorted((s for (n, _o), s in now.items() if n == m.need.id), reverse=True)
        score = after.score(*pair)  # it may have moved a little if it shares a term
        # (a tie for the fifth place, as shown to 3 decimals, may go either way)
        fifth = theirs[MATCHES_PER_ITEM - 1] if len(theirs) >= MATCHES_PER_ITEM else 0.0
        displaced = fifth >= round(score, 3)
        # A pair that shares a term with the changed item moves a little with that
        # term's weight: one at the threshold may fall under it, never a real match.
        related = _shares_a_term(changed, m.need) or _shares_a_term(changed, m.offer)
        at_the_edge = related and m.score < MIN_SCORE * 1.25 and score < MIN_SCORE
        if not (displaced or at_the_edge):
            lost.append((m.need.text, m.offer.text))
    return lost


@pytest.mark.parametrize("topic_share", [0.0, 0.3])
def test_one_more_item_takes_no_match_away_from_an_unrelated_pair(topic_share):
    """Adding or removing one need or offer (a full rebuild each time, as the next start
    makes) never takes a match away, except by displacing it from a need's top 5 with
    a better one. Before, one more "abogada" need made every legal match vanish."""
    offers, needs = _dense_network()
    people = [f"p{n}" for n in range(120)]
    items = [*offers.values(), *(n for n, _ in needs), *labelled_items()]
    items += synthetic_needs_offers(people, 400, seed=5, topic_share=topic_share)
    base = Matcher(items)
    assert len(base.matches()) > 300
    extra = [
        need("Busco abogada en Madrid", person="zoe", tags=["legal"]),
        need("Necesito un abogado laboralista", person="zoe"),
        offer("I am an employment lawyer", person="zoe"),
        offer("Abogado de familia y herencias", person="zoe", tags=["legal"]),
        need("Busco fotógrafo para una boda", person="zoe"),
        offer("Diseño de interfaces en Figma", person="zoe"),
    ]
    for added in extra:
        grown = Matcher([*items, added])
        assert _lost_without_a_better_one(base, grown, added) == [], added.text
        assert any(added.id in (m.need.id, m.offer.id) for m in grown.matches()), added.text
    for removed in [items[0], items[len(offers)], items[-1], items[-2]]:
        shrunk = Matcher([item for item in items if item is not removed])
        assert _lost_without_a_better_one(base, shrunk, removed) == [], removed.text


def labelled_items() -> list[NeedOffer]:
    """The labelled set of many topics, as needs and offers of people of their own."""
    found = [need(text, person=f"l{i}", tags=tags) for i, (text, tags, _) in enumerate(NEEDS)]
    found += [offer(text, person=f"lo-{key}", tags=tags) for key, (text, tags) in OFFERS.items()]
    return found


def test_strength_is_said_in_words():
    assert strength_of(0.9) == "strong"
    assert strength_of(0.3) == "good"
    assert strength_of(0.13) == "possible"
    offers, needs = _dense_network()
    matches = Matcher([*offers.values(), *(n for n, _ in needs)]).matches()
    seen = {strength_of(m.score) for m in matches}
    assert seen == {"strong", "good", "possible"}  # the three words are all in use


@pytest.mark.parametrize(("need_text", "offer_text"), UNRELATED)
def test_unrelated_pairs_score_low(need_text, offer_text):
    matcher = Matcher([need(need_text), offer(offer_text)])
    assert matcher.matches() == []  # below MIN_SCORE


def test_tags_weigh_more_than_words():
    base = need("Busco ayuda con mi web", tags=["diseño"])
    tagged = offer("Hago webs", tags=["diseño"], person="bea")
    untagged = offer("Hago webs y diseño", person="cris")
    ranked = [m.offer.id for m in Matcher([base, tagged, untagged]).matches()]
    assert ranked[0] == tagged.id
    assert "#diseño" in Matcher([base, tagged]).matches()[0].why


def test_three_kinds_and_never_a_person_with_themselves():
    items = [
        need("Necesito fotógrafo", person="ana"),
        offer("Ofrezco fotografía", person=ME),
        need("Busco fotógrafa", person=ME),
        offer("Fotografía de eventos", person="bea"),
        offer("Fotografía de producto", person="ana"),  # Ana's own offer: never for Ana
    ]
    kinds = {(m.need.person_id, m.offer.person_id): m.kind for m in Matcher(items).matches()}
    assert kinds[("ana", ME)] == KIND_YOU_CAN_HELP
    assert kinds[(ME, "bea")] == KIND_THEY_CAN_HELP
    assert kinds[("ana", "bea")] == KIND_INTRODUCE
    assert ("ana", "ana") not in kinds and (ME, ME) not in kinds


def test_closed_items_and_dismissed_pairs_do_not_match():
    wanted = need("Necesito fotógrafo")
    done = offer("Ofrezco fotografía")
    done.status = "done"
    assert Matcher([wanted, done]).matches() == []
    live = offer("Ofrezco fotografía")
    matcher = Matcher([wanted, live], dismissed=[(wanted.id, live.id)])
    assert matcher.matches() == []


def test_incremental_updates_agree_with_a_rebuild():
    items = [need("Busco abogada laboralista"), offer("Diseño web", person="cris")]
    matcher = Matcher(items)
    added = offer("Abogada laboralista, consulta gratis", person="bea")
    matcher.put(added)
    assert [m.offer.id for m in matcher.matches()] == [added.id]
    another = need("Need a web designer", person="dani")
    matcher.put(another)
    rebuilt = Matcher([*items, added, another])
    assert {(m.need.id, m.offer.id) for m in matcher.matches()} == {
        (m.need.id, m.offer.id) for m in rebuilt.matches()
    }
    matcher.remove(added.id)
    assert all(m.offer.id != added.id for m in matcher.matches())


def test_my_offers_matches_are_the_you_can_help_matches_in_the_same_order():
    items = [
        need("Necesito fotógrafo para la boda", person="ana"),
        need("Busco fotógrafa de producto", person="bea"),
        need("Need a wedding photographer", person="cris"),
        offer("Ofrezco fotografía de bodas", person=ME),
        offer("Fotografía de producto y catálogos", person=ME),
        offer("Fotografía de eventos", person="dani"),
    ]
    matcher = Matcher(items)
    before = {(m.need.id, m.offer.id) for m in matcher.matches()}  # ranked, then kept
    assert (items[1].id, items[4].id) in before
    matcher.dismiss(items[1].id, items[4].id)  # dismissed pairs stay out here too
    assert (items[1].id, items[4].id) not in {(m.need.id, m.offer.id) for m in matcher.matches()}
    mine = [(m.need.id, m.offer.id, m.score) for m in matcher.matches_of_offers_by(ME)]
    everything = [
        (m.need.id, m.offer.id, m.score) for m in matcher.matches() if m.kind == KIND_YOU_CAN_HELP
    ]
    assert mine == everything and len(mine) >= 2
    assert (items[1].id, items[4].id) not in {(n, o) for n, o, _s in mine}


def test_every_need_scored_in_blocks_gets_what_scoring_it_alone_gives(monkeypatch):
    """All needs are scored together, a few at a time against every offer; each one's
    best offers and their scores are the ones it gets when scored on its own."""
    import random

    from nettui.domain import matching

    rng = random.Random(3)
    words = "abogada laboralista diseño web fotógrafo boda inversión ronda seed contable "
    words += "impuestos marketing redes traductora inglés profesora python datos"
    vocabulary = words.split()
    people = [f"p{n}" for n in range(12)]

    def text() -> str:
        return " ".join(rng.sample(vocabulary, rng.randint(2, 5)))

    items = [need(text(), person=rng.choice(people)) for _ in range(60)]
    items += [offer(text(), person=rng.choice(people)) for _ in range(60)]
    monkeypatch.setattr(matching, "BLOCK_CELLS", 7 * 60)  # blocks of 7 needs
    matcher = Matcher(items)
    assert len(matcher._best) > 30
    for item in items[:60]:
        row = matcher._row_items.index(item)
        start, end = matcher._pointers[row], matcher._pointers[row + 1]
        terms, weights = matcher._terms[start:end], matcher._weights[start:end]
        weights = dict(zip(terms.tolist(), weights.tolist(), strict=True))
        alone = matcher._score_against(item, weights)  # this need against every offer
        assert matcher._best.get(item.id, {}) == pytest.approx(alone, abs=1e-3), item.text
    offered = {m.offer.id for m in matcher.matches()}
    closed = next(item for item in items[60:] if item.id in offered)  # there at the start
    matcher.put(replace(closed, status="done"))
    assert closed.id not in {m.offer.id for m in matcher.matches()}
    assert matcher._open.tolist().count(False) == 1
