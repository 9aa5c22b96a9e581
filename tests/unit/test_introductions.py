"""Acting on a match: introductions, interaction history, closing a need."""

from __future__ import annotations

from nettui.domain.models import ME, NeedOffer, Person
from nettui.store.repository import Repository


def setup(repo: Repository) -> tuple[Person, Person, NeedOffer, NeedOffer]:
    ana = repo.add_person(Person(name="Ana García"))
    inigo = repo.add_person(Person(name="Íñigo Peña"))
    need = repo.add_need_offer(
        NeedOffer(person_id=ana.id, kind="need", text="Busco fotógrafo para mi boda")
    )
    offer = repo.add_need_offer(
        NeedOffer(person_id=inigo.id, kind="offer", text="Ofrezco fotografía de bodas")
    )
    return ana, inigo, need, offer


def test_introducing_two_people_is_recorded_on_both_pages(repo, db_path):
    ana, inigo, need, offer = setup(repo)
    [match] = repo.matches()
    assert (match.need.id, match.offer.id) == (need.id, offer.id)
    repo.act_on_match(need.id, offer.id, "introduced")
    with Repository(db_path) as fresh:
        [intro] = fresh.introductions()
        assert (intro.need_id, intro.offer_id, intro.status) == (need.id, offer.id, "introduced")
        ana_history = [i.summary for i in fresh.interactions_of(ana.id)]
        inigo_history = [i.summary for i in fresh.interactions_of(inigo.id)]
        assert ana_history == ["Introduced to Íñigo Peña, who offers: Ofrezco fotografía de bodas"]
        assert inigo_history == [
            "Introduced to Ana García, who needs: Busco fotógrafo para mi boda"
        ]
        assert fresh.person(ana.id).last_contact is not None
        assert [i for i, _, _ in fresh.introductions_of(ana.id)] == [intro]
        assert [i for i, _, _ in fresh.introductions_of(inigo.id)] == [intro]


def test_marking_the_need_done_closes_it(repo):
    _, _, need, offer = setup(repo)
    repo.act_on_match(need.id, offer.id, "helped")
    need.status = "done"
    repo.update_need_offer(need)
    assert repo.matches() == []
    assert repo.need_offer(need.id).status == "done"


def test_dismissing_hides_the_pair_for_good(repo, db_path):
    _, _, need, offer = setup(repo)
    repo.act_on_match(need.id, offer.id, "dismissed")
    assert repo.matches() == []
    with Repository(db_path) as fresh:  # also in a new session
        assert fresh.matches() == []
        assert fresh.interactions_of(need.person_id) == []  # dismissing logs nothing


def test_my_offer_and_my_need(repo):
    ana, inigo, need, offer = setup(repo)
    mine = repo.add_need_offer(NeedOffer(person_id=ME, kind="offer", text="Fotografía gratis"))
    repo.act_on_match(need.id, mine.id, "introduced")
    assert repo.interactions_of(ana.id)[0].summary == (
        "I offered help with: Busco fotógrafo para mi boda"
    )
    my_need = repo.add_need_offer(NeedOffer(person_id=ME, kind="need", text="Busco fotógrafa"))
    repo.act_on_match(my_need.id, offer.id, "introduced")
    assert repo.interactions_of(inigo.id)[0].summary == "I asked for help with: Busco fotógrafa"


def test_matches_follow_changes_from_another_session(repo, db_path):
    _, inigo, _need, _ = setup(repo)
    assert len(repo.matches()) == 1
    with Repository(db_path) as other:
        other.add_need_offer(
            NeedOffer(person_id=inigo.id, kind="offer", text="Fotógrafo de retratos")
        )
    assert len(repo.matches()) == 2
