"""Other programs read our export: vobject (what khard and many Python tools parse
with) reads every card of the 3.0 export of the corpus, with its structure."""

from __future__ import annotations

from pathlib import Path

import vobject

from nettui.io.vcard import read_vcards, write_vcard

CORPUS = Path(__file__).parents[1] / "data" / "vcards"


def corpus_export(version: str) -> tuple[list, str]:
    cards = [c for p in sorted(CORPUS.glob("*.vcf")) for c in read_vcards(p.read_bytes())[0]]
    return cards, "".join(write_vcard(c.person, version, c.photo) for c in cards)


def test_vobject_reads_every_card_of_our_3_0_export():
    cards, text = corpus_export("3.0")
    read = list(vobject.readComponents(text))
    assert [card.fn.value for card in read] == [c.person.name for c in cards]
    by_name = {card.fn.value: card for card in read}
    john = by_name["Mr. John James Richter Sr."]
    assert (john.n.value.prefix, john.n.value.additional) == ("Mr.", "James")
    assert john.note.value.startswith("Met at CeBIT 2004.\nLikes golf, and good coffee.")
    fax = next(t for t in john.tel_list if t.value == "+49 30 7654321")
    assert fax.params["TYPE"] == ["WORK", "FAX"]
    lucia = by_name["Lucía Fernández"]
    assert lucia.adr.value.extended == "222 Broadway" and lucia.bday.value == "--01-22"
    assert lucia.url.value == "https://analytica.io/team/lucia"
    jane = by_name["Jane Doe"]
    assert jane.org.value == ["Fabrikam Inc.", "Research", "Materials"]
    assert jane.x_anniversary.value == "2005-06-11"
    inigo = by_name["Íñigo Ibáñez"]
    assert inigo.photo.value.startswith(b"\xff\xd8")  # the picture's own bytes
