from datetime import datetime, timedelta

import pytest

from nettui.domain.models import Handle, Interaction, NeedOffer, Person
from nettui.store.errors import Ambiguous, NotFound
from nettui.store.repository import Repository


def names(people):
    return [p.display_name for p in people]


@pytest.fixture
def people(repo):
    repo.add_person(Person(name="José Núñez", role="Abogado", company="Ortega"))
    repo.add_person(Person(name="Josefina Díaz", tags=["sevilla"]))
    repo.add_person(
        Person(name="Ana García", notes="Works with José on the book", phones=["+34 600 11 22 33"])
    )
    repo.add_person(Person(name="Ursula K", handles=[Handle(network="github", value="@jose_dev")]))
    repo.add_person(Person(name="Íñigo Peña", emails=["inigo@example.org"], role="Fotógrafo"))
    return repo


def test_accents_and_case_do_not_matter(people):
    assert names(people.search("jose"))[0] == "José Núñez"
    assert names(people.search("NUÑEZ")) == names(people.search("nunez")) == ["José Núñez"]
    assert names(people.search("inigo pena")) == ["Íñigo Peña"]
    assert names(people.search("FOTOGRAFO")) == ["Íñigo Peña"]


def test_best_matches_first(people):
    # name start, then a handle, then a word in the notes
    assert names(people.search("jose")) == [
        "José Núñez",
        "Josefina Díaz",
        "Ursula K",
        "Ana García",
    ]


def test_search_looks_everywhere_a_person_would(people):
    assert names(people.search("ortega")) == ["José Núñez"]
    assert names(people.search("sevilla")) == ["Josefina Díaz"]
    assert names(people.search("inigo@example")) == ["Íñigo Peña"]
    assert names(people.search("600112233")) == ["Ana García"]
    assert names(people.search("book")) == ["Ana García"]
    assert names(people.search("zzz")) == []
    assert len(people.search("")) == 5


def test_every_word_must_match(people):
    assert names(people.search("jose abogado")) == ["José Núñez"]
    assert names(people.search("jose fotografo")) == []


def test_filter_as_you_type_stays_correct(people):
    for typed in ("j", "jo", "jos", "jose", "jose n", "jose nu"):
        hits = names(people.search(typed))
    assert hits == ["José Núñez"]
    assert names(people.search("a")) != []  # back to a shorter query


def test_update_and_index_follow(people):
    ana = people.search("ana")[0]
    ana.name = "Ana Belén García"
    people.update_person(ana)
    assert names(people.search("belen")) == ["Ana Belén García"]
    assert people.person(ana.id).name == "Ana Belén García"


def test_delete_and_undo_bring_everything_back(people, db_path):
    jose = people.search("nunez")[0]
    need = people.add(NeedOffer(person_id=jose.id, kind="need", text="Busco fotógrafo"))
    people.log_interaction(Interaction(person_id=jose.id, summary="Coffee", in_person=True))
    people.delete_person(jose.id)
    assert names(people.search("nunez")) == []
    assert people.needs_offers_of(jose.id) == []
    with Repository(db_path) as fresh:  # the deletion is on disk
        assert fresh.person(jose.id) is None
    back = people.undo_delete()
    assert back is not None and back.id == jose.id
    assert [n.id for n in people.needs_offers_of(jose.id)] == [need.id]
    assert len(people.interactions_of(jose.id)) == 1
    with Repository(db_path) as fresh:
        assert fresh.person(jose.id).name == "José Núñez"
    assert people.undo_delete() is None


def test_log_interaction_updates_last_contact_and_first_meeting(repo):
    ana = repo.add_person(Person(name="Ana"))
    now = datetime.now().astimezone()
    old = (now - timedelta(days=10)).replace(microsecond=0)
    repo.log_interaction(Interaction(person_id=ana.id, at=now.isoformat(), summary="email"))
    repo.log_interaction(
        Interaction(person_id=ana.id, at=old.isoformat(), channel="in person", summary="coffee")
    )
    ana = repo.person(ana.id)
    assert ana.last_contact == now.date().isoformat()
    assert ana.met_in_person == old.date().isoformat()
    assert [i.summary for i in repo.interactions_of(ana.id)] == ["email", "coffee"]


