"""vCard import benchmark (not a test): `python bench/import_vcf.py` prints a table.

Writes 10,000 people, each a whole card, as one vCard 3.0 file, then times reading
it and importing it into an empty store (parse, duplicate check, one atomic write), and importing it
again (everything already known); then the same people as a file where every card
also carries its company's website (Outlook's `URL;WORK:http://www.ibm.com`: a
website is no merge key, so none may collapse); then exporting the store as vCards
(`nettui export --format vcf`: open the store, every person, their photo if any).

Targets (issues 5 and 22): importing 10,000 vCards in <= 5 s; exporting them in <= 2 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nettui.demo import synthetic_people  # noqa: E402
from nettui.domain.card import Address, KeptProperty, TypedField, TypedValue  # noqa: E402
from nettui.domain.models import Person  # noqa: E402
from nettui.io.vcard import read_vcards, write_vcard  # noqa: E402
from nettui.store.importing import import_file  # noqa: E402
from nettui.store.repository import Repository  # noqa: E402


def timed_import(db: Path, blob: bytes) -> tuple[float, int, int]:
    """The same path as `nettui import`: read, match, one write."""
    started = time.perf_counter()
    with Repository(db) as repo:
        report = import_file(repo, Path("people.vcf"), blob, "vcf")
    return time.perf_counter() - started, report.added, len(report.problems)


def timed_export(db: Path) -> tuple[float, int]:
    """The same path as `nettui export --format vcf`."""
    from nettui.store.exporting import vcards

    started = time.perf_counter()
    with Repository(db) as repo:
        blob = vcards(repo)
    return time.perf_counter() - started, len(blob)


def whole_cards(count: int) -> list[Person]:
    """The demo's synthetic people, each holding a whole card as phones and mail
    programs write them: labelled values, an address, a birthday, a department, a
    property nettui has no field for."""
    people = synthetic_people(count)
    for number, person in enumerate(people):
        given, _space, family = person.name.partition(" ")
        person.given_name, person.family_name = given, family
        person.nickname = given[:3]
        person.urls = [f"https://example.org/{number}"]
        person.typed = [
            TypedValue(of=TypedField.PHONE, value=phone, types=["cell"], label="Mobile")
            for phone in person.phones
        ] + [TypedValue(of=TypedField.EMAIL, value=e, types=["work"]) for e in person.emails]
        person.addresses = [
            Address(
                street=f"Calle Mayor {number}",
                locality="Madrid",
                postal_code="28013",
                country="Spain",
                types=["work"],
            )
        ]
        person.birthday = f"19{50 + number % 50}-{1 + number % 12:02d}-{1 + number % 28:02d}"
        person.departments = ["Ventas"]
        person.kept_properties = [KeptProperty(name="X-GENDER", value="F")]
    return people


def with_shared_website(blob: bytes) -> bytes:
    """Every card with one company website more: many cards share one URL."""
    return blob.replace(b"END:VCARD", b"URL;TYPE=WORK:http://www.ibm.com\r\nEND:VCARD")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    args = parser.parse_args()
    blob = "".join(write_vcard(p) for p in whole_cards(args.people)).encode()
    with tempfile.TemporaryDirectory(prefix="nettui-bench-") as tmp:
        db = Path(tmp) / "import.json"
        started = time.perf_counter()
        cards, _ = read_vcards(blob)
        parse_s = time.perf_counter() - started
        first, added, errors = timed_import(db, blob)
        again, added_again, _ = timed_import(db, blob)
        exported, size = timed_export(db)
        shared, added_shared, _ = timed_import(Path(tmp) / "shared.json", with_shared_website(blob))
    print(f"{args.people:,} vCards, {len(blob) / 1e6:.1f} MB, {len(cards):,} read")
    print(f"{'step':<44} {'s':>8}")
    print("-" * 53)
    print(f"{'read (parse) only':<44} {parse_s:>8.2f}")
    print(f"{f'import into an empty store ({added:,} added)':<44} {first:>8.2f}")
    print(f"{f'import again ({added_again:,} added)':<44} {again:>8.2f}")
    print(f"{f'import, a website on every card ({added_shared:,} added)':<44} {shared:>8.2f}")
    print(f"{f'export as vCard 3.0 ({size / 1e6:.1f} MB)':<44} {exported:>8.2f}")
    print(f"{'cards skipped':<44} {errors:>8}")
    print()
    print("targets: importing 10,000 vCards in <= 5 s; exporting them in <= 2 s")


if __name__ == "__main__":
    main()
