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


STAGES = ("api-validation", "image-build", "deployment", "platform")


def build(
    tmp_path: Path, plugin_options: dict, extra_page: str = "", stages: tuple[str, ...] = STAGES
) -> subprocess.CompletedProcess:
    docs = tmp_path / "docs"
    (docs / "deploying-a-model" / "known-errors").mkdir(parents=True)
    (docs / "index.md").write_text(
        "# Home\n\n<!-- merlin:analyzer -->\n\n<!-- merlin:known-errors-summary -->\n"
    )
    (docs / PAGE).write_text(
        "# Troubleshooting\n\n<!-- merlin:known-errors-redirects -->\n\n<!-- merlin:analyzer -->\n\n"
        "## Known Errors\n\n<!-- merlin:known-errors-summary -->\n"
    )
    for stage in stages:
        (docs / "deploying-a-model" / "known-errors" / f"{stage}.md").write_text(
            f"# {stage}\n\n<!-- merlin:known-errors stage={stage} -->\n"
            + (extra_page if stage == "deployment" else "")
        )
    options = "".join(f"      {k}: {json.dumps(v)}\n" for k, v in plugin_options.items())
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\nuse_directory_urls: true\n"
        "markdown_extensions: [attr_list, md_in_html, admonition, toc, tables, pymdownx.details]\n"
        "plugins:\n  - merlin-troubleshooting:\n" + (options or "      {}\n")
    )
    (docs / "schemas").mkdir()
    (docs / "schemas" / "catalog.schema.json").write_bytes(
        (REPO / "docs/schemas/catalog.schema.json").read_bytes()
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
    assert "deploying-a-model/known-errors/deployment/#oomkilled" in home  # links from another page


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
    assert 'class="merlin-known-errors-summary"' in page
    assert not (tmp_path / "site" / "assets" / "merlin-analyzer").exists()


def test_extra_section_in_generated_block_fails(tmp_path):
    extra = '\n<div class="merlin-known-errors" markdown="1">\n\n#### Hand made {#hand-made}\n\n</div>\n'
    result = build(tmp_path, {"enabled": False}, extra_page=extra)
    assert result.returncode != 0
    assert "'hand-made' that is not a catalog id" in result.stderr


def test_a_catalog_with_the_new_stages_gets_a_page_for_each(tmp_path):
    """api-validation and platform entries: sections, summary rows, redirects, catalog.json."""
    errors = tmp_path / "catalog"
    errors.mkdir()
    for error_id, stage in (("too-many-endpoints", "api-validation"), ("node-gone", "platform")):
        (errors / f"{error_id}.yaml").write_text(
            f"id: {error_id}\ntitle: Title of {error_id}\nstage: {stage}\nfrequency: common\n"
            f"summary: Summary of {error_id}.\nmeaning: Meaning.\n"
            f"signals:\n  - message: 'literal {error_id}'\nsteps:\n  - Fix it.\n"
        )
    result = build(tmp_path, {"enabled": False, "catalog_dir": str(errors)})
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site" / "deploying-a-model"
    api = (site / "known-errors" / "api-validation" / "index.html").read_text()
    platform = (site / "known-errors" / "platform" / "index.html").read_text()
    assert '<h2 id="too-many-endpoints">' in api
    assert (
        'id="node-gone"' in platform
        and "No known errors in this group yet."
        in (site / "known-errors" / "deployment" / "index.html").read_text()
    )
    summary = (site / "troubleshooting-deployment-errors" / "index.html").read_text()
    assert '"node-gone":"../known-errors/platform/#node-gone"' in summary
    index = json.loads((tmp_path / "site" / "catalog.json").read_text())
    assert {e["id"]: e["url"] for e in index["errors"]} == {
        "node-gone": "deploying-a-model/known-errors/platform/#node-gone",
        "too-many-endpoints": "deploying-a-model/known-errors/api-validation/#too-many-endpoints",
    }


def test_a_missing_stage_page_stops_the_build_naming_it(tmp_path):
    result = build(tmp_path, {"enabled": False}, stages=("image-build",))
    assert result.returncode != 0
    assert "deploying-a-model/known-errors/deployment.md" in result.stderr
    assert "Traceback" not in result.stderr
