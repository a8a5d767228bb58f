"""The pinned runtime: a missing or altered runtime must fail the build with the fix in the message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from merlin_troubleshooting.runtime import (
    RuntimeProblem,
    copy_runtime,
    load_manifest,
    locate_runtime,
    verify_runtime,
)


def test_manifest_pins_the_npm_version():
    manifest = load_manifest()
    package = json.loads((Path(__file__).resolve().parents[2] / "package.json").read_text())
    assert package["devDependencies"]["pyodide"] == manifest.version
    names = {f.name for f in manifest.site_files}
    assert names == {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"}
    assert all(len(f.sha256) == 64 for f in manifest.files)


def test_missing_runtime_says_npm_ci(tmp_path):
    with pytest.raises(RuntimeProblem, match=r"npm ci"):
        locate_runtime(tmp_path / "node_modules" / "pyodide", load_manifest())


def test_incomplete_runtime_names_the_missing_file(fake_runtime):
    runtime, manifest = fake_runtime
    (runtime / "pyodide.asm.wasm").unlink()
    with pytest.raises(RuntimeProblem, match=r"missing pyodide\.asm\.wasm.*npm ci"):
        locate_runtime(runtime, manifest)


def test_other_version_is_refused(fake_runtime):
    runtime, manifest = fake_runtime
    (runtime / "package.json").write_text(json.dumps({"version": "0.27.0"}))
    with pytest.raises(RuntimeProblem, match=r"holds Pyodide 0\.27\.0.*npm ci"):
        locate_runtime(runtime, manifest)


@pytest.mark.parametrize("same_size", [True, False])
def test_hash_mismatch_fails(fake_runtime, same_size):
    runtime, manifest = fake_runtime
    target = runtime / "python_stdlib.zip"
    data = target.read_bytes()
    target.write_bytes(b"X" * len(data) if same_size else data + b"!")
    with pytest.raises(RuntimeProblem, match=r"python_stdlib\.zip does not match the pinned Pyodide runtime"):
        verify_runtime(runtime, manifest)


def test_copy_runtime_copies_only_site_files(fake_runtime, tmp_path):
    runtime, manifest = fake_runtime
    copied = copy_runtime(runtime, tmp_path / "site" / "pyodide", manifest)
    assert sorted(p.name for p in copied.directory.iterdir()) == sorted(copied.files)
    assert "pyodide-lock.json" not in copied.files
    for name in copied.files:
        assert (copied.directory / name).read_bytes() == (runtime / name).read_bytes()


def test_manifest_pins_the_build_id_of_the_npm_runtime():
    """A memory snapshot only restores in the build that made it: the pin must match node_modules."""
    manifest = load_manifest()
    runtime = Path(__file__).resolve().parents[2] / "node_modules" / "pyodide" / "pyodide.mjs"
    if not runtime.is_file():
        pytest.skip("needs `npm ci`")
    assert len(manifest.build_id) == 64
    assert f'BUILD_ID:"{manifest.build_id}"' in runtime.read_text(encoding="utf-8")
