"""Introductions with double opt-in: the three drafts in either language, the states
and what each writes in both people's histories, the draft file, and `nettui intro`."""

from __future__ import annotations

import json
import stat

import pytest

from nettui.domain.introductions import intro_drafts
from nettui.domain.models import ME, NeedOffer, Person
from nettui.i18n import current_language, set_language
from nettui.store.draft_files import file_name, write_draft
from nettui.store.repository import Repository
from tests.cli_in_process import run_nettui

NEED = "Busco fotógrafo para mi boda en junio"
OFFER = "Wedding photography, Madrid and around"


def people() -> tuple[Person, Person, NeedOffer, NeedOffer]:
    ana = Person(name="Ana García", given_name="Ana", role="labour lawyer", company="Ruiz")
    bea = Person(name="Bea López", role="photographer")
    need = NeedOffer(person_id=ana.id, kind="need", text=NEED)
    offer = NeedOffer(person_id=bea.id, kind="offer", text=OFFER)
    return ana, bea, need, offer


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_draft_names_both_and_quotes_both_texts_verbatim(language):
    ana, bea, need, offer = people()
    drafts = intro_drafts(bea, ana, need, offer, language)
    for text in drafts.in_order():
        assert NEED in text and OFFER in text
        assert "Bea López" in text  # no given name on her card: her name
    assert "Ana García" in drafts.to_a and "Ana García" in drafts.introduction
    assert "Ana" in drafts.to_b.splitlines()[0]  # greeted by her given name
    assert "labour lawyer" in drafts.to_a  # what the other one does
    assert "photographer" in drafts.to_b
    assert "photographer" in drafts.introduction and "labour lawyer" in drafts.introduction


def test_english_drafts_ask_each_and_hand_over_at_the_end():
    ana, bea, need, offer = people()
    to_bea, to_ana, both = intro_drafts(bea, ana, need, offer, "en").in_order()
    assert to_bea.startswith("Hi Bea López,")  # no given name on her card
    assert "Would you like to meet Ana García (labour lawyer at Ruiz)?" in to_bea
    assert to_ana.startswith("Hi Ana,")  # the given name
    assert "You told me you're looking for this" in to_ana
    assert both.startswith("Hi Ana and Bea López,")
    assert both.rstrip().endswith("I'll let you take it from here.")


def test_spanish_drafts_whatever_the_interface_speaks():
    ana, bea, need, offer = people()
    assert current_language() == "en"
    to_bea, to_ana, both = intro_drafts(bea, ana, need, offer, "es").in_order()
    assert current_language() == "en"  # the app's language is left alone
    assert to_bea.startswith("Hola, Bea López:")
    assert "¿Te gustaría conocer a Ana García (labour lawyer en Ruiz)?" in to_bea
    assert "porque tú ofreces" in to_bea  # tú, as people write to people they know
    assert "Me contaste que estás buscando esto" in to_ana
    assert "os dejo a vosotros" in both
    for text in (to_bea, to_ana, both):
        assert "Would you" not in text and "Hi " not in text
    set_language("es")
    assert "Would you like to meet" in intro_drafts(bea, ana, need, offer, "en").to_a


def test_drafts_are_plain_text_whatever_a_name_holds():
    ana, bea, need, offer = people()
    bea.name = "Bea [bold]López\x1b]0;pwned\x07"
    text = intro_drafts(bea, ana, need, offer, "en").to_a
    assert "[bold]" in text  # only text: nothing here reads markup
    assert "\x1b" not in text and "\x07" not in text
    assert "␛]0;pwned␇" in text


def setup(repo: Repository) -> tuple[Person, Person, NeedOffer, NeedOffer]:
    ana = repo.add_person(Person(name="Ana García"))
    bea = repo.add_person(Person(name="Bea López"))
    need = repo.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text="Busco fotógrafo"))
    offer = repo.add_need_offer(
        NeedOffer(person_id=bea.id, kind="offer", text="Ofrezco fotografía de bodas")
    )
    return ana, bea, need, offer


def test_each_state_is_logged_once_on_both_pages(repo, db_path):
    ana, bea, need, offer = setup(repo)
    intro, asked_now = repo.ask_introduction(need.id, offer.id)
    assert (intro.status, asked_now) == ("asked", True)
    assert repo.ask_introduction(need.id, offer.id)[1] is False  # drafting again
    # "helped" twice in a row is one help said twice; helped again after another
    # state is another help.
    for status in ("asked", "accepted", "accepted", "introduced", "helped", "helped"):
        repo.act_on_match(need.id, offer.id, status)
    with Repository(db_path) as fresh:
        [intro] = fresh.introductions()
        assert intro.status == "helped"
        # Sorted: logged in the same second, they have no order among them.
        assert sorted(i.summary for i in fresh.interactions_of(ana.id)) == [
            "Asked whether they would like to meet Bea López, who offers: "
            "Ofrezco fotografía de bodas",
            "Helped by Bea López, who offers: Ofrezco fotografía de bodas",  # once
            "Introduced to Bea López, who offers: Ofrezco fotografía de bodas",
            "Said yes to meeting Bea López, who offers: Ofrezco fotografía de bodas",
        ]
        assert len(fresh.interactions_of(bea.id)) == 4
        assert "Said yes to meeting Ana García, who needs: Busco fotógrafo" in [
            i.summary for i in fresh.interactions_of(bea.id)
        ]


def test_drafting_again_never_takes_an_introduction_back(repo):
    _, _, need, offer = setup(repo)
    repo.act_on_match(need.id, offer.id, "accepted")
    intro, asked_now = repo.ask_introduction(need.id, offer.id)
    assert (intro.status, asked_now) == ("accepted", False)


