"""The memory snapshot as served: its zero pages left out ("MSP1", then gzip).

Why: about half of the 30 MiB heap a snapshot holds is 4 KiB pages of zeros (freed or never
used memory). gzip packs those to almost nothing, but the browser still inflates all 30 MiB
through a ``DecompressionStream`` before restoring, the longest step of a first visit after
the download. Leaving them out halves what is inflated; the worker puts the others back in a
zeroed buffer of the full size (``unpackSnapshot`` in ``analyzer-worker.mjs``), and checks the
result against the sha256 of the snapshot as Pyodide made it.

Layout, little-endian: ``b"MSP1"``, page size (u32), snapshot length (u32), page count (u32),
a bitmap of the pages kept (bit ``i % 8`` of byte ``i // 8``), then the kept pages in order
(the last one may be short).
"""

from __future__ import annotations

import struct

MAGIC = b"MSP1"
PAGE = 4096
_HEADER = struct.Struct("<4sIII")


class PackProblem(ValueError):
    """Bytes that are not a packed snapshot, or a damaged one."""


def pack(raw: bytes) -> bytes:
    """``raw`` without its all-zero pages, with the map to put them back."""
    count = (len(raw) + PAGE - 1) // PAGE
    bitmap = bytearray((count + 7) // 8)
    kept: list[bytes] = []
    zero = bytes(PAGE)
    for index in range(count):
        page = raw[index * PAGE : (index + 1) * PAGE]
        if page != zero[: len(page)]:
            bitmap[index // 8] |= 1 << (index % 8)
            kept.append(page)
    return _HEADER.pack(MAGIC, PAGE, len(raw), count) + bytes(bitmap) + b"".join(kept)


def unpack(packed: bytes) -> bytes:
    """The snapshot ``pack`` was given (the browser does the same in JavaScript)."""
    if len(packed) < _HEADER.size:
        raise PackProblem("too short for a packed snapshot")
    magic, page, length, count = _HEADER.unpack_from(packed)
    if magic != MAGIC or page <= 0 or count != (length + page - 1) // page:
        raise PackProblem("not a packed snapshot (bad header)")
    offset = _HEADER.size + (count + 7) // 8
    bitmap = packed[_HEADER.size : offset]
    out = bytearray(length)
    for index in range(count):
        if bitmap[index // 8] >> (index % 8) & 1:
            size = min(page, length - index * page)
            if offset + size > len(packed):
                raise PackProblem("a packed snapshot cut short")
            out[index * page : index * page + size] = packed[offset : offset + size]
            offset += size
    if offset != len(packed):
        raise PackProblem("trailing bytes after a packed snapshot")
    return bytes(out)
