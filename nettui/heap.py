"""How the app's process gives memory back (glibc's malloc; elsewhere nothing)."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

M_TRIM_THRESHOLD = -1  # mallopt's parameters, from glibc's malloc.h
M_MMAP_THRESHOLD = -3
LARGE_BLOCK = 128 * 1024  # glibc's own starting thresholds
LARGEST_THRESHOLD = 32 * 1024 * 1024  # glibc's own ceiling, on 64 bits


@lru_cache(maxsize=1)
def _libc() -> Any:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.mallopt, libc.malloc_trim  # noqa: B018 (glibc has both)
    except (OSError, AttributeError, TypeError):
        return None  # not glibc: its own allocator, left as it is
    return libc


def map_large_blocks_apart() -> None:
    """Make every block of LARGE_BLOCK or more its own mapping, unmapped when freed.

    glibc raises its threshold to the size of each mapped block freed (up to its max),
    so later blocks that size come from the heap and, once freed, stay in RSS (the
    file's buffers, the search index's, numpy's arrays): a fixed threshold stops it.
    With matching's large_blocks_in_heap, this keeps the app within its memory target
    (README, "Performance").
    """
    libc = _libc()
    if libc is not None:
        libc.mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)


@contextlib.contextmanager
def large_blocks_in_heap() -> Iterator[None]:
    """For work that makes and frees many large arrays (matching): mapping each one
    afresh made it twice as slow. They come from the heap meanwhile, and what is
    free in the heap goes back to the system after."""
    libc = _libc()
    if libc is None:
        yield
        return
    for parameter in (M_MMAP_THRESHOLD, M_TRIM_THRESHOLD):
        libc.mallopt(parameter, LARGEST_THRESHOLD)
    try:
        yield
    finally:
        for parameter in (M_MMAP_THRESHOLD, M_TRIM_THRESHOLD):
            libc.mallopt(parameter, LARGE_BLOCK)
        libc.malloc_trim(0)
