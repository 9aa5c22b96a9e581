"""Work on thousands of records at once: imports and exports."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_gc_pauses() -> Iterator[None]:
    """Reading or writing a file of thousands of cards makes hundreds of thousands of
    small objects, none of them garbage: Python's cycle collector would walk them over
    and over for nothing (it took half the time of an import). Reference counting
    still frees everything as usual; the collector runs again afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