def test_resolve_person(people):
    jose = people.search("nunez")[0]
    assert people.resolve_person(jose.id) == jose
    assert people.resolve_person(jose.id[:8]) == jose
    assert people.resolve_person("jose nunez") == jose
    with pytest.raises(Ambiguous, match="could be 2 people"):
        people.resolve_person("jose")
    with pytest.raises(NotFound):
        people.resolve_person("nobody at all")


def test_an_edit_does_not_undo_what_another_session_wrote_meanwhile(db_path):
    """The app opens the edit form; a CLI logs a meeting; the form is saved: both stay."""
    app, cli = Repository(db_path), Repository(db_path)
    ana = app.add_person(Person(name="Ana", role="Abogada"))
    in_the_form = app.person(ana.id)
    cli.log_interaction(
        Interaction(
            person_id=ana.id, at="2026-11-20T10:00:00+01:00", channel="in person",
            in_person=True, summary="Café",
        )
    )  # fmt: skip
    in_the_form.role = "Abogada laboralista"
    app.update_person(in_the_form, changed={"role"})
    with Repository(db_path) as fresh:
        stored = fresh.person(ana.id)
    assert stored.role == "Abogada laboralista"
    assert (stored.met_in_person, stored.last_contact) == ("2026-11-20", "2026-11-20")


def test_an_edited_need_keeps_a_status_changed_meanwhile(db_path):
    app, cli = Repository(db_path), Repository(db_path)
    need = app.add_need_offer(NeedOffer(person_id="me", kind="need", text="Busco abogada"))
    in_the_form = app.need_offer(need.id)
    closed = cli.need_offer(need.id)
    closed.status = "done"
    cli.update_need_offer(closed, changed={"status"})
    in_the_form.text = "Busco abogada laboralista"
    app.update_need_offer(in_the_form, changed={"text"})
    with Repository(db_path) as fresh:
        stored = fresh.need_offer(need.id)
    assert (stored.text, stored.status) == ("Busco abogada laboralista", "done")


def test_the_first_three_keys_of_a_filter_rank_as_the_full_search(repo):
    """Queries of one to three characters come from a table made in two passes: they
    must find and rank exactly as scoring every person does, and follow edits."""
    import string

    from nettui.demo import build_demo
    from nettui.domain.search import query_words, rank

    build_demo(repo)
    nono = repo.add_person(Person(name="Ñoño Pérez", phones=["+34 612 345 678"], tags=["ux"]))
    index = repo._ensure_people()

    def full_search(query: str) -> list[str]:
        return [entry.id for entry in rank(index.entries_by_name(), query_words(query))[0]]

    characters = string.ascii_lowercase + string.digits
    # Every word of three that finds anyone (each piece of anyone's text), and some
    # that find no one.
    threes = {
        entry.blob[at : at + 3]
        for entry in index.entries_by_name()
        for at in range(len(entry.blob) - 2)
    }
    threes = {*(w for w in threes if w.isalnum()), "zqx", "ñoñ", "a'b", "612", "qqq"}
    words = [*characters, *(a + b for a in characters for b in characters), *sorted(threes)]
    without_table = {w: repo.search_ids(w) for w in words}  # each scored in full
    repo.prepare_first_keys()
    with_table = {w: repo.search_ids(w) for w in words}
    assert with_table == without_table == {w: full_search(w) for w in words}
    assert nono.id in with_table["no"] and nono.id in with_table["12"]
    assert nono.id in with_table["non"] and nono.id in with_table["612"]
    assert with_table["12"] and with_table["ux"] and not with_table["zq"]
    assert with_table["ana"] and not with_table["zqx"]
    someone = repo.people()[0]
    someone.name = "Zacarías Zubizarreta"
    repo.update_person(someone, changed={"name"})
    assert repo.search_ids("zu") == full_search("zu")  # without the table: scored in full
    assert someone.id in repo.search_ids("zu")
    repo.prepare_first_keys()  # the edit emptied the table: made again
    for word in words:
        assert repo.search_ids(word) == full_search(word), word
    assert someone.id in repo.search_ids("zu") and someone.id not in without_table["zu"]
    # After two letters, the next key narrows from their hits; backspace goes back to
    # answers kept, and an edit drops them.
    assert repo.search_ids("zub") == full_search("zub")
    assert repo.search_ids("zu") == full_search("zu")
    assert repo.search_ids("zub") == full_search("zub")
    someone.name = "Ana Zubiri"
    repo.update_person(someone, changed={"name"})
    assert repo.search_ids("zub") == full_search("zub")
    assert someone.id in repo.search_ids("ana zub")
    assert repo.search_ids("zub zac") == [
        entry.id for entry in rank(index.entries_by_name(), ["zub", "zac"])[0]
    ]


