"""Importing whole cards into the store: merging every field, never two people as
one, photos as files, and backups that carry them."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from nettui.domain.card import Address, KeptProperty, Organisation, Photo, TypedValue
from nettui.domain.merge import merged, plan_import
from nettui.domain.models import Handle, Person
from nettui.io.vcard import ParsedCard, read_vcards
from nettui.store import photos
from nettui.store.importing import import_file
from nettui.store.repository import Repository
from tests.cli_in_process import run_nettui


def test_merging_joins_every_field_of_a_card():
    apple = Person(
        name="Ana López",
        phones=["+1 (555) 123-4567"],
        typed=[TypedValue(of="phones", value="+1 (555) 123-4567", types=["cell"])],
        addresses=[Address(street="1 Main St", locality="Springfield")],
        company="Acme",
        role="CEO",
        urls=["https://acme.example"],
    )
    google = Person(
        name="Ana Lopez",
        given_name="Ana",
        family_name="López",
        phones=["\u202d+15551234567\u202c"],
        typed=[TypedValue(of="phones", value="+15551234567", types=["pref"], label="Mobile")],
        addresses=[Address(street="1 main st,", locality="SPRINGFIELD"), Address(country="US")],
        company="Nube",
        departments=["Design"],
        role="Founder",
        birthday="--01-22",
        nickname="Anita",
        urls=["https://acme.example", "https://ana.example"],
    )
    google.validate()
    both = merged(apple, google)
    assert both.phones == ["+1 (555) 123-4567"]  # one number, in the old form
    assert both.typed == [
        TypedValue(of="phones", value="+1 (555) 123-4567", types=["cell", "pref"], label="Mobile")
    ]
    assert [a.one_line() for a in both.addresses] == ["1 Main St, Springfield", "US"]
    assert (both.company, both.other_organisations) == (
        "Acme",
        [Organisation(name="Nube", units=["Design"])],
    )
    assert (both.role, both.other_titles) == ("CEO", ["Founder"])
    assert (both.birthday, both.nickname, both.given_name, both.family_name) == (
        "--01-22",
        "Anita",
        "Ana",
        "López",
    )
    assert both.urls == ["https://acme.example", "https://ana.example"]
    # N's parts come as a whole: old's own parts are never mixed with new's.
    partial = merged(Person(name="A", family_name="Ruiz"), google)
    assert (partial.given_name, partial.family_name) == ("", "Ruiz")


def test_cards_with_different_uids_stay_two_people_and_joined_cards_are_listed():
    def card(name, uid, email):
        return Person(name=name, emails=[email], uids=[uid] if uid else [])

    incoming = [
        card("Ana Ruiz", "u1", "shared@x.org"),
        card("Bea Ruiz", "u2", "shared@x.org"),  # same email, another UID: another person
        card("Ana Ruiz", None, "ana@x.org"),  # no UID: joins Ana by name
        card("Ana R.", "u1", "ana2@x.org"),  # Ana's UID again: Ana
    ]
    plan = plan_import([], incoming, ["u1", "u2", None, "u1"])
    assert sorted(p.name for p in plan.new) == ["Ana Ruiz", "Bea Ruiz"]
    [(ana, cards)] = plan.joined
    assert (ana.name, cards) == ("Ana Ruiz", [0, 2, 3])
    assert ana.emails == ["shared@x.org", "ana@x.org", "ana2@x.org"]


VCF = b"""BEGIN:VCARD\r
VERSION:3.0\r
FN:Ana Ruiz\r
EMAIL:ana@x.org\r
URL;TYPE=WORK:http://www.ibm.com\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Juan Gil\r
URL;TYPE=WORK:http://www.ibm.com\r
ORG:IBM\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Ana Ruiz\r
TEL:+34 600 111 222\r
EMAIL:ana@x.org\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Solo\r
URL:http://www.ibm.com\r
END:VCARD\r
"""


def test_a_shared_website_is_no_key_merges_in_a_file_are_said_and_a_keyless_card_matches(
    cli_env, db_path, tmp_path
):
    path = tmp_path / "c.vcf"
    path.write_bytes(VCF)
    dry = run_nettui(cli_env, "import", "--dry-run", str(path))
    assert "would add 3 people" in dry.stdout
    assert "2 cards of the file joined as 1 person" in dry.stdout
    assert "one person from several cards: Ana Ruiz (lines 1, 13)" in dry.stdout
    assert not db_path.exists()
    done = run_nettui(cli_env, "import", str(path))
    assert "one person from several cards: Ana Ruiz (lines 1, 13)" in done.stdout, done.stdout
    again = run_nettui(cli_env, "import", str(path))
    assert "added 0 people" in again.stdout and again.returncode == 0
    with Repository(db_path) as repo:
        assert sorted(p.display_name for p in repo.people()) == ["Ana Ruiz", "Juan Gil", "Solo"]


def test_a_card_with_no_key_at_all_matches_the_same_card_imported_before():
    def card():
        return Person(handles=[Handle(network="web", value="http://www.ibm.com")], notes="Hi")

    first = plan_import([], [card()])
    [known] = first.new
    again = plan_import([known], [card()])
    assert (again.new, again.changed, again.unchanged) == ([], [], 1)
    other = Person(handles=[Handle(network="web", value="http://www.ibm.com")], notes="Yo")
    assert len(plan_import([known], [other]).new) == 1  # a shared website is no key


def _card_with_photo(path: Path, data: bytes) -> None:
    """A card as Apple writes a picture, with a phone that is no number on line 3."""
    picture = base64.b64encode(data).decode()
    path.write_bytes(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nTEL:x\r\nFN:Ana Ruiz\r\n"
        f"PHOTO;ENCODING=b;TYPE=JPEG:{picture}\r\nEND:VCARD\r\n".encode()
    )


def test_a_photo_becomes_a_file_goes_out_in_exports_and_backups_and_comes_back(
    cli_env, db_path, tmp_path
):
    jpeg = b"\xff\xd8\xff\xe0 a tiny jpeg \xff\xd9"
    path = tmp_path / "p.vcf"
    _card_with_photo(path, jpeg)
    with Repository(db_path) as repo:
        dry = import_file(repo, path, path.read_bytes(), dry_run=True)
        assert not photos.names(db_path)  # a dry run writes nothing
        report = import_file(repo, path, path.read_bytes())
        [ana] = repo.people()
    assert report.card_problems == [f"{path}:3: 'x' is not a phone number"]
    assert "1 value kept in the notes" in dry.counts
    assert photos.read(db_path, ana.photo) == Photo(data=jpeg, kind="jpeg")

    for fmt, photo_line in (("vcf", "PHOTO;ENCODING=b;TYPE=JPEG:"), ("vcf4", "PHOTO:data:")):
        out = tmp_path / f"o.{fmt}"
        assert run_nettui(cli_env, "export", "--format", fmt, "-o", str(out)).returncode == 0
        [back] = read_vcards(out.read_bytes())[0]
        assert back.photo == Photo(data=jpeg, kind="jpeg")
        assert photo_line in out.read_text()

    backup = tmp_path / "backup.json"
    assert run_nettui(cli_env, "export", "--format", "json", "-o", str(backup)).returncode == 0
    other = tmp_path / "other" / "n.json"
    result = run_nettui(dict(cli_env, NETTUI_DB=str(other)), "import", str(backup))
    assert result.returncode == 0, result.stderr
    with Repository(other) as repo:
        [restored] = repo.people()
    assert photos.read(other, restored.photo) == Photo(data=jpeg, kind="jpeg")


def test_a_deleted_persons_photo_stays_for_undo_and_doctor_counts_it(cli_env, db_path, tmp_path):
    path = tmp_path / "p.vcf"
    _card_with_photo(path, b"\xff\xd8 pic")
    with Repository(db_path) as repo:
        import_file(repo, path, path.read_bytes())
        [ana] = repo.people()
        repo.delete_person(ana.id)
        assert photos.names(db_path) == {ana.photo}
        back = repo.undo_delete()
        assert photos.read(db_path, back.photo).data == b"\xff\xd8 pic"
        repo.delete_person(ana.id)
    doctor = run_nettui(cli_env, "doctor")
    assert "1 photo in" in doctor.stdout and "belongs to no one" in doctor.stdout


def test_a_backup_with_a_photo_name_outside_the_folder_writes_nothing_there(cli_env, tmp_path):
    backup = {
        "format": "nettui-backup",
        "version": 1,
        "schema_version": 2,
        "tables": {"people": [{"id": "p1", "name": "Eve", "photo": "../../evil.sh"}]},
        "photos": {"../../evil.sh": "ZWNobyBoaQ=="},
    }
    path = tmp_path / "b.json"
    path.write_text(json.dumps(backup))
    result = run_nettui(cli_env, "import", str(path))
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "evil.sh").exists()
    assert not any(Path(tmp_path).rglob("evil.sh"))


def test_an_old_backup_is_migrated_when_restored(cli_env, db_path, tmp_path):
    old = json.loads((Path(__file__).parents[1] / "data/store/schema1.json").read_text())
    backup = {
        "format": "nettui-backup",
        "version": 1,
        "schema_version": 1,
        "tables": {"people": list(old["people"].values())},
    }
    path = tmp_path / "b.json"
    path.write_text(json.dumps(backup))
    assert run_nettui(cli_env, "import", str(path)).returncode == 0
    with Repository(db_path) as repo:
        ana = next(p for p in repo.people() if p.name == "Ana López")
    assert (ana.notes, ana.birthday) == ("Met at PyConES", "--01-22")
    assert photos.read(db_path, ana.photo) is not None


def test_parsed_card_keeps_its_interface():
    card = ParsedCard(line=1, person=Person(name="A"))
    assert card.photo is None and card.problems == []


SHOP = b"""BEGIN:VCARD\r
VERSION:3.0\r
UID:aaa-1\r
FN:Info Desk Person A\r
EMAIL:info@shop.example\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
UID:bbb-2\r
FN:Info Desk Person B\r
EMAIL:info@shop.example\r
END:VCARD\r
"""


def test_a_card_sharing_a_shops_email_is_not_added_again_on_each_import(cli_env, tmp_path):
    """Card B's own UID is its surest key: the shared info@ address, which names
    A first, no longer sends it to A (and then, A having another UID, to a new B)."""
    path = tmp_path / "shop.vcf"
    path.write_bytes(SHOP)
    for _ in range(3):
        assert run_nettui(cli_env, "import", str(path)).returncode == 0
    with Repository(Path(cli_env["NETTUI_DB"])) as repo:
        assert sorted(p.name for p in repo.people()) == ["Info Desk Person A", "Info Desk Person B"]
    again = run_nettui(cli_env, "import", str(path), "--dry-run")
    assert "2 already known" in again.stdout and "would add 0 people" in again.stdout


def test_coworkers_sharing_a_switchboard_phone_stay_two_people():
    """Outlook 2003 cards have no UID: two colleagues with the office's number are two
    people; one person's Apple and Google cards (the same name) are still one."""
    erik = Person(name="Erik Lind", phones=["+46 8 123 456 00"], emails=["erik@nordbank.se"])
    sara = Person(name="Sara Berg", phones=["+46 8 123 456 00"], emails=["sara@nordbank.se"])
    plan = plan_import([], [erik, sara])
    assert sorted(p.name for p in plan.new) == ["Erik Lind", "Sara Berg"]
    apple = Person(name="Ana Ruiz", phones=["+1 (555) 123-4567"])
    google = Person(name="Ana Ruiz", phones=["+15551234567"], emails=["ana@x.org"])
    [ana] = plan_import([], [apple, google]).new
    assert ana.phones == ["+1 (555) 123-4567"] and ana.emails == ["ana@x.org"]
    # A number-only card (its name is the number) still joins the person.
    number_only = Person(name="+15551234567", phones=["+15551234567"])
    assert plan_import([ana], [number_only]).new == []


