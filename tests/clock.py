"""A fixed "now" for tests that show dates: one name to replace, wherever it is used."""

from __future__ import annotations

from datetime import datetime, tzinfo

import pytest

from nettui.domain import dates


def freeze_clock(monkeypatch: pytest.MonkeyPatch, now: datetime) -> None:
    """Every `local_now()` of the app answers `now` for the rest of the test.

    local_now is imported by name in many modules (the screens, the app, the CLI); all
    of them read `nettui.domain.dates.clock`, so that one name is the freezing point and
    no test has to list the modules that ask for the time.
    """

    def frozen(zone: tzinfo | None = None) -> datetime:
        return now

    monkeypatch.setattr(dates, "clock", frozen)
