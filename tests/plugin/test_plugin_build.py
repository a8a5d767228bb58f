"""A whole MkDocs build with the plugin, on a throwaway docs folder (not the real docs)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RUNTIME = REPO / "node_modules" / "pyodide"
PAGE = "deploying-a-model/troubleshooting-deployment-errors.md"

pytestmark = pytest.mark.site


def build(tmp_path: Path, plugin_options: dict, extra_page: str = "") -> subprocess.CompletedProcess:
    docs = tmp_path / "docs"
    (docs / "deploying-a-model").mkdir(parents=True)
    (docs / "index.md").write_text(
        "# Home\n\n<!-- merlin:analyzer -->\n\n<!-- merlin:known-errors stage=image-build -->\n"
    )
    (docs / PAGE).write_text(
        "# Troubleshooting\n\n<!-- merlin:analyzer -->\n\n## Known Errors\n\n### Image building errors\n\n"
        "<!-- merlin:known-errors stage=image-build -->\n\n### Deployment errors\n\n"
        "<!-- merlin:known-errors stage=deployment -->\n" + extra_page
    )
    options = "".join(f"      {k}: {json.dumps(v)}\n" for k, v in plugin_options.items())
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\nuse_directory_urls: true\n"
        "markdown_extensions: [attr_list, md_in_html, admonition, toc]\n"
        "plugins:\n  - merlin-troubleshooting:\n" + (options or "      {}\n")
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.skipif(not RUNTIME.is_dir(), reason="needs `npm ci`")
def test_self_hosted_build(tmp_path):
    result = build(tmp_path, {"runtime_dir": str(RUNTIME)})
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assets = site / "assets" / "merlin-analyzer"
    lock = json.loads((assets / "pyodide-lock.json").read_text())
    entry = lock["packages"]["merlin-diagnoser"]
    assert hashlib.sha256((assets / entry["file_name"]).read_bytes()).hexdigest() == entry["sha256"]
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        assert (assets / "pyodide" / name).is_file()
    for name in ("analyzer.js", "analyzer-worker.mjs", "analyzer.css"):
        assert (assets / name).is_file()
    index = json.loads((site / "catalog.json").read_text())
    assert index["errors"] and all(e["url"].endswith("#" + e["id"]) for e in index["errors"])
    home = (site / "index.html").read_text()
    assert 'data-root="./"' in home and 'data-pyodide="./assets/merlin-analyzer/pyodide/"' in home
    assert "deploying-a-model/troubleshooting-deployment-errors/#" in home  # links from another page


def test_missing_runtime_fails_early_with_npm_ci(tmp_path):
    result = build(tmp_path, {"runtime_dir": str(tmp_path / "nowhere")})
    assert result.returncode != 0
    assert "npm ci" in result.stderr


def test_disabled_renders_note_and_sections(tmp_path):
    result = build(tmp_path, {"enabled": False, "runtime_dir": str(tmp_path / "nowhere")})
    assert result.returncode == 0, result.stderr
    page_dir = tmp_path / "site" / "deploying-a-model" / "troubleshooting-deployment-errors"
    page = (page_dir / "index.html").read_text()
    assert "analyzer is turned off" in page and 'class="merlin-analyzer"' not in page
    assert 'class="merlin-known-errors"' in page
    assert not (tmp_path / "site" / "assets" / "merlin-analyzer").exists()


def test_extra_section_in_generated_block_fails(tmp_path):
    extra = '\n<div class="merlin-known-errors" markdown="1">\n\n#### Hand made {#hand-made}\n\n</div>\n'
    result = build(tmp_path, {"enabled": False}, extra_page=extra)
    assert result.returncode != 0
    assert "'hand-made' that is not a catalog id" in result.stderr
