"""`make serve-static`'s caching rule: content-hashed names are immutable, everything else revalidates."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from serve_static import IMMUTABLE, cache_control


@pytest.mark.parametrize(
    "path",
    [
        "/assets/merlin-analyzer/snapshot-476320daf285.bin.gz",
        "/assets/merlin-analyzer/python_stdlib-4484f5d128e7.pyc.zip",
        "/assets/merlin-analyzer/merlin_diagnoser-0.1.0+72633341af95-py3-none-any.whl",
        "/assets/merlin-analyzer/inline-0eb10c249dbdb0be.js",
        "/assets/stylesheets/main.57a0d79d.min.css",
        "/assets/merlin-analyzer/pyodide-lock.json?v=72633341af95",
    ],
)
def test_content_hashed_files_are_cached_for_a_year(path: str) -> None:
    assert cache_control(path) == IMMUTABLE


@pytest.mark.parametrize(
    "path",
    ["/analyze-logs/", "/index.html", "/assets/merlin-analyzer/pyodide/pyodide.asm.wasm", "/search/x.json"],
)
def test_files_whose_name_carries_no_hash_are_revalidated(path: str) -> None:
    assert cache_control(path) == "no-cache"
