"""The browser wheel's engine, in the pinned Pyodide under Node, states the same versions as the CLI.

diagnoser/versions.py is stdlib-only and reads the wheel's ``compiled.json``: in Pyodide's
Python 3.14 the catalog hash must come out as it does from the YAML on the build machine.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from merlin_troubleshooting.wheel import build_wheel

from diagnoser.catalog import catalog_json
from diagnoser.versions import versions

ROOT = Path(__file__).resolve().parents[1]
PYODIDE = ROOT / "node_modules" / "pyodide" / "pyodide.mjs"
SCRIPT = """
import { readFileSync } from "node:fs";
import { loadPyodide } from "PYODIDE";
const py = await loadPyodide({ stdout: () => {}, stderr: () => {} });
py.FS.writeFile("/tmp/engine.whl", readFileSync("WHEEL"));
console.log(py.runPython(`
import sys, zipfile
zipfile.ZipFile("/tmp/engine.whl").extractall("/tmp/site")
sys.path.insert(0, "/tmp/site")
from diagnoser.versions import versions
import diagnoser.versions
assert diagnoser.versions.__file__.startswith("/tmp/site"), diagnoser.versions.__file__
versions().describe()
`));
"""


@pytest.mark.skipif(shutil.which("node") is None or not PYODIDE.exists(), reason="needs node and `npm ci`")
def test_the_engine_in_pyodide_states_the_versions_the_cli_states(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path, catalog_json())
    script = tmp_path / "versions.mjs"
    script.write_text(SCRIPT.replace("PYODIDE", str(PYODIDE)).replace("WHEEL", str(wheel.path)))
    done = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == versions().describe()
