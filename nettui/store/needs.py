"""Needs and offers, the matcher's life (built once, kept up to date, dropped on a
reload), and what the user does about a match (introductions)."""

from __future__ import annotations

import sys
from collections.abc import Collection, Sequence

from tinydb.table import Document

from nettui.domain.introductions import (
    LOGGED_STATES,
    introduction_interactions,
    logs_interactions,
)
from nettui.domain.labels import label
from nettui.domain.matching import Match, Matcher
from nettui.domain.models import (
    ME,
    Introduction,
    IntroductionStatus,
    NeedOffer,
    NeedOfferKind,
    NeedOfferStatus,
    Person,
    Record,
    ValidationError,
    now_iso,
)
from nettui.domain.records import check_choice
from nettui.heap import large_blocks_in_heap
from nettui.i18n import _
from nettui.store.core import R, edited, record_id
from nettui.store.documents import Documents, Raw
from nettui.store.errors import NotFound
from nettui.store.people import PeopleStore
from nettui.store.tables import document


class NeedsStore(PeopleStore):
    """Needs, offers and their matches, over the people they belong to."""

    def add(self, record: R) -> R:
        """Store a new record of any kind (needs, offers, meetups, events...)."""
        record.validate()
        with self.transaction():
            self._insert(record)
        return record

    def add_many(self, records: Sequence[Record]) -> None:
        """Store many new records in one write (imports, the demo, benchmarks)."""
        for record in records:
            record.validate()
        by_table: dict[type[Record], list[Document]] = {}
        for record in records:
            doc = document(record.to_dict(), record_id(record))
            by_table.setdefault(type(record), []).append(doc)
        with self.transaction():
            for cls, docs in by_table.items():
                self._table(cls).insert_multiple(docs)
        self._index = None  # rebuilt on next use
        self._matcher = None

    # -- needs, offers and matches ---------------------------------------------------------

    def need_offer(self, item_id: str) -> NeedOffer | None:
        raw = self._raw(NeedOffer).get(item_id)
        return NeedOffer.from_dict(raw) if raw is not None else None

    def add_need_offer(self, item: NeedOffer) -> NeedOffer:
        """A new need or offer, of a person or of "me"; its matches follow at once."""
        item.validate()
        with self.transaction():
            self._check_owner(item.person_id)
            self._insert(item)
        with self._matcher_lock:
            if self._matcher is not None:
                self._matcher.put(item)
        return item

    def update_need_offer(
        self, item: NeedOffer, changed: Collection[str] | None = None
    ) -> NeedOffer:
        """Edit the text or tags, or close it (done, dropped): closed ones match nothing.
        With `changed`, only those fields are taken from `item` (see update_person)."""
        with self.transaction():
            if changed is not None:
                missing = _("No need or offer with id {id}.").format(id=item.id)
                item = edited(self.need_offer(item.id), item, changed, missing)
            item.validate()
            item.updated = now_iso()
            self._check_owner(item.person_id)
            self._replace(item)
        with self._matcher_lock:
            if self._matcher is not None:
                self._matcher.put(item)
        return item

    def delete_need_offer(self, item_id: str) -> NeedOffer:
        with self.transaction():
            item = self.need_offer(item_id)
            if item is None:
                raise NotFound(_("No need or offer with id {id}.").format(id=item_id))
            self._table(NeedOffer).remove(doc_ids=[item_id])
        with self._matcher_lock:
            if self._matcher is not None:
                self._matcher.remove(item_id)
        self._last_deleted_item = item
        return item

    def can_undo_need_offer(self) -> bool:
        """Is there a deleted need or offer that undo_delete_need_offer would bring back?"""
        return self._last_deleted_item is not None

    def undo_delete_need_offer(self) -> NeedOffer | None:
        item = self._last_deleted_item
        if item is None:
            return None
        self.add_need_offer(item)
        self._last_deleted_item = None
        return item

    def matcher(self) -> Matcher:
        """Every match between open needs and offers (built once, then kept up to date)."""
        with self._matcher_lock:
            return self._build_matcher()

    def _build_matcher(self) -> Matcher:
        self.storage.read()  # reloads, and drops the matcher, if another process wrote
        if self._matcher is None:
            dismissed = [
                (d["need_id"], d["offer_id"])
                for d in self._raw(Introduction).values()
                if d.get("status") == IntroductionStatus.DISMISSED
            ]
            # The objects the lists show, not copies of them: there are many.
            with large_blocks_in_heap():
                self._matcher = Matcher(self.needs_offers(), dismissed=dismissed)
        return self._matcher

    def matches(self, limit: int | None = None) -> list[Match]:
        with self._matcher_lock:
            return self.matcher().matches(limit)

    def matches_for_need(self, need_id: str) -> list[Match]:
        return self.matcher().matches_for_need(need_id)

    def matches_for_offer(self, offer_id: str) -> list[Match]:
        return self.matcher().matches_for_offer(offer_id)

    def introductions(self) -> list[Introduction]:
        return sorted(self._records(Introduction), key=lambda i: i.created)

    def introduction_for(self, need_id: str, offer_id: str) -> Introduction | None:
        for raw in self._raw(Introduction).values():
            if raw.get("need_id") == need_id and raw.get("offer_id") == offer_id:
                return Introduction.from_dict(raw)
        return None

    def introductions_of(self, person_id: str) -> list[tuple[Introduction, NeedOffer, NeedOffer]]:
        """Introductions where this person has the need or the offer, newest first."""
        items = self._raw(NeedOffer)
        found = []
        for raw in self._raw(Introduction).values():
            need, offer = items.get(raw.get("need_id", "")), items.get(raw.get("offer_id", ""))
            if need is None or offer is None:
                continue
            if person_id in (need.get("person_id"), offer.get("person_id")):
                found.append(
                    (
                        Introduction.from_dict(raw),
                        NeedOffer.from_dict(need),
                        NeedOffer.from_dict(offer),
                    )
                )
        return sorted(found, key=lambda t: t[0].created, reverse=True)

    def act_on_match(
        self, need_id: str, offer_id: str, status: IntroductionStatus | str, note: str = ""
    ) -> Introduction:
        """Record what the user did about a match: offered help, asked both people,
        they accepted or declined, introduced, it helped, or dismissed (which hides the
        pair for good).

        Each state is logged in the interaction history of every person involved (never
        "me"), once (domain/introductions.py), so it shows on their pages.
        """
        status = check_choice(status, IntroductionStatus, "status")
        with self.transaction():
            need, offer = self._need_and_offer(need_id, offer_id)
            intro = self.introduction_for(need_id, offer_id)
            new = intro is None
            previous = None if intro is None else intro.status
            if intro is None:
                intro = Introduction(need_id=need_id, offer_id=offer_id, status=status, note=note)
                logged: set[str] = set()
            else:
                # The state it had was logged (stored before states were remembered too).
                logged = {*intro.logged, intro.status}
                intro.status = status
                intro.note = note or intro.note
            logs = logs_interactions(status, logged, previous)
            intro.logged = sorted((logged | {status} if logs else logged) & set(LOGGED_STATES))
            intro.validate()
            if new:
                self._insert(intro)
            else:
                self._replace(intro)
            if logs:
                for interaction in introduction_interactions(need, offer, status, self.owner_name):
                    self.log_interaction(interaction)
        if status == IntroductionStatus.DISMISSED:
            self.matcher().dismiss(need_id, offer_id)
        return intro

    def ask_introduction(self, need_id: str, offer_id: str) -> tuple[Introduction, bool]:
        """The messages of an introduction were drafted: "asked", unless it is further
        along already (accepted, introduced...: drafting again changes nothing). Also
        True when it was set now."""
        with self.transaction():
            self._need_and_offer(need_id, offer_id)
            intro = self.introduction_for(need_id, offer_id)
            if intro is not None and intro.status not in (
                IntroductionStatus.SUGGESTED,
                IntroductionStatus.DISMISSED,
            ):
                return intro, False
            return self.act_on_match(need_id, offer_id, IntroductionStatus.ASKED), True

    def best_match_between(self, a_id: str, b_id: str) -> Match | None:
        """The best open match between two people, either way: a need of one met by an
        offer of the other (None when there is none)."""
        found: list[Match] = []
        for asker, helper in ((a_id, b_id), (b_id, a_id)):
            for item in self.needs_offers_of(asker):
                if item.kind == NeedOfferKind.NEED and item.status == NeedOfferStatus.OPEN:
                    found += [
                        m for m in self.matches_for_need(item.id) if m.offer.person_id == helper
                    ]
        return max(found, key=lambda m: m.score, default=None)

    def _need_and_offer(self, need_id: str, offer_id: str) -> tuple[NeedOffer, NeedOffer]:
        need, offer = self.need_offer(need_id), self.need_offer(offer_id)
        if (
            need is None
            or offer is None
            or need.kind != NeedOfferKind.NEED
            or offer.kind != NeedOfferKind.OFFER
        ):
            raise NotFound(_("That need or offer no longer exists."))
        return need, offer

    def needs_offers_of(self, person_id: str) -> list[NeedOffer]:
        found = [NeedOffer.from_dict(d) for d in self._owned_by(NeedOffer, person_id)]
        return sorted(found, key=lambda n: n.created)

    def needs_offers(self) -> list[NeedOffer]:
        """Every need and offer, oldest first. The objects are kept until the table
        changes (making them all again is slow): read them; to change one, ask need_offer().
        A record broken by hand (text that is a number) is left out, not fatal to every
        list and match: `nettui doctor` reports it."""

        def made(rows: Documents) -> list[NeedOffer]:
            # A document whose text is the very one of the last time keeps its object:
            # after one change, making them all again was slow, and took twice the
            # memory while the matcher kept the old ones.
            old_texts, old_items = self._need_offers_made
            place_of = {id(text): at for at, text in enumerate(old_texts)}
            found: list[NeedOffer] = []
            texts: list[Raw] = []  # what can be kept for next time
            items: list[NeedOffer] = []
            # Equal values made one string, kept for the session: a copy of the owner and
            # time in each of them took much memory (kind and status are enum members).
            for item_id, text in rows.rows.items():
                at = place_of.get(id(text))
                if at is not None and old_texts[at] is text:
                    item = old_items[at]
                else:
                    try:
                        item = NeedOffer.from_dict(rows[item_id])
                    except ValidationError:
                        continue
                    if item.id == item_id:
                        item.id = item_id  # the table's own key
                    item.person_id = sys.intern(item.person_id)  # as in tables.by_person
                    if item.updated == item.created:  # never edited: most of them
                        item.updated = item.created
                found.append(item)
                if type(text) is Raw:  # a dict may yet change in place
                    texts.append(text)
                    items.append(item)
            self._need_offers_made = (texts, items)
            return sorted(found, key=lambda n: n.created)

        kept = self.storage.derived(NeedOffer.TABLE, "oldest first", made)
        return list(kept)

    def owner_names(self) -> dict[str, str]:
        """Every person's name by id, and "me": names for lists of needs and matches,
        without making a Person object each."""
        from nettui.domain.network import name_of

        names = self.storage.derived(
            Person.TABLE,
            "names",
            lambda rows: {
                i: name_of(row)
                for i, row in zip(rows, rows.fields("name", "handles", "emails"), strict=True)
            },
        )
        return {**names, ME: label(ME)}

    @property
    def matches_ready(self) -> bool:
        """Are the matches worked out (else the first ask can take long in a large
        store: the Needs screen asks from a worker)?"""
        self.storage.read()  # a cheap stat; a reload drops the matcher
        return self._matcher is not None

    def help_now(self) -> list[Match]:
        """Their open needs that one of my offers matches, best first. With no open
        offer of mine there are none, and everyone's matches are not worked out for
        it (in a large store that takes long and much memory)."""
        mine = [
            row
            for row in self._owned_by(NeedOffer, ME)
            if row.get("kind") == NeedOfferKind.OFFER and row.get("status") == NeedOfferStatus.OPEN
        ]
        if not mine:
            return []
        with self._matcher_lock:
            return self.matcher().matches_of_offers_by(ME)
