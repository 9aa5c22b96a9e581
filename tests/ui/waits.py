"""Waiting in Pilot tests for what the user would see, not for a fixed time.

The app re-reads the file every second, and saves, matching and the Dashboard run in
workers: a fixed `pilot.pause(1.5)` is too short on a loaded machine and wasted time on
a quiet one. Wait for the result instead (the name on screen, the record on disk):

    await wait_for(pilot, lambda: "Ana" in screen_text(app), what="Ana listed")

It polls with short pauses (each lets the app handle its messages) and fails naming
what it waited for.
"""

from __future__ import annotations

import time
from collections.abc import Callable

STEP = 0.05  # seconds between looks: short next to the app's one-second poll


async def wait_for(
    pilot, condition: Callable[[], object], *, timeout: float = 5.0, what: str
) -> None:
    """Return as soon as `condition()` is true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}, in vain")
        await pilot.pause(STEP)


async def saved(pilot) -> None:
    """After ctrl+s (or any key that saves): wait until the app's saves are on disk and
    their results shown. Saves run in a worker, and a loaded machine may take longer
    than one pause."""
    lane = pilot.app.saves
    await wait_for(pilot, lambda: not lane.busy, timeout=15, what="the save to finish")
    await pilot.pause()
