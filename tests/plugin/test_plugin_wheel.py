"""The browser wheel: valid, reproducible, engine + compiled catalog only, importable without PyYAML."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import zipfile

import pytest
from merlin_troubleshooting.wheel import COMPILED_CATALOG, build_wheel

from diagnoser.catalog import catalog_json


@pytest.fixture(scope="module")
def catalog_text() -> str:
    return catalog_json()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory, catalog_text):
    return build_wheel(tmp_path_factory.mktemp("wheel"), catalog_text)


def test_name_and_tag(wheel):
    assert wheel.file_name == f"merlin_diagnoser-{wheel.version}-py3-none-any.whl"
    assert wheel.name == "merlin-diagnoser"
    with zipfile.ZipFile(wheel.path) as archive:
        dist_info = f"merlin_diagnoser-{wheel.version}.dist-info"
        meta = archive.read(f"{dist_info}/WHEEL").decode()
        assert "Tag: py3-none-any" in meta and "Root-Is-Purelib: true" in meta
        assert f"Version: {wheel.version}" in archive.read(f"{dist_info}/METADATA").decode()


def test_contents_are_engine_and_compiled_catalog_only(wheel, catalog_text):
    with zipfile.ZipFile(wheel.path) as archive:
        names = archive.namelist()
        assert archive.read(COMPILED_CATALOG).decode() == catalog_text
    assert "diagnoser/__init__.py" in names
    payload = [n for n in names if ".dist-info/" not in n]
    assert all(n.endswith(".py") or n == COMPILED_CATALOG for n in payload), payload
    assert not [n for n in names if "fixtures" in n or n.endswith((".yaml", ".pyc"))]
    assert names[-1].endswith(".dist-info/RECORD")


def test_record_lists_every_file_with_its_hash(wheel):
    with zipfile.ZipFile(wheel.path) as archive:
        names = archive.namelist()
        record_name = names[-1]
        rows = [line.split(",") for line in archive.read(record_name).decode().splitlines()]
        assert sorted(r[0] for r in rows) == sorted(names)
        for name, digest, size in rows:
            if name == record_name:
                assert (digest, size) == ("", "")
                continue
            data = archive.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={expected}" and int(size) == len(data)


def test_reproducible(tmp_path, wheel, catalog_text):
    again = build_wheel(tmp_path, catalog_text)
    assert again.path.read_bytes() == wheel.path.read_bytes()
    with zipfile.ZipFile(again.path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_version_follows_content(tmp_path, wheel, catalog_text):
    changed = build_wheel(tmp_path, catalog_text.replace("}", "} ", 1))
    assert changed.version != wheel.version and changed.file_name != wheel.file_name


def test_installs_and_diagnoses_without_pyyaml(tmp_path, wheel):
    target = tmp_path / "target"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            "--target",
            str(target),
            wheel.path,
        ],
        check=True,
    )
    # -S: no site-packages (so no PyYAML, no editable checkout), like the browser.
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import diagnoser, diagnoser.catalog as c, json;"
        "assert diagnoser.__file__.startswith(sys.argv[1]), diagnoser.__file__;"
        "assert 'yaml' not in sys.modules;"
        "r = json.loads(diagnoser.diagnose('Reason: OOMKilled\\n').to_json());"
        "print(len(c.load_catalog().errors), sorted(r))"
    )
    out = subprocess.run(
        [sys.executable, "-S", "-c", script, str(target)], cwd=tmp_path, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "findings" in out.stdout


def test_compiled_pycs_are_added_with_their_record_rows_and_keep_the_version(tmp_path, catalog_text, wheel):
    pyc = {"diagnoser/__pycache__/engine.cpython-314.pyc": b"\x2b\x0e\x0d\x0a not really bytecode"}
    compiled = build_wheel(tmp_path, catalog_text, compiled=pyc)
    assert compiled.version == wheel.version  # derived from the sources, so the build id is unchanged
    with zipfile.ZipFile(compiled.path) as archive:
        assert archive.read("diagnoser/__pycache__/engine.cpython-314.pyc") == next(iter(pyc.values()))
        record = archive.read(archive.namelist()[-1]).decode()
    assert "diagnoser/__pycache__/engine.cpython-314.pyc,sha256=" in record


def test_compiled_entries_outside_the_engine_pycache_are_refused(tmp_path, catalog_text):
    with pytest.raises(ValueError, match="not an engine __pycache__ file"):
        build_wheel(tmp_path, catalog_text, compiled={"evil/__init__.py": b"import os"})
