"""How the app's process gives memory back (glibc's malloc; elsewhere nothing)."""

from __future__ import annotations

import ctypes
import ctypes.util

M_MMAP_THRESHOLD = -3  # mallopt's parameter, from glibc's malloc.h
LARGE_BLOCK = 128 * 1024  # glibc's own starting threshold


def map_large_blocks_apart() -> None:
    """Make every block of LARGE_BLOCK or more its own mapping, unmapped when freed.

    glibc raises its threshold to the size of each mapped block freed (up to 32 MB),
    so later blocks that size come from the heap and, once freed, stay in RSS: numpy's
    arrays while matching, the file's buffers while writing. At 10,000 people that was
    9 MB of the app's peak once every match was worked out. A fixed threshold stops it.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)
    except (OSError, AttributeError, TypeError):
        pass  # not glibc: its own allocator, left as it is
