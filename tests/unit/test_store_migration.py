"""Schema 2: a store written by the previous nettui opens with its notes made fields.

tests/data/store/schema1.json was written by the code at e85a319 importing an Apple
3.0 card, an Outlook 2.1 card, a 4.0 card and an older Google CSV row.
"""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

from nettui.domain.card import Address, KeptProperty
from nettui.store import photos
from nettui.store.migrations import SCHEMA_VERSION
from nettui.store.repository import Repository
from nettui.store.storage import backups_of

OLD = Path(__file__).resolve().parents[1] / "data" / "store" / "schema1.json"


def _open_old(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    db = tmp_path / "nettui.json"
    shutil.copy(OLD, db)
    db.chmod(0o600)
    with Repository(db) as repo:
        people = {p.name: p for p in repo.people()}
    return db, people


def test_labelled_lines_of_the_notes_become_fields(tmp_path):
    db, people = _open_old(tmp_path)
    ana = people["Ana López"]
    assert ana.notes == "Met at PyConES"  # the user's own note, as it was
    assert (ana.nickname, ana.birthday, ana.departments) == (
        "Anita",
        "--01-22",
        ["Ventas", "Norte"],
    )
    assert ana.addresses == [
        Address(street="Calle Mayor 1", locality="Madrid", postal_code="28001", country="Spain")
    ]
    assert ana.urls == ["http://www.acme.es"]  # was a handle on the network "homepage"
    assert [h.network for h in ana.handles] == ["twitter"]  # a network stays a handle
    assert [t.label for t in ana.typed if t.of == "urls"] == ["homepage"]
    assert KeptProperty(name="X-ABADR", value="es") in ana.kept_properties
    photo = photos.read(db, ana.photo)
    assert photo is not None and photo.data.startswith(b"\xff\xd8") and photo.kind == "jpeg"
    assert stat.S_IMODE((photos.folder_of(db) / ana.photo).stat().st_mode) == 0o600
    assert stat.S_IMODE(photos.folder_of(db).stat().st_mode) == 0o700

    john = people["John Smith"]
    # The line about a value that was not a number does not parse: it stays.
    assert john.notes == "Phone (line 24, not a number): BusinessPhone"
    assert john.addresses == [
        Address(
            street="1 Main St",
            locality="Springfield",
            region="IL",
            postal_code="62701",
            country="USA",
        )
    ]
    assert john.urls == ["http://www.ibm.com"] and john.handles == []
    assert KeptProperty(name="GEO", value="37.386013;-122.082932") in john.kept_properties
    assert KeptProperty(name="X-MS-OL-DEFAULT-POSTAL-ADDRESS", value="2") in john.kept_properties

    taro = people["山田太郎"]
    assert (taro.notes, taro.birthday) == ("", "--03-15")
    assert KeptProperty(name="FN", value="Taro Yamada") in taro.kept_properties
    assert (
        KeptProperty(name="PHOTO", params={"VALUE": ["uri"]}, value="http://example.jp/taro.jpg")
        in taro.kept_properties
    )

    bea = people["Bea Ruiz"]  # Google CSV's labelled columns
    assert (bea.notes, bea.nickname, bea.birthday) == ("", "Bei", "1985-07-04")
    assert bea.addresses == [
        Address(street="Gran Via 2", locality="Madrid", postal_code="28013", country="Spain")
    ]
    assert bea.departments == ["Diseño"] and bea.urls == ["https://bea.example.org"]


def test_the_migration_is_saved_once_with_a_backup_of_the_old_file(tmp_path):
    db, people = _open_old(tmp_path)
    with Repository(db) as repo:
        repo.update_person(people["John Smith"])  # any write saves the migrated store
    saved = json.loads(db.read_text())
    assert saved["meta"]["schema"]["schema_version"] == SCHEMA_VERSION == 2
    [backup] = backups_of(db)
    assert backup.read_bytes() == OLD.read_bytes()  # the file as the old nettui left it
    first = db.read_bytes()
    with Repository(db) as repo:  # opened again: nothing left to migrate
        again = {p.name: p for p in repo.people()}
        repo.update_person(again["John Smith"])
    assert {n: p.notes for n, p in again.items()} == {n: p.notes for n, p in people.items()}
    assert len(backups_of(db)) == 1  # no second backup: there was nothing to migrate
    assert photos.names(db) == {again["Ana López"].photo}
    assert len(json.loads(first)["people"]) == 4


def test_the_migration_is_idempotent_on_a_person():
    from nettui.store.migrate_notes import migrate_person

    doc = {
        "id": "p1",
        "notes": "Mine\n\nBirthday: 31-02-1990\nBirthday: --02-29\nNickname: Pe",
        "nickname": "Pepe",
        "handles": [{"network": "github", "value": "https://github.com/pe"}],
    }
    migrate_person(doc, None)
    # Not a date, and a nickname that would replace another: left in the notes.
    assert doc["notes"] == "Mine\n\nBirthday: 31-02-1990\nNickname: Pe"
    assert doc["birthday"] == "--02-29"
    before = json.dumps(doc, sort_keys=True)
    migrate_person(doc, None)
    assert json.dumps(doc, sort_keys=True) == before
    assert doc["handles"] == [{"network": "github", "value": "https://github.com/pe"}]


def test_a_labelled_line_among_the_users_own_text_stays_in_the_notes():
    from nettui.store.migrate_notes import migrate_person

    mine = "Call about the flat.\nAddress: ask Juan\nBirthday: --03-01 (I think)"
    doc = {"id": "p2", "notes": f"{mine}\n\nNickname: Pepe\nBirthday: --01-22"}
    migrate_person(doc, None)
    assert doc["notes"] == mine  # the user's paragraph, word for word
    assert (doc["nickname"], doc["birthday"]) == ("Pepe", "--01-22")
    assert not doc.get("addresses")


def test_a_users_own_labelled_line_alone_in_its_paragraph_stays_in_the_notes():
    """ "Address: ask Juan" became a street, "Class: yoga on Tuesdays" a CLASS property
    exported to every phone; an import's lone line (a date, an X- name) still moves."""
    from nettui.store.migrate_notes import migrate_person

    mine = "Address: ask Juan\n\nClass: yoga on Tuesdays\n\nRelated: brother of Ana"
    doc = {"id": "p3", "notes": f"{mine}\n\nBirthday: --01-22\n\nX-GENDER: f"}
    migrate_person(doc, None)
    assert doc["notes"] == mine
    assert not doc.get("addresses")
    assert doc["birthday"] == "--01-22"
    kept = doc["kept_properties"]
    assert [(k["name"], k["value"]) for k in kept] == [("X-GENDER", "f")]
    # In an import's paragraph of several lines, CLASS is still one word and an
    # address still more than one part.
    doc = {"id": "p4", "notes": "Nickname: Pe\nClass: yoga on Tuesdays\nAddress: ask Juan"}
    migrate_person(doc, None)
    assert doc["notes"] == "Class: yoga on Tuesdays\nAddress: ask Juan"
