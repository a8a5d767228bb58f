"""The site lock: the runtime's lock untouched plus the wheel, with the wheel's real sha256."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from merlin_troubleshooting.lockfile import minimal_lock, write_site_lock
from merlin_troubleshooting.runtime import load_manifest
from merlin_troubleshooting.wheel import build_wheel

from diagnoser.catalog import catalog_json

NODE_RUNTIME = Path(__file__).resolve().parents[2] / "node_modules" / "pyodide"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    return build_wheel(tmp_path_factory.mktemp("wheel"), catalog_json())


def test_lock_registers_wheel_with_its_sha256(fake_runtime, wheel, tmp_path):
    runtime, _manifest = fake_runtime
    site_lock = write_site_lock(runtime / "pyodide-lock.json", wheel, tmp_path / "site" / "pyodide-lock.json")
    data = json.loads(site_lock.path.read_text())
    entry = data["packages"]["merlin-diagnoser"]
    assert entry["sha256"] == hashlib.sha256(wheel.path.read_bytes()).hexdigest()
    assert entry["file_name"] == wheel.file_name
    assert entry["imports"] == ["diagnoser"] and entry["depends"] == []
    assert data["tool"] == {"x": 1}  # unknown fields of the runtime's lock are kept


@pytest.mark.skipif(not NODE_RUNTIME.is_dir(), reason="needs `npm ci`")
def test_real_runtime_lock_keeps_every_package(wheel, tmp_path):
    source = json.loads((NODE_RUNTIME / "pyodide-lock.json").read_text())
    site_lock = write_site_lock(NODE_RUNTIME / "pyodide-lock.json", wheel, tmp_path / "lock.json")
    merged = json.loads(site_lock.path.read_text())
    assert site_lock.package_count == len(source["packages"]) + 1
    assert merged["info"] == source["info"]


def test_entry_agrees_with_pyodide_lock(wheel):
    utils = pytest.importorskip("pyodide_lock.utils")
    spec_module = pytest.importorskip("pyodide_lock.spec")
    manifest = load_manifest()
    info = spec_module.InfoSpec(**manifest.lock_info, version=manifest.version)
    theirs = utils.package_spec_from_wheel(wheel.path, info)  # also checks the tag suits Python 3.14
    ours = write_site_lock(minimal_lock(manifest.lock_info), wheel, wheel.path.with_suffix(".json")).entry
    assert (theirs.name, theirs.version, theirs.sha256, theirs.imports) == (
        ours["name"], ours["version"], ours["sha256"], ours["imports"],
    )  # fmt: skip


def test_lock_bytes_known_before_writing_are_the_bytes_written(fake_runtime, wheel, tmp_path):
    """The pages carry the lock's sha256, computed before the lock is written: they must agree."""
    from merlin_troubleshooting.lockfile import site_lock_bytes

    runtime, _manifest = fake_runtime
    expected = site_lock_bytes(runtime / "pyodide-lock.json", wheel)
    written = write_site_lock(runtime / "pyodide-lock.json", wheel, tmp_path / "lock.json")
    assert written.path.read_bytes() == expected
