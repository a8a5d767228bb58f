"""Every image the docs reference is a committed, valid PNG of sensible size.

Screenshots are committed in the top-level ``images/`` folder and reach MkDocs through
the ``docs/images`` symlink, so docs pages link them as ``../images/<name>.png`` (or
``images/<name>.png`` from the docs root). This test resolves each link as MkDocs would
and checks the file in ``images/`` itself, so it also holds on a checkout where the
symlink did not survive.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
IMAGES = ROOT / "images"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_SIZE, MAX_SIZE = (200, 100), (4096, 8192)  # (width, height) in pixels
MAX_BYTES = 3 * 1024 * 1024

_MD_IMAGE = re.compile(r"!\[[^\]]{0,2000}\]\(\s{0,10}<?([^)\s>]{1,500})")
_HTML_IMAGE = re.compile(r"<img\b[^>]{0,2000}?\bsrc=[\"']([^\"']{1,500})[\"']", re.IGNORECASE)


def _image_links() -> list[tuple[str, str]]:
    """(page relative to docs/, link target) for every image in every Markdown page."""
    links = []
    for page in sorted(DOCS.rglob("*.md")):
        if "images" in page.relative_to(DOCS).parts[:1]:
            continue
        text = page.read_text(encoding="utf-8")
        for pattern in (_MD_IMAGE, _HTML_IMAGE):
            for match in pattern.finditer(text):
                links.append((page.relative_to(DOCS).as_posix(), match.group(1)))
    return links


def _committed_file(page: str, target: str) -> Path:
    """Map a link on a docs page to the file in the top-level images/ folder."""
    assert not re.match(r"^[a-z][a-z0-9+.-]*:|^/", target, re.IGNORECASE), (
        f"{page}: image link {target!r} must be relative (the site is hosted under varying paths)"
    )
    path = target.split("#", 1)[0].split("?", 1)[0]
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    assert resolved.startswith("images/"), (
        f"{page}: image {target!r} resolves to docs/{resolved}; images must live in images/ "
        "(served as docs/images/)"
    )
    return IMAGES / resolved.removeprefix("images/")


def read_png_size(path: Path) -> tuple[int, int]:
    """Validate the PNG structure with the stdlib and return (width, height)."""
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE), f"{path.name}: not a PNG (bad signature)"
    pos, chunks = len(PNG_SIGNATURE), []
    while pos < len(data):
        assert pos + 12 <= len(data), f"{path.name}: truncated chunk at byte {pos}"
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        assert pos + 12 + length <= len(data), f"{path.name}: truncated {kind!r} chunk"
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"{path.name}: bad CRC in {kind!r} chunk"
        chunks.append((kind, body))
        pos += 12 + length
        if kind == b"IEND":
            break
    kinds = [kind for kind, _ in chunks]
    assert kinds[0] == b"IHDR", f"{path.name}: first chunk is {kinds[0]!r}, not IHDR"
    assert b"IDAT" in kinds, f"{path.name}: no image data"
    assert kinds[-1] == b"IEND", f"{path.name}: no IEND chunk (truncated file?)"
    width, height, bit_depth, colour_type = struct.unpack(">IIBB", chunks[0][1][:10])
    assert bit_depth in (1, 2, 4, 8, 16) and colour_type in (0, 2, 3, 4, 6), f"{path.name}: odd IHDR"
    return width, height


LINKS = _image_links()


def test_docs_reference_images():
    assert LINKS, "no images referenced from docs/: did the pages move?"


@pytest.mark.parametrize(("page", "target"), LINKS, ids=[f"{p}:{t}" for p, t in LINKS])
def test_referenced_image_is_a_committed_png(page: str, target: str):
    path = _committed_file(page, target)
    assert path.suffix == ".png", f"{page}: {target!r} is not a .png"
    assert path.is_file(), (
        f"{page}: {target!r} -> {path.relative_to(ROOT)} does not exist; "
        "run `python scripts/render_screenshots.py` and commit images/"
    )
    assert path.stat().st_size <= MAX_BYTES, f"{path.name}: larger than {MAX_BYTES} bytes"
    width, height = read_png_size(path)
    assert MIN_SIZE[0] <= width <= MAX_SIZE[0] and MIN_SIZE[1] <= height <= MAX_SIZE[1], (
        f"{path.name}: {width}x{height} px is outside {MIN_SIZE}..{MAX_SIZE}"
    )


def test_every_ui_view_screenshot_is_committed():
    """The render script's views and the committed PNGs stay in step."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from screenshot_views import CROPS, VIEWS
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert set(CROPS) == set(VIEWS), "every view says which part of it to crop"
    for name in VIEWS:
        path = IMAGES / name
        assert path.is_file(), f"images/{name} missing: run `python scripts/render_screenshots.py`"
        width, _ = read_png_size(path)
        # rendered at 2x from a 960 px wide view, cropped: at most 1920 px, sharp at ~700 px shown
        assert 1200 <= width <= 1920 and width % 2 == 0, f"images/{name} is {width}px wide"


_SIZED_IMAGE = re.compile(
    r"!\[[^\]]{0,2000}\]\(([^)\s]{1,500})\)\{ width=\"(\d{1,5})\" height=\"(\d{1,5})\" loading=\"lazy\" \}"
    r"\]\(\1 \"Open the picture at full size\"\)"
)


def test_every_screenshot_is_sized_at_half_its_pixels_lazy_and_links_to_itself():
    """Shown at its CSS size (half the 2x pixels), loaded lazily, a link to the full-size file."""
    sized = {}
    for page in sorted(DOCS.rglob("*.md")):
        for match in _SIZED_IMAGE.finditer(page.read_text(encoding="utf-8")):
            sized[(page.relative_to(DOCS).as_posix(), match.group(1))] = (
                int(match.group(2)),
                int(match.group(3)),
            )
    assert set(sized) == set(LINKS), "every image is written as a sized, lazy link to itself"
    for (page, target), (width, height) in sized.items():
        png_width, png_height = read_png_size(_committed_file(page, target))
        assert (width, height) == (png_width // 2, png_height // 2), (page, target)
