"""``snapshot_pack``: the served snapshot without its zero pages, put back exactly."""

from __future__ import annotations

import pytest
from merlin_troubleshooting import snapshot_pack as sp


def heap_like(pages: int, tail: int) -> bytes:
    """Pages of data and of zeros, a data page with zeros at its end, and a short last page."""
    chunks = []
    for index in range(pages):
        chunks.append(bytes([index % 251 + 1]) * sp.PAGE if index % 3 else bytes(sp.PAGE))
    chunks.append(b"\x07" * 10 + bytes(sp.PAGE - 10))
    chunks.append(b"\x09" * tail)
    return b"".join(chunks)


@pytest.mark.parametrize("tail", [0, 1, 4095])
def test_unpack_gives_back_the_exact_snapshot_and_zero_pages_are_left_out(tail: int) -> None:
    raw = heap_like(30, tail)
    packed = sp.pack(raw)
    assert sp.unpack(packed) == raw
    assert len(packed) < len(raw) - 9 * sp.PAGE  # the 10 zero pages, less the header and map


def test_damaged_or_foreign_bytes_are_refused() -> None:
    packed = sp.pack(heap_like(8, 100))
    for bad in (b"\x1f\x8b" + packed[2:], packed[:-1], packed + b"\0", packed[:10]):
        with pytest.raises(sp.PackProblem):
            sp.unpack(bad)
