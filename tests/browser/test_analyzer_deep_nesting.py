"""Deeply nested pastes in the real analyzer page: the runtime survives and the real failure is found.

In WebAssembly the native stack overflows before Python's recursion limit, so nesting that a
native CPython survives could kill Pyodide ("Maximum call stack size exceeded"). The engine
measures nesting before it parses; here 3,000- and 100,000-deep JSON objects, JSON lines and
YAML flow values, each followed by a real OOMKilled container, go through the page's own
analyzer (real Chromium, real Pyodide).
"""

from __future__ import annotations

import pytest
from browser_helpers import AnalyzerPage

pytestmark = pytest.mark.browser

REAL_FAILURE = (
    "  Warning  BackOff  1m  kubelet  Back-off restarting failed container kserve-container in pod x\n"
    "    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n"
)


def deep(shape: str, depth: int) -> str:
    if shape == "json-object":
        return (
            '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "status": ' + "[" * depth + "]" * depth + "\n}\n"
        )
    if shape == "json-lines":
        return '{"message": "x", "a": ' + '{"b": ' * depth + "1" + "}" * depth + "}\n"
    return "status:\n  message: " + "[" * depth + "]" * depth + "\n"


@pytest.mark.parametrize("depth", [3_000, 100_000])
@pytest.mark.parametrize("shape", ["json-object", "json-lines", "yaml-flow"])
def test_deep_nesting_does_not_kill_the_runtime_and_the_real_failure_is_found(
    analyzer: AnalyzerPage, shape: str, depth: int
) -> None:
    report = analyzer.analyze(deep(shape, depth) + REAL_FAILURE)
    assert [f["id"] for f in report["findings"]][:1] == ["oomkilled"]
    assert analyzer.state() == "ready"
    assert not analyzer.errors
