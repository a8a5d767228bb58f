"""The standalone build's pieces that need no browser: its command line, links, loader and pins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from merlin_troubleshooting import bundle
from merlin_troubleshooting.cli import main
from merlin_troubleshooting.runtime import RuntimeProblem
from merlin_troubleshooting.standalone import loader_code, md_links_to_urls, snippet, source_to_url


def test_build_analyzer_without_the_runtime_stops_with_the_command_that_fetches_it(tmp_path, capsys):
    status = main(["build-analyzer", str(tmp_path / "out"), "--runtime", str(tmp_path / "no-runtime")])
    err = capsys.readouterr().err
    assert status == 1
    assert "npm ci" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_build_analyzer_refuses_a_pyodide_value_that_is_not_a_folder_url(tmp_path, capsys):
    assert main(["build-analyzer", str(tmp_path), "--pyodide", "cdn.example/pyodide"]) == 2
    assert "ending in '/'" in capsys.readouterr().err


def test_markdown_links_between_known_error_pages_become_relative_page_urls():
    page = "deploying-a-model/known-errors/deployment.md"
    assert md_links_to_urls('href="image-build.md#x"', page) == 'href="../image-build/#x"'
    summary = "deploying-a-model/troubleshooting-deployment-errors.md"
    assert (
        md_links_to_urls('href="known-errors/platform.md#y"', summary) == 'href="../known-errors/platform/#y"'
    )
    assert md_links_to_urls('href="https://example.com/a.md"', page) == 'href="https://example.com/a.md"'
    assert source_to_url("index.md") == "" and source_to_url("a/index.md") == "a/"


def test_the_loader_embeds_the_widget_as_a_string_that_cannot_close_a_script_element():
    widget = '<div class="merlin-analyzer" data-root="./"><script src="./a.js"></script></div>'
    code = loader_code(widget)
    assert "/*merlin:widget*/" not in code
    literal = code.split("const WIDGET = ", 1)[1].split(";\n", 1)[0]
    assert "</script" not in literal and json.loads(literal) == widget


def test_the_snippet_is_one_div_and_one_script_with_subresource_integrity():
    text = snippet("/docs/analyzer", b"console.log(1)")
    assert "<div data-merlin-analyzer></div>" in text
    assert text.count("<script") == 1 and 'src="/docs/analyzer/merlin-analyzer.js"' in text
    assert 'integrity="sha384-' in text


def test_a_runtime_manifest_that_disagrees_with_the_engine_pin_is_refused(monkeypatch):
    import diagnoser.versions

    monkeypatch.setattr(diagnoser.versions, "RUNTIME", "0.0.1")
    with pytest.raises(RuntimeProblem, match=r"diagnoser/versions\.py"):
        bundle.checked_manifest()


def test_the_standalone_path_imports_no_mkdocs():
    """In a fresh interpreter: importing the CLI and the build pulls in no mkdocs module."""
    import subprocess
    import sys

    code = (
        "import sys, merlin_troubleshooting.cli, merlin_troubleshooting.standalone;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'properdocs', 'material')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path.cwd()
    )
    assert out.stdout.strip() == "[]"
