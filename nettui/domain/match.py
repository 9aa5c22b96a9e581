"""One match: a need, an offer that may answer it, who helps whom, how well, and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nettui.domain.models import ME, NeedOffer
from nettui.i18n import N_

if TYPE_CHECKING:
    from nettui.domain.matching import Matcher

KIND_YOU_CAN_HELP = "you_can_help"  # my offer x their need
KIND_THEY_CAN_HELP = "they_can_help"  # their offer x my need
KIND_INTRODUCE = "introduce"  # A's offer x B's need, neither is me
KIND_TITLES = {  # marked for translation; shown through _()
    KIND_YOU_CAN_HELP: N_("You can help"),
    KIND_THEY_CAN_HELP: N_("They can help you"),
    KIND_INTRODUCE: N_("Introduce"),
}

# What a score means to a person: words, not cosines (JSON keeps the number).
STRENGTH_STRONG, STRENGTH_GOOD, STRENGTH_POSSIBLE = "strong", "good", "possible"
STRENGTH_LABELS = {  # marked for translation; shown through _()
    STRENGTH_STRONG: N_("strong"),
    STRENGTH_GOOD: N_("good"),
    STRENGTH_POSSIBLE: N_("possible"),
}
STRONG_SCORE = 0.45  # at or above: strong
GOOD_SCORE = 0.25  # at or above: good; below: possible


def strength_of(score: float) -> str:
    """How strong a match is, in a word a person reads ("strong", "good", "possible")."""
    if score >= STRONG_SCORE:
        return STRENGTH_STRONG
    if score >= GOOD_SCORE:
        return STRENGTH_GOOD
    return STRENGTH_POSSIBLE


class Match:
    """A need, an offer that may answer it, how well, and why (worked out when asked)."""

    __slots__ = ("_matcher", "_why", "kind", "need", "offer", "score")

    def __init__(self, need: NeedOffer, offer: NeedOffer, score: float, matcher: Matcher) -> None:
        self.need = need
        self.offer = offer
        self.score = score
        self.kind = kind_of(need, offer)
        # The matcher itself, not its bound method: a new bound method per match
        # costs memory across tens of thousands of matches.
        self._matcher = matcher
        self._why: list[str] | None = None

    @property
    def why(self) -> list[str]:
        """The shared words, concepts and tags, the most telling first."""
        if self._why is None:
            self._why = self._matcher.reasons(self.need, self.offer)
        return self._why


def best_first(matches: list[Match]) -> list[Match]:
    """Best score first, then by need and offer id: three stable sorts on attributes the
    matches hold, not one on a new tuple per match (tens of thousands of them)."""
    matches.sort(key=lambda m: m.offer.id)
    matches.sort(key=lambda m: m.need.id)
    matches.sort(key=lambda m: m.score, reverse=True)
    return matches


def kind_of(need: NeedOffer, offer: NeedOffer) -> str:
    if offer.person_id == ME:
        return KIND_YOU_CAN_HELP
    if need.person_id == ME:
        return KIND_THEY_CAN_HELP
    return KIND_INTRODUCE
