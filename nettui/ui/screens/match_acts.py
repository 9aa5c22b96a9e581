"""What the Needs & offers screen does about a match: enter acts on it (introduced,
offered or asked for help, it helped, dismissed: match_action.py), `i` drafts the
introduction of two other people (intro_drafts.py). Apart from the screen's lists,
tabs and filter, which it does not touch: it asks the screen to refresh when done."""

from __future__ import annotations

from collections.abc import Callable

from nettui.domain.matching import KIND_INTRODUCE, Match
from nettui.domain.models import NeedOfferStatus
from nettui.i18n import _
from nettui.ui.screens.base import StoreScreen
from nettui.ui.screens.intro_drafts import IntroDraftsScreen, Introducing
from nettui.ui.screens.match_action import MatchAction, MatchActionScreen


class MatchActs:
    def __init__(self, screen: StoreScreen, refresh: Callable[[], None]) -> None:
        self.screen = screen
        self.refresh = refresh

    def open(self, match: Match) -> None:
        """Enter on a match: what did you do about it?"""
        repo = self.screen.repo
        intro = repo.introduction_for(match.need.id, match.offer.id)
        chooser = MatchActionScreen(
            match,
            repo.owner_name(match.need.person_id),
            repo.owner_name(match.offer.person_id),
            intro.status if intro else None,
        )
        self.screen.nettui.open_screen(chooser, lambda action: self._act(match, action))

    def drafts(self, match: Match) -> None:
        """`i` on a match between two other people: the messages introducing them, in
        the interface's language first. A is the one who offers, B the one who needs."""
        repo = self.screen.repo
        if match.kind != KIND_INTRODUCE:
            return
        a, b = repo.person(match.offer.person_id), repo.person(match.need.person_id)
        if a is None or b is None:  # deleted by another session meanwhile
            return
        introducing = Introducing(a=a, b=b, need=match.need, offer=match.offer)
        self.screen.nettui.open_screen(
            IntroDraftsScreen(introducing, self.screen.lang), lambda _: self.refresh()
        )

    def _act(self, match: Match, action: MatchAction | None) -> None:
        if action is None:
            return
        if action.status.startswith("open:"):
            self.screen.nettui.open_person(action.status.removeprefix("open:"))
            return
        repo = self.screen.repo

        def act() -> None:
            repo.act_on_match(match.need.id, match.offer.id, action.status)
            if action.close_need:
                need = repo.need_offer(match.need.id)
                if need is not None:
                    need.status = NeedOfferStatus.DONE
                    repo.update_need_offer(need, changed={"status"})

        self.screen.nettui.save(act, lambda _: self._acted(action))

    def _acted(self, action: MatchAction) -> None:
        said = {
            "asked": _("Recorded on both people's pages."),
            "accepted": _("Recorded on both people's pages."),
            "declined": _("Recorded on both people's pages."),
            "introduced": _("Recorded on both people's pages."),
            "helped": _("Recorded: it helped."),
            "dismissed": _("Dismissed: this pair will not be shown again."),
        }[action.status]
        if action.close_need:
            said += " " + _("The need is done.")
        self.screen.app.notify(said, markup=False)
        self.refresh()
