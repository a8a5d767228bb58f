"""The site lock, written by pyodide-lock: the runtime's lock untouched plus the wheel and its sha256."""

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
    assert data["tool"] == {"x": {"y": 1}}  # the runtime lock's tool table is kept


@pytest.mark.skipif(not NODE_RUNTIME.is_dir(), reason="needs `npm ci`")
def test_real_runtime_lock_keeps_every_package(wheel, tmp_path):
    source = json.loads((NODE_RUNTIME / "pyodide-lock.json").read_text())
    site_lock = write_site_lock(NODE_RUNTIME / "pyodide-lock.json", wheel, tmp_path / "lock.json")
    merged = json.loads(site_lock.path.read_text())
    assert site_lock.package_count == len(source["packages"]) + 1
    assert merged["info"] == source["info"] and merged.get("tool") == source.get("tool")
    changed = [name for name, entry in source["packages"].items() if merged["packages"][name] != entry]
    assert changed == []  # pyodide-lock reads and writes every runtime entry unchanged


def test_the_lock_is_written_by_pyodide_lock_and_reads_back_with_it(wheel, tmp_path):
    from pyodide_lock import PyodideLockSpec

    manifest = load_manifest()
    written = write_site_lock(minimal_lock(manifest.lock_info), wheel, tmp_path / "lock.json")
    spec = PyodideLockSpec.from_json(written.path)
    spec.check_wheel_filenames()  # name and version in the file name agree with the entry
    entry = spec.packages["merlin-diagnoser"]
    assert (entry.version, entry.sha256, entry.imports) == (wheel.version, wheel.sha256, ["diagnoser"])
    assert spec.info.python == manifest.python


def test_a_lock_pyodide_lock_cannot_read_is_refused_with_a_clear_message(wheel, tmp_path):
    with pytest.raises(ValueError, match=r"not a pyodide-lock\.json"):
        write_site_lock({"packages": {}}, wheel, tmp_path / "lock.json")


def test_lock_bytes_known_before_writing_are_the_bytes_written(fake_runtime, wheel, tmp_path):
    """The pages carry the lock's sha256, computed before the lock is written: they must agree."""
    from merlin_troubleshooting.lockfile import site_lock_bytes

    runtime, _manifest = fake_runtime
    expected = site_lock_bytes(runtime / "pyodide-lock.json", wheel)
    written = write_site_lock(runtime / "pyodide-lock.json", wheel, tmp_path / "lock.json")
    assert written.path.read_bytes() == expected