def test_longer_words_typed_key_by_key_rank_as_the_full_search(repo):
    """From the third key on, the people looked at are those with the word's rarest
    two-character piece (from the table) when they are fewer than the last hits:
    what is found and its order must not change, whatever the word holds."""
    from nettui.demo import build_demo
    from nettui.domain.search import query_words, rank

    build_demo(repo)
    repo.add_person(
        Person(
            name="Zoë O'Brien-Núñez",
            handles=[Handle(network="github", value="zoe_dev")],
            phones=["+34 612 345 678"],
            notes="Ñandú, piña y café",
        )
    )
    index = repo._ensure_people()
    repo.prepare_first_keys()
    typed = [
        "nunez", "obrien", "o'brien", "zoe_dev", "612345", "pina", "cafe", "ana per",
        "lopez", "abogada", "zzzz", "ñandu", "maria jose",
    ]  # fmt: skip
    for text in typed:
        for end in range(1, len(text) + 1):  # key by key, as in the filter
            query = text[:end]
            words = query_words(query)
            full = [entry.id for entry in rank(index.entries_by_name(), words)[0]]
            assert list(repo.search_ids(query)) == full, query
    assert repo.search_ids("o'brien") and repo.search_ids("612345") and repo.search_ids("pina")


def test_a_listed_row_follows_edits_here_and_in_another_session(db_path):
    """The People list's rows are kept summaries: an edit, a first meeting, another
    session's rename and a deletion each show in the next row drawn."""
    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana", role="Periodista"))
    row = repo.listed_summary(ana.id)
    assert (row.display_name, row.role, row.met) == ("Ana", "Periodista", False)
    assert repo.listed_summary(ana.id) is row  # kept while no one changes
    ana.role = "Abogada"
    repo.update_person(ana, changed={"role"})
    assert repo.listed_summary(ana.id).role == "Abogada"
    repo.log_interaction(Interaction(person_id=ana.id, summary="Café", in_person=True))
    assert repo.listed_summary(ana.id).met
    with Repository(db_path) as other:
        renamed = other.person(ana.id)
        renamed.name = "Ana Núñez"
        other.update_person(renamed, changed={"name"})
    assert repo.refresh()  # the app's poll, every second
    assert repo.listed_summary(ana.id).display_name == "Ana Núñez"
    repo.delete_person(ana.id)
    assert repo.listed_summary(ana.id) is None


def test_a_persons_records_follow_every_change(db_path):
    """Needs, meetups and interactions are found through an index by person, kept
    until their table changes: here or in another session."""
    from nettui.domain.models import Meetup

    repo = Repository(db_path)
    ana = repo.add_person(Person(name="Ana"))
    luis = repo.add_person(Person(name="Luis"))
    assert repo.interactions_of(ana.id) == [] and repo.needs_offers_of(ana.id) == []
    repo.log_interaction(Interaction(person_id=ana.id, summary="Café"))
    assert [i.summary for i in repo.interactions_of(ana.id)] == ["Café"]
    assert repo.interactions_of(luis.id) == []
    with Repository(db_path) as other:  # another session adds a need and a meetup
        other.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text="Busco fotógrafo"))
        start = datetime.now().astimezone() + timedelta(days=2)
        other.plan_meetup(
            Meetup(
                title="Comida",
                people=[ana.id, luis.id],
                start=start.isoformat(),
                end=(start + timedelta(hours=1)).isoformat(),
            )
        )
    assert [n.text for n in repo.needs_offers_of(ana.id)] == ["Busco fotógrafo"]
    assert [m.title for m in repo.meetups_of(luis.id)] == ["Comida"]
    repo.delete_person(ana.id)
    assert repo.interactions_of(ana.id) == [] and repo.needs_offers_of(ana.id) == []
    assert [m.people for m in repo.meetups_of(luis.id)] == [[luis.id]]
    repo.undo_delete()
    assert [i.summary for i in repo.interactions_of(ana.id)] == ["Café"]


