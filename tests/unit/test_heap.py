"""The process's memory settings: glibc only, and harmless anywhere else."""

from __future__ import annotations

from nettui import heap
from nettui.domain.matching import Matcher
from nettui.domain.models import NeedOffer


def test_matching_inside_large_blocks_in_heap_gives_the_same_matches():
    items = [
        NeedOffer(person_id="ana", kind="need", text="Busco abogada laboralista"),
        NeedOffer(person_id="bea", kind="offer", text="Abogada laboralista, consulta"),
    ]
    heap.map_large_blocks_apart()
    with heap.large_blocks_in_heap():
        inside = [(m.need.id, m.offer.id, m.score) for m in Matcher(items).matches()]
    assert inside == [(m.need.id, m.offer.id, m.score) for m in Matcher(items).matches()]
    assert len(inside) == 1


def test_without_glibc_nothing_is_done_and_nothing_fails(monkeypatch):
    heap._libc.cache_clear()
    monkeypatch.setattr(heap.ctypes.util, "find_library", lambda name: "libnot-there.so.9")
    try:
        assert heap._libc() is None
        heap.map_large_blocks_apart()
        with heap.large_blocks_in_heap():
            pass
    finally:
        heap._libc.cache_clear()