def test_declined_is_logged_and_is_not_dismissed(repo):
    ana, _, need, offer = setup(repo)
    repo.act_on_match(need.id, offer.id, "declined")
    assert repo.interactions_of(ana.id)[0].summary == (
        "Introduction to Bea López declined; they offer: Ofrezco fotografía de bodas"
    )
    assert len(repo.matches()) == 1  # only dismissing hides the pair


def test_an_introduction_stored_before_states_logs_its_state_no_more(repo, db_path):
    ana, _, need, offer = setup(repo)
    repo.act_on_match(need.id, offer.id, "introduced")
    with repo.transaction():  # as an older nettui left it: no list of logged states
        raw = repo.introductions()[0].to_dict()
        del raw["logged"]
        repo._table(type(repo.introductions()[0])).update(raw, doc_ids=[raw["id"]])
    repo.act_on_match(need.id, offer.id, "accepted")
    repo.act_on_match(need.id, offer.id, "introduced")
    summaries = [i.summary for i in repo.interactions_of(ana.id)]
    assert sum(s.startswith("Introduced to") for s in summaries) == 1


def test_a_draft_file_is_private(tmp_path):
    name = file_name("introduction", "Ana García", "Bea/../López", "to Ana")
    assert name == "introduction-ana-garcia-bea-lopez-to-ana.txt"
    path = write_draft(tmp_path / "drafts", name, "Hola, Ana:")
    assert path.read_text(encoding="utf-8") == "Hola, Ana:\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


# -- nettui intro ------------------------------------------------------------------------


def test_intro_prints_three_drafts_and_records_asked(cli_env, db_path):
    with Repository(db_path) as repo:
        ana, _, _, _ = setup(repo)
    result = run_nettui(cli_env, "intro", "Bea", "Ana")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "== To Bea López ==" in out and "== To Ana García ==" in out
    assert "== The introduction, once both said yes ==" in out
    assert out.count("Busco fotógrafo") == 3 and out.count("Ofrezco fotografía de bodas") == 3
    assert "Recorded as asked" in out
    again = run_nettui(cli_env, "intro", "Bea", "Ana")
    assert "Already asked: nothing recorded." in again.stdout
    with Repository(db_path) as repo:
        assert [i.status for i in repo.introductions()] == ["asked"]
        assert len(repo.interactions_of(ana.id)) == 1  # a repeat logs nothing


def test_intro_json_in_spanish_from_an_english_interface(cli_env, db_path):
    with Repository(db_path) as repo:
        _, _, need, offer = setup(repo)
    result = run_nettui(
        cli_env, "intro", "Ana", "Bea", "--need", need.id, "--offer", offer.id, "--lang", "es",
        "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    drafts = json.loads(result.stdout)
    assert list(drafts) == ["to_a", "to_b", "introduction"]
    assert drafts["to_a"].startswith("Hola, Ana García:")
    assert drafts["to_b"].startswith("Hola, Bea López:")
    assert "os dejo a vosotros" in drafts["introduction"]


def test_intro_mark_sets_a_later_state(cli_env, db_path):
    with Repository(db_path) as repo:
        setup(repo)
    result = run_nettui(cli_env, "intro", "Ana", "Bea", "--mark", "accepted")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Ana García and Bea López: accepted."
    shown = run_nettui(cli_env, "show", "Ana").stdout
    assert "[accepted] with Bea López" in shown
    assert "Said yes to meeting Bea López" in shown


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (("Ana", "me"), 2, "never you"),
        (("me", "Bea"), 2, "never you"),
        (("Ana", "Ana"), 2, "two different people"),
        (("Ana", "Nobody"), 1, "No one called 'Nobody'"),
        (("Ana", "Cris"), 1, "No open need of Ana García or Cris Díaz matches"),
        (("Ana", "Bea", "--need", "nope"), 2, "No need with id nope."),
    ],
)
def test_intro_bad_input_says_why_and_writes_nothing(cli_env, db_path, args, code, said):
    with Repository(db_path) as repo:
        setup(repo)
        repo.add_person(Person(name="Cris Díaz"))
        repo.add_need_offer(NeedOffer(person_id=ME, kind="offer", text="Fotografía"))
    before = db_path.read_bytes()
    result = run_nettui(cli_env, "intro", *args)
    assert result.returncode == code, result.stderr
    assert said in result.stderr and "Traceback" not in result.stderr
    assert db_path.read_bytes() == before


def test_the_demo_has_two_others_to_introduce(repo):
    from nettui.demo import build_demo

    build_demo(repo)
    match = next(m for m in repo.matches() if m.kind == "introduce")
    a, b = repo.person(match.offer.person_id), repo.person(match.need.person_id)
    best = repo.best_match_between(b.id, a.id)  # either way round
    assert best is not None and best.score >= match.score
    assert match.need.text in intro_drafts(a, b, match.need, match.offer, "es").to_b


def test_intro_lang_is_the_messages_language_only(cli_env, db_path):
    with Repository(db_path) as repo:
        setup(repo)
    out = run_nettui(cli_env, "intro", "Ana", "Bea", "--lang", "es").stdout
    assert "== To Ana García ==" in out and "Hola, Ana García:" in out  # English around
    assert "Recorded as asked" in out
    out = run_nettui(cli_env, "--lang", "es", "intro", "Ana", "Bea", "--lang", "en").stdout
    assert "== A Ana García ==" in out and "Hi Ana García," in out
    assert "Ya estaba en «preguntados»: no se anota nada." in out