def test_a_second_company_keeps_its_own_departments():
    acme = Person(name="Pat Lee", emails=["pat@lee.example"], company="Acme", departments=["Sales"])
    globex = Person(
        name="Pat Lee", emails=["pat@lee.example"], company="Globex", departments=["Research"]
    )
    both = merged(acme, globex)
    assert (both.company, both.departments) == ("Acme", ["Sales"])
    assert both.other_organisations == [Organisation(name="Globex", units=["Research"])]


def test_apple_groups_of_two_cards_stay_two_relations_after_a_merge():
    def card(relation: str, label: str) -> Person:
        return Person(
            name="Kim Park",
            emails=["kim@park.example"],
            kept_properties=[
                KeptProperty(group="item1", name="X-ABRELATEDNAMES", value=relation),
                KeptProperty(group="item1", name="X-ABLABEL", value=label),
            ],
        )

    both = merged(card("Lee Park", "_$!<Spouse>!$_"), card("Min Park", "_$!<Mother>!$_"))
    groups: dict[str, set[str]] = {}
    for kept in both.kept_properties:
        groups.setdefault(kept.group.lower(), set()).add(kept.value)
    assert sorted(groups.values(), key=sorted) == [
        {"Lee Park", "_$!<Spouse>!$_"},
        {"Min Park", "_$!<Mother>!$_"},
    ]
    # The same card merged again adds nothing.
    assert merged(both, card("Min Park", "_$!<Mother>!$_")).kept_properties == both.kept_properties


