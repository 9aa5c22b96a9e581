"""vdirsyncer's both-sides changes, merged by nettui against the copy last synced."""

from __future__ import annotations

from nettui.sync.resolve import conflicts_of, merge_texts

BASE = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ana-1\r\nFN:Ana Ruiz\r\nN:Ruiz;Ana;;;\r\n"
    'EMAIL;TYPE="work":ana@acme.example\r\nORG:Acme\r\nTITLE:Designer\r\nEND:VCARD\r\n'
)


def test_a_server_rewriting_a_line_in_another_form_is_no_change_and_no_conflict():
    # nettui's edits, not pushed yet: the company, and the email is now preferred.
    ours = BASE.replace("ORG:Acme", "ORG:Initech").replace('TYPE="work"', 'TYPE="work,pref"')
    # The server wrote the parameter unquoted and in upper case; the phone changed TITLE.
    theirs = BASE.replace('EMAIL;TYPE="work"', "EMAIL;TYPE=WORK").replace(
        "TITLE:Designer", "TITLE:President"
    )
    merged, keys = merge_texts(BASE, ours, theirs)
    assert "ORG:Initech" in merged and "TITLE:President" in merged and keys == []
    assert 'EMAIL;TYPE="work,pref":ana@acme.example' in merged and merged.count("EMAIL") == 1


def test_a_field_both_sides_changed_is_one_conflict_in_nettuis_words():
    ours = BASE.replace("ORG:Acme", "ORG:Initech").replace('TYPE="work"', "TYPE=work")
    theirs = BASE.replace("ORG:Acme", "ORG:Globex")
    merged, keys = merge_texts(BASE, ours, theirs)
    assert "ORG:Initech" in merged and [name for _where, name in keys] == ["ORG"]
    [row] = conflicts_of(merged, theirs, keys, "ana-1")
    assert (row["field"], row["ours"], row["theirs"]) == ("company", "Initech", "Globex")
