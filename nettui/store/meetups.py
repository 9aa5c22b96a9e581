"""Meetups (planned, done, cancelled, and the follow-ups of one that happened), and the
agenda. (Events are store/events.py's.)"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from nettui.domain.card import Photo
from nettui.domain.limits import check_lengths
from nettui.domain.meetups import agenda_text, done_summary
from nettui.domain.models import (
    ME,
    Channel,
    Interaction,
    Meetup,
    MeetupStatus,
    NeedOffer,
    NeedOfferKind,
    ValidationError,
    now_iso,
)
from nettui.i18n import _
from nettui.store import photos
from nettui.store.errors import AlreadyRecorded, Ambiguous, NotFound, StoreWriteError, os_reason
from nettui.store.needs import NeedsStore


class MeetupsStore(NeedsStore):
    """Meetups, over the people who come and the needs they leave."""

    def meetups_of(self, person_id: str) -> list[Meetup]:
        found = [Meetup.from_dict(d) for d in self._owned_by(Meetup, person_id)]
        return sorted(found, key=lambda m: datetime.fromisoformat(m.start), reverse=True)

    def meetups(self) -> list[Meetup]:
        return sorted(self._records(Meetup), key=lambda m: datetime.fromisoformat(m.start))

    def meetup(self, meetup_id: str) -> Meetup | None:
        raw = self._raw(Meetup).get(meetup_id)
        return Meetup.from_dict(raw) if raw is not None else None

    def resolve_meetup(self, ref: str) -> Meetup:
        """A meetup from an id or a unique id prefix (at least 4 characters)."""
        ref = ref.strip().lower()
        found = self.meetup(ref)
        if found:
            return found
        ids = [i for i in self._raw(Meetup) if len(ref) >= 4 and i.startswith(ref)]
        found = self.meetup(ids[0]) if len(ids) == 1 else None
        if found is not None:
            return found
        if ids:
            raise Ambiguous(
                _("{ref!r} could be {n} meetups; give more of the id.").format(ref=ref, n=len(ids))
            )
        raise NotFound(_("No meetup with id {ref!r}. `nettui agenda` lists them.").format(ref=ref))

    def overlapping(self, meetup: Meetup) -> list[Meetup]:
        """Other planned meetups that overlap this one in time."""
        start, end = datetime.fromisoformat(meetup.start), datetime.fromisoformat(meetup.end)
        found = []
        for raw in self._raw(Meetup).values():
            if raw.get("id") == meetup.id or raw.get("status") != MeetupStatus.PLANNED:
                continue
            other = Meetup.from_dict(raw)
            if datetime.fromisoformat(other.start) < end and start < datetime.fromisoformat(
                other.end
            ):
                found.append(other)
        return found

    def plan_meetup(self, meetup: Meetup) -> Meetup:
        meetup.validate()
        check_lengths(meetup)
        with self.transaction():
            for person_id in meetup.people:
                self._check_owner(person_id)
            self._insert(meetup)
        return meetup

    def meetup_done(
        self,
        meetup_id: str,
        outcome: str = "",
        photo_together: bool = False,
        when: datetime | None = None,
        photo: Photo | None = None,
    ) -> Meetup:
        """It happened: every attendee has now met you in person (the first date is
        kept), their last contact follows, and an in-person interaction is logged.

        Recorded once: a second time is refused (AlreadyRecorded), never a second
        interaction. Recorded before its start, it moves to the moment it is recorded,
        keeping its length, so its date and the attendees' first meeting agree.

        `photo` (photos.image_from_file): the photo together, written beside the store
        before the record that names it; it means a photo together was taken."""
        with self.transaction():
            meetup = self.meetup(meetup_id)
            if meetup is None:
                raise NotFound(_("No meetup with id {id}.").format(id=meetup_id))
            self.check_not_recorded(meetup)
            start, end = datetime.fromisoformat(meetup.start), datetime.fromisoformat(meetup.end)
            now = when or datetime.now().astimezone().replace(second=0, microsecond=0)
            if start > now:
                meetup.start, meetup.end = now.isoformat(), (now + (end - start)).isoformat()
            meetup.status = MeetupStatus.DONE
            meetup.outcome = outcome.strip() or meetup.outcome
            meetup.photo_together = photo_together or meetup.photo_together
            if photo is not None:
                meetup.photo = self._write_meetup_photo(meetup.id, photo)
                meetup.photo_together = True
            meetup.updated = now_iso()
            self._replace(meetup)
            at = min(start, now).isoformat()
            summary = done_summary(meetup)
            for person_id in meetup.people:
                if person_id == ME or self.person(person_id) is None:
                    continue
                self.log_interaction(
                    Interaction(
                        person_id=person_id,
                        at=at,
                        channel=Channel.IN_PERSON,
                        in_person=True,
                        summary=summary,
                    )
                )
        return meetup

    def add_meetup_photo(self, meetup_id: str, photo: Photo) -> Meetup:
        """The photo together of a meetup already recorded (it came the day after, from
        a friend's phone): kept, replacing the one it had; nothing else changes."""
        with self.transaction():
            meetup = self.meetup(meetup_id)
            if meetup is None:
                raise NotFound(_("No meetup with id {id}.").format(id=meetup_id))
            meetup.photo = self._write_meetup_photo(meetup.id, photo)
            meetup.photo_together = True
            meetup.updated = now_iso()
            self._replace(meetup)
        return meetup

    def _write_meetup_photo(self, meetup_id: str, photo: Photo) -> str:
        """Written first: a photo no record names yet is harmless (doctor says so), a
        record naming a photo that is not there is not."""
        name = photos.meetup_name_for(meetup_id, photo.kind)
        try:
            photos.write(self.path, name, photo.data)
        except OSError as error:
            raise StoreWriteError(
                _("Could not save the photo in {folder}: {reason}.").format(
                    folder=photos.folder_of(self.path), reason=os_reason(error)
                )
            ) from None
        return name

    def photo_path(self, meetup: Meetup) -> Path | None:
        """Where a meetup's photo together is, if it has one and it is there."""
        if not meetup.photo or not photos.is_safe(meetup.photo):
            return None
        path = photos.folder_of(self.path) / meetup.photo
        return path if path.is_file() else None

    @staticmethod
    def check_not_recorded(meetup: Meetup) -> None:
        if meetup.status == MeetupStatus.DONE:
            from nettui.i18n import day_month_year

            day = datetime.fromisoformat(meetup.updated).astimezone()
            raise AlreadyRecorded(
                _("This meetup was already recorded on {date}.").format(date=day_month_year(day))
            )

    @staticmethod
    def attendees(meetup: Meetup) -> list[str]:
        """Who a follow-up need or offer can belong to: the people there, not me."""
        return [p for p in meetup.people if p != ME] or list(meetup.people)

    def record_outcome(
        self,
        meetup_id: str,
        outcome: str = "",
        photo_together: bool = False,
        need: str = "",
        offer: str = "",
        next_start: datetime | None = None,
        follow_up_of: str | None = None,
        photo: Photo | None = None,
    ) -> Meetup | None:
        """After a meetup: how it went, a follow-up need and offer (of `follow_up_of`,
        which must be one of the attendees; it may be left out when there is only one)
        and the next meetup. Everything is checked before anything is written, and it
        is one write. Returns the next meetup, if one was planned."""
        with self.transaction():
            meetup = self.meetup(meetup_id)
            if meetup is None:
                raise NotFound(_("No meetup with id {id}.").format(id=meetup_id))
            self.check_not_recorded(meetup)
            follow_ups = [
                NeedOffer(person_id="", kind=kind, text=text)
                for kind, text in ((NeedOfferKind.NEED, need), (NeedOfferKind.OFFER, offer))
                if text.strip()
            ]
            if follow_ups:
                owner = self._follow_up_owner(meetup, follow_up_of)
                for item in follow_ups:
                    item.person_id = owner
                    item.validate()
            again = None
            if next_start is not None:
                length = datetime.fromisoformat(meetup.end) - datetime.fromisoformat(meetup.start)
                again = Meetup(
                    title=meetup.title,
                    people=meetup.people,
                    start=next_start.isoformat(),
                    end=(next_start + length).isoformat(),
                    place=meetup.place,
                    kind=meetup.kind,
                )
                again.validate()
            self.meetup_done(meetup_id, outcome=outcome, photo_together=photo_together, photo=photo)
            for item in follow_ups:
                self.add_need_offer(item)
            if again is not None:
                self.plan_meetup(again)
        return again

    def _follow_up_owner(self, meetup: Meetup, person_id: str | None) -> str:
        """Whose follow-up need or offer it is; never guessed among several people."""
        attendees = self.attendees(meetup)
        if person_id is None and len(attendees) == 1:
            return attendees[0]
        names = ", ".join(self.owner_name(p) for p in attendees)
        if person_id is None:
            raise ValidationError(
                _("{n} people were at this meetup: say whose follow-up it is ({names}).").format(
                    n=len(attendees), names=names
                )
            )
        if person_id not in attendees:
            raise ValidationError(
                _("{name} was not at this meetup; the people there: {names}.").format(
                    name=self.owner_name(person_id), names=names
                )
            )
        return person_id

    def update_meetup(self, meetup: Meetup) -> Meetup:
        """Store a changed meetup (its title, time or place moved in a calendar app,
        or a sync conflict settled); its people must still be known."""
        meetup.validate()
        check_lengths(meetup)
        with self.transaction():
            if self.meetup(meetup.id) is None:
                raise NotFound(_("No meetup with id {id}.").format(id=meetup.id))
            for person_id in meetup.people:
                self._check_owner(person_id)
            meetup.updated = now_iso()
            self._replace(meetup)
        return meetup

    def cancel_meetup(self, meetup_id: str) -> Meetup:
        with self.transaction():
            meetup = self.meetup(meetup_id)
            if meetup is None:
                raise NotFound(_("No meetup with id {id}.").format(id=meetup_id))
            meetup.status = MeetupStatus.CANCELLED
            meetup.updated = now_iso()
            self._replace(meetup)
        return meetup

    def agenda(self, start: datetime, end: datetime | None = None) -> list[Meetup]:
        """Planned meetups from `start` (until `end`), soonest first."""
        found = []
        for raw in self._raw(Meetup).values():
            if raw.get("status") != MeetupStatus.PLANNED:
                continue
            meetup = Meetup.from_dict(raw)
            begins = datetime.fromisoformat(meetup.start)
            if datetime.fromisoformat(meetup.end) >= start and (end is None or begins <= end):
                found.append(meetup)
        return sorted(found, key=lambda m: datetime.fromisoformat(m.start))

    def agenda_text(self, person_id: str) -> str:
        """A first agenda for meeting someone: their open needs, and what I can offer."""
        mine = [m for m in self.matcher().matches() if m.need.person_id == person_id]
        offers = [m.offer for m in mine if m.offer.person_id == ME]
        return agenda_text(self.needs_offers_of(person_id), offers)