def test_the_dashboards_kept_counts_follow_new_interactions_and_meetups(repo):
    from nettui.domain.dates import local_now
    from nettui.domain.models import Meetup

    ana = repo.add_person(Person(name="Ana"))
    now = local_now()
    assert repo.dashboard(now).meet_next == []
    repo.log_interaction(Interaction(person_id=ana.id, summary="Hola"))
    board = repo.dashboard(now)  # the same minute: only the store changed
    assert [(i.label, i.detail) for i in board.meet_next] == [("Ana", "1 conversation this year")]
    start = now - timedelta(days=3)
    meetup = repo.plan_meetup(
        Meetup(
            title="Café",
            people=[ana.id],
            start=start.isoformat(),
            end=(start + timedelta(hours=1)).isoformat(),
        )
    )
    assert sum(repo.dashboard(now).per_month) == 0
    repo.meetup_done(meetup.id)
    assert sum(repo.dashboard(now).per_month) == 1


def test_one_word_ranking_scores_as_each_place_it_matches(repo):
    """rank() has a quicker path for one word: it must order people exactly as scoring
    each place a word matches (_score_word) and sorting by score, then name."""
    import string

    from nettui.demo import build_demo
    from nettui.domain.search import _score_word, rank

    build_demo(repo)
    entries = repo._ensure_people().entries_by_name()

    def by_score(word: str) -> list[str]:
        scored = [(_score_word(e, word, word.isdigit()), n, e.id) for n, e in enumerate(entries)]
        return [
            entry_id for score, _n, entry_id in sorted(scored, key=lambda t: (-t[0], t[1])) if score
        ]

    words = [*string.ascii_lowercase, *string.digits, "ma", "an", "ez", "34", "gar", "sevilla"]
    words += [e.name_words.split()[-1] for e in entries[:10]]  # real surnames
    for word in words:
        assert [e.id for e in rank(entries, [word])[0]] == by_score(word), word


def test_help_now_works_out_matches_only_with_an_open_offer_of_mine(repo):
    ana = repo.add_person(Person(name="Ana"))
    repo.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text="Busco fotógrafo de bodas"))
    assert repo.help_now() == []
    assert not repo.matches_ready  # nothing of mine to match: everyone's matches not made
    offer = repo.add_need_offer(NeedOffer(person_id="me", kind="offer", text="Fotografía de bodas"))
    assert [(m.need.person_id, m.offer.id) for m in repo.help_now()] == [(ana.id, offer.id)]
    offer.status = "done"
    repo.update_need_offer(offer, changed={"status"})
    assert repo.help_now() == []


def test_after_one_need_changes_the_others_keep_their_objects(db_path):
    """The list of needs and offers is made again after a change, but a document whose
    text did not change keeps its object (the matcher holds the same ones); after
    another session writes, everything is read and made anew."""
    repo = Repository(db_path)
    owner = repo.add_person(Person(name="Ana"))
    repo.add_many(
        [NeedOffer(person_id=owner.id, kind="need", text=f"Busco ayuda {n}") for n in range(30)]
    )
    repo = Repository(db_path)  # a session that reads the file
    before = {item.id: item for item in repo.needs_offers()}
    edited = repo.need_offer(next(iter(before)))
    edited.text = "Busco abogada laboralista"
    repo.update_need_offer(edited, changed={"text"})
    after = {item.id: item for item in repo.needs_offers()}
    assert after[edited.id].text == "Busco abogada laboralista"
    assert after[edited.id] is not before[edited.id]
    assert all(after[i] is before[i] for i in after if i != edited.id) and len(after) == 30
    other = Repository(db_path)
    bea = other.add_person(Person(name="Bea"))
    other.add(NeedOffer(person_id=bea.id, kind="offer", text="Abogada laboralista"))
    again = {item.id: item for item in repo.needs_offers()}  # read again: all new
    assert len(again) == 31 and not any(again[i] is after[i] for i in after)
    assert [m.need.id for m in repo.matches()] == [edited.id]


def test_closing_after_another_session_wrote_keeps_the_file_and_raises_nothing(db_path):
    """Closing saves the search index; reading the people first reloads what another
    session wrote, which drops the index: closing then failed with an AttributeError."""
    first = Repository(db_path)
    first.add_person(Person(name="Ana García"))
    assert [p.name for p in first.search("ana")] == ["Ana García"]  # the index is built
    with Repository(db_path) as second:
        second.add_person(Person(name="Bea López"))
    first.close()
    with Repository(db_path) as fresh:
        assert sorted(p.name for p in fresh.search("")) == ["Ana García", "Bea López"]
