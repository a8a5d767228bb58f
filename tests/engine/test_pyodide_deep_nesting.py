"""Deep nesting cannot kill the engine in WebAssembly: the real Pyodide runtime, under Node.

Natively CPython raises RecursionError in time; in WebAssembly the stack overflows first and
the runtime dies ("Maximum call stack size exceeded"). This runs the engine in the pinned
Pyodide (node_modules/pyodide, installed by ``make setup``) on 3,000- and 100,000-deep JSON,
JSON lines, YAML flow values and YAML blocks, each followed by a real failure that must
still be found.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from diagnoser.catalog import catalog_json

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "node_modules" / "pyodide" / "pyodide.mjs"

SCRIPT = r"""
import { loadPyodide } from "PYODIDE";
const py = await loadPyodide({ stdout: () => {}, stderr: () => {} });
py.FS.mkdirTree("/mnt/engine");
py.FS.mount(py.FS.filesystems.NODEFS, { root: "ENGINE" }, "/mnt/engine");
const result = py.runPython(`
import json, sys
sys.path.insert(0, "/mnt/engine")
from diagnoser import diagnose
real = "".join([
    "  Warning  BackOff  1m  kubelet  Back-off restarting failed container kserve-container in pod x\\n",
    "    Last State: Terminated\\n      Reason: OOMKilled\\n      Exit Code: 137\\n",
])
found = {}
for depth in (3000, 100000):
    for name, text in (
        ("json", '{"kind": "Pod", "status": ' + "[" * depth + "]" * depth + "}\\n"),
        ("json-object", '{\\n  "apiVersion": "v1",\\n  "kind": "Pod",\\n  "status": '
            + "[" * depth + "]" * depth + "\\n}\\n"),
        ("json-lines", '{"message": "x", "a": ' + '{"b": ' * depth + "1" + "}" * depth + "}\\n"),
        ("yaml-flow", "status:\\n  message: " + "[" * depth + "]" * depth + "\\n"),
        ("yaml-block", "status:\\n" + "".join("  " * (i + 1) + f"k{i}:\\n" for i in range(min(depth, 4000)))),
    ):
        found[f"{name}-{depth}"] = [f.id for f in diagnose(text + real).findings]
json.dumps(found)
`);
console.log(result);
"""


@pytest.mark.skipif(shutil.which("node") is None or not PYODIDE.exists(), reason="needs node and `npm ci`")
def test_deeply_nested_pastes_are_read_in_pyodide_and_the_real_failure_found(tmp_path: Path) -> None:
    shutil.copytree(
        ROOT / "diagnoser", tmp_path / "diagnoser", ignore=shutil.ignore_patterns("__pycache__", "fixtures")
    )
    (tmp_path / "diagnoser" / "catalog" / "compiled.json").write_text(catalog_json(), encoding="utf-8")
    script = tmp_path / "deep.mjs"
    script.write_text(
        SCRIPT.replace("PYODIDE", PYODIDE.as_uri()).replace("ENGINE", str(tmp_path)), encoding="utf-8"
    )
    done = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(found) == 10
    for name, ids in found.items():
        assert ids[:1] == ["oomkilled"], f"{name}: {ids}"
