"""The snapshots' fixed world: one clock for every screen, the demo's time zone."""

from __future__ import annotations

from datetime import datetime

import pytest
from dateutil import tz

from tests.clock import freeze_clock

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=tz.gettz("Europe/Madrid"))


@pytest.fixture
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Now is NOW in Madrid for the whole app, whichever screen asks."""
    freeze_clock(monkeypatch, NOW)
    monkeypatch.setenv("TZ", "Europe/Madrid")
    return NOW