def test_a_value_set_aside_is_named_file_colon_line_in_spanish_too(cli_env, tmp_path):
    path = tmp_path / "outlook.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Lind;Erik\r\nTEL;WORK;VOICE:BusinessPhone\r\nEND:VCARD\r\n"
    )
    said = run_nettui({**cli_env, "LANG": "es_ES.UTF-8"}, "import", str(path))
    assert f"{path}:4: 'BusinessPhone' no es un número de teléfono" in said.stderr


def test_two_cards_named_ana_with_nothing_else_in_common_stay_two():
    one = Person(name="Ana", notes="de la facultad")
    two = Person(name="Ana", notes="vecina del tercero")
    assert len(plan_import([], [one, two]).new) == 2
    assert plan_import([one, two], [Person(name="Ana", notes="vecina del tercero")]).new == []


def test_our_own_export_imported_back_into_the_same_store_adds_no_one(cli_env, tmp_path):
    """Our cards carry X-NETTUI-ID: each is the very person it came from."""
    for name in ("Ana Ruiz", "Luis Gil"):
        assert run_nettui(cli_env, "add", name).returncode == 0
    for fmt in ("vcf", "vcf4", "csv"):
        out = tmp_path / f"out.{fmt}"
        assert run_nettui(cli_env, "export", "--format", fmt, "-o", str(out)).returncode == 0
        again = run_nettui(cli_env, "import", str(out))
        assert again.returncode == 0, again.stderr
        assert "added 0 people" in again.stdout and "2 already known" in again.stdout


def test_a_family_landline_or_a_switchboard_never_makes_two_people_of_one_surname_one():
    erik = Person(name="Erik Lind", phones=["+46 8 555 000 11"], emails=["erik@lind.example"])
    sara = Person(name="Sara Lind", phones=["+46 8 555 000 11"], emails=["sara@lind.example"])
    assert len(plan_import([erik], [sara]).new) == 1
    maria = Person(name="María García", phones=["+34 91 555 00 00"])
    jose = Person(name="José García", phones=["+34 91 555 00 00"], role="Director")
    assert len(plan_import([maria], [jose]).new) == 1
    # One person still: an initial, a title, a middle name.
    for same in ("J. García", "Dr. José García", "José Luis García"):
        assert plan_import([jose], [Person(name=same, phones=["+34 91 555 00 00"])]).new == []


def test_someone_renamed_in_nettui_is_still_matched_by_their_email():
    bob = Person(name="Bob", emails=["robert@smith.example"])
    card = Person(name="Robert Smith", emails=["robert@smith.example"])
    assert plan_import([bob], [card]).new == []
