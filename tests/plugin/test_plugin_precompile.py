"""The .pyc stdlib and the memory snapshot, made with Pyodide's own Python under Node."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import marshal
import sys
import zipfile
from pathlib import Path

import pytest
from merlin_troubleshooting import precompile as pc
from merlin_troubleshooting import snapshot_pack
from merlin_troubleshooting.analyzer_build import cache_dir_for
from merlin_troubleshooting.runtime import load_manifest
from merlin_troubleshooting.wheel import build_wheel

from diagnoser.catalog import catalog_json, errors_dir, load_catalog

REPO = Path(__file__).resolve().parents[2]
RUNTIME = REPO / "node_modules" / "pyodide"
needs_runtime = pytest.mark.skipif(not RUNTIME.is_dir(), reason="needs `npm ci`")


def test_without_node_the_build_says_how_to_get_it(monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(pc.PrecompileProblem, match=r"Node\.js 20 or newer is needed"):
        pc.find_node()


def test_a_runtime_with_another_build_id_is_refused_before_any_snapshot(tmp_path):
    (tmp_path / "pyodide.mjs").write_text('x={BUILD_ID:"0123"}', encoding="utf-8")
    with pytest.raises(pc.PrecompileProblem, match=r"build id 0123.*npm ci"):
        pc.precompile(tmp_path, load_manifest(), tmp_path / "w.whl", "0" * 64, "text", tmp_path / "cache")


def test_the_warmup_sample_is_real_fixtures_within_the_limit():
    sample = pc.warmup_sample(errors_dir().parent / "fixtures", limit=20_000)
    assert 0 < len(sample) <= 20_000
    first = sorted((errors_dir().parent / "fixtures").glob("*/match-*.txt"))[0].read_text(encoding="utf-8")
    assert first in sample


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The real artefacts, from the checkout's shared cache (as the site build makes them)."""
    wheel = build_wheel(tmp_path_factory.mktemp("wheel"), catalog_json())
    sample = pc.warmup_sample(errors_dir().parent / "fixtures")
    args = (RUNTIME, load_manifest(), wheel.path, wheel.sha256, sample, cache_dir_for(RUNTIME))
    return pc.precompile(*args), wheel, args


@needs_runtime
def test_the_stdlib_zip_holds_unchecked_hash_pycs_made_by_python_3_14(built):
    pre, _wheel, _args = built
    with zipfile.ZipFile(pre.stdlib.path) as archive:
        names = archive.namelist()
        assert not [n for n in names if n.endswith(".py")]
        json_init = archive.read("json/__init__.pyc")
    assert len(names) > 150 and json_init[4:8] == (1).to_bytes(4, "little")  # PEP 552: hash-based, unchecked
    if sys.version_info[:2] != (3, 14):  # then the host cannot have made them: Pyodide's 3.14 did
        assert json_init[:4] != importlib.util.MAGIC_NUMBER
    engine = next(iter(pre.engine_pycs.values()))
    assert engine[:4] == json_init[:4]  # the same interpreter compiled both


@needs_runtime
def test_every_engine_module_has_a_pyc(built):
    pre, wheel, _args = built
    with zipfile.ZipFile(wheel.path) as archive:
        modules = [n for n in archive.namelist() if n.endswith(".py")]
    expected = {
        f"{n.rsplit('/', 1)[0]}/__pycache__/{n.rsplit('/', 1)[1][:-3]}.cpython-314.pyc" for n in modules
    }
    assert set(pre.engine_pycs) == expected


@needs_runtime
def test_the_snapshot_is_within_the_download_limit_and_its_hashes_hold(built):
    pre, _wheel, _args = built
    raw = snapshot_pack.unpack(gzip.decompress(pre.snapshot.path.read_bytes()))
    assert len(raw) == pre.snapshot_raw.size <= pc.SNAPSHOT_LIMIT
    assert hashlib.sha256(raw).hexdigest() == pre.snapshot_raw.sha256
    assert pre.build_id == load_manifest().build_id


@needs_runtime
def test_a_snapshot_of_a_heap_grown_past_its_initial_30_mib_restores(built, tmp_path):
    """Pyodide restores into a heap of its compiled 30 MiB (pyodide issue 6254); the build's
    check, like the worker, grows it first. A warm-up that leaves the heap bigger must still
    build, and the build restores every snapshot it makes before keeping it."""
    _pre, wheel, args = built
    filler = "".join(
        f"2026-12-04T10:{i // 60 % 60:02d}:{i % 60:02d}Z served request {i}\n" for i in range(8000)
    )
    sample = args[4] + "\n" + filler
    pre = pc.precompile(args[0], args[1], wheel.path, wheel.sha256, sample, tmp_path / "cache")
    assert pre.snapshot_raw.size > 30 * 1024 * 1024


@needs_runtime
def test_the_regex_table_covers_every_catalog_regex_with_sre_compile_arguments(built):
    pre, _wheel, _args = built
    table = marshal.loads(pre.regex_table)  # made by Pyodide's 3.14; its marshal reads here
    catalog = {text for error in load_catalog().errors for s in error.signals for text in s.sources.values()}
    assert catalog <= {pattern for pattern, flags in table if flags == 0}
    for (pattern, flags), (final_flags, code, groups, groupindex, indexgroup) in table.items():
        assert isinstance(pattern, str | bytes) and isinstance(flags, int) and final_flags & flags == flags
        assert isinstance(code, bytes) and len(code) % 4 == 0  # array("I") on wasm32
        assert len(indexgroup) == groups + 1 and all(indexgroup[i] == name for name, i in groupindex.items())


@needs_runtime
def test_the_wheel_ships_the_regex_table_and_the_dataclass_code_beside_the_pycs(built):
    pre, _wheel, args = built
    shipped = build_wheel(
        args[2].parent / "with-caches",
        catalog_json(),
        compiled={pc.REGEX_TABLE_NAME: pre.regex_table, pc.DATACLASS_CODE_NAME: pre.dataclass_code},
    )
    with zipfile.ZipFile(shipped.path) as archive:
        assert archive.read(pc.REGEX_TABLE_NAME) == pre.regex_table
        assert archive.read(pc.DATACLASS_CODE_NAME) == pre.dataclass_code
    assert pre.dataclass_code[:1] in (b"{", b"\xfb")  # a marshalled dict (0xfb: with the ref flag)


@needs_runtime
def test_a_second_build_with_the_same_inputs_uses_the_cache(built):
    _pre, _wheel, args = built
    again = pc.precompile(*args)
    assert again.cached is True
    assert again.timings == {}  # nothing ran under Node
