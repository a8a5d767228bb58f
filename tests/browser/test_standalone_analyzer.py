"""``merlin-troubleshooting build-analyzer``: built where MkDocs is not installed, embedded in a
page of its own (no MkDocs, no theme) served under a sub-path, analyzing offline in Chromium.

One build per module, in a fresh venv that holds the project wheel and only the packages the
``analyzer`` extra needs (from requirements.lock, hash-checked), so an import of MkDocs anywhere
in the standalone path fails the build here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import (
    BOOT_TIMEOUT_MS,
    REPO,
    AnalyzerPage,
    NetworkLog,
    fixture_text,
    serving,
)

pytestmark = pytest.mark.browser

# What `pip install merlin-troubleshooting[analyzer]` brings, pinned by requirements.lock.
ANALYZER_PACKAGES = ("pyyaml", "pyodide-lock", "attrs", "cattrs", "pkginfo", "packaging", "markdown",
                     "pymdown-extensions", "typing-extensions")  # fmt: skip
HOST_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Our own docs: deploy troubleshooting</title></head>
<body>
<h1>Why did my deployment fail?</h1>
<p>This page is not made by MkDocs: it only pastes the analyzer's snippet.</p>
{snippet}
</body>
</html>
"""


def locked_subset(names: tuple[str, ...]) -> str:
    """The requirements.lock entries (with their hashes) of ``names``."""
    blocks = re.split(r"\n(?=\S)", (REPO / "requirements.lock").read_text(encoding="utf-8"))
    chosen = [b for b in blocks if re.match(r"([A-Za-z0-9_.-]+)==", b) and b.split("==")[0].lower() in names]
    assert len(chosen) == len(names), f"requirements.lock lacks some of {names}"
    return "\n".join(chosen) + "\n"


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False, **kwargs)


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with the project wheel and the analyzer's dependencies, and no MkDocs."""
    work = tmp_path_factory.mktemp("fresh")
    venv = work / "venv"
    made = run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    wheel = run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                 "-w", str(work / "dist"), str(REPO)])  # fmt: skip
    assert wheel.returncode == 0, wheel.stderr
    (work / "requirements.txt").write_text(locked_subset(ANALYZER_PACKAGES), encoding="utf-8")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
    deps = run([*pip, "--require-hashes", "-r", str(work / "requirements.txt")])
    assert deps.returncode == 0, deps.stderr
    project = run([*pip, "--no-deps", *map(str, (work / "dist").glob("*.whl"))])
    assert project.returncode == 0, project.stderr
    return venv


@pytest.fixture(scope="module")
def standalone(fresh_venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``build-analyzer`` into www/docs/analyzer/, beside a host page at www/docs/guide/."""
    www = tmp_path_factory.mktemp("www")
    out = www / "docs" / "analyzer"
    built = run(
        [str(fresh_venv / "bin" / "merlin-troubleshooting"), "build-analyzer", str(out),
         "--runtime", str(REPO / "node_modules" / "pyodide"), "--base-url", "../analyzer/"],
        cwd=www,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    guide = www / "docs" / "guide"
    guide.mkdir(parents=True)
    snippet = (out / "snippet.html").read_text(encoding="utf-8")
    (guide / "index.html").write_text(HOST_PAGE.format(snippet=snippet), encoding="utf-8")
    return out


def test_build_analyzer_runs_where_mkdocs_is_not_installed(fresh_venv: Path, standalone: Path) -> None:
    python = str(fresh_venv / "bin" / "python")
    assert run([python, "-c", "import mkdocs"]).returncode != 0, "the fresh venv must not have MkDocs"
    assert run([python, "-c", "import properdocs"]).returncode != 0
    lock = json.loads((standalone / "assets/merlin-analyzer/pyodide-lock.json").read_text())
    entry = lock["packages"]["merlin-diagnoser"]
    assert (standalone / "assets/merlin-analyzer" / entry["file_name"]).is_file()
    assert (standalone / "assets/merlin-analyzer/pyodide/pyodide.asm.wasm").is_file()
    for name in ("analyzer.js", "analyzer-worker.mjs", "analyzer.css"):
        assert (standalone / "assets/merlin-analyzer" / name).is_file()
    snippet = (standalone / "snippet.html").read_text()
    assert "<div data-merlin-analyzer></div>" in snippet and snippet.count("<script") == 1


def test_standalone_catalog_json_states_the_same_versions_as_the_cli(fresh_venv: Path, standalone: Path):
    catalog = json.loads((standalone / "catalog.json").read_text())
    printed = run([str(fresh_venv / "bin" / "merlin-diagnose"), "--version"]).stdout
    v = catalog["versions"]
    assert f"engine {v['engine']}, catalog {v['catalog']}, runtime Pyodide {v['runtime']}" in printed
    yaml_ids = {path.stem for path in (REPO / "diagnoser/catalog/errors").glob("*.yaml")}
    assert {e["id"] for e in catalog["errors"]} == yaml_ids


def test_known_error_sections_are_written_as_markdown_and_html_from_the_catalog(standalone: Path) -> None:
    ids = sorted(p.stem for p in (REPO / "diagnoser/catalog/errors").glob("*.yaml"))
    markdown = "".join(p.read_text() for p in (standalone / "known-errors/markdown").rglob("*.md"))
    fragments = "".join(p.read_text() for p in (standalone / "known-errors/html").glob("*.html"))
    for error_id in ids:
        assert f"{{#{error_id}}}" in markdown, error_id
        assert f'id="{error_id}"' in fragments, error_id
    assert ".md#" not in fragments  # links between the pages point at page URLs, not Markdown files
    page = standalone / "deploying-a-model/known-errors/deployment/index.html"
    assert 'id="oomkilled"' in page.read_text()


@pytest.fixture
def offline_context(browser) -> Iterator[tuple[object, NetworkLog]]:
    network = NetworkLog()
    context = browser.new_context(service_workers="block")
    context.set_default_timeout(BOOT_TIMEOUT_MS)
    context.route("**/*", network.handle)  # anything not on 127.0.0.1 / localhost is aborted
    yield context, network
    context.close()


def test_the_embedded_analyzer_diagnoses_offline_on_a_non_mkdocs_page_under_a_sub_path(
    standalone: Path, offline_context
) -> None:
    context, network = offline_context
    www = standalone.parent.parent
    with serving(www, base_path="/docs/") as base:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base + "guide/")
        analyzer = AnalyzerPage(page, base, errors)
        analyzer.input.focus()
        analyzer.wait_ready()
        report = analyzer.analyze(fixture_text("oomkilled/match-describe-model.txt"))
        assert report["findings"][0]["id"] == "oomkilled"
        link = analyzer.results.locator('a[href*="#oomkilled"]').first.get_attribute("href")
        assert link.startswith(base + "analyzer/deploying-a-model/known-errors/"), link
        status = page.request.get(link.split("#")[0]).status
        page.close()
    assert errors == []
    assert network.blocked == [], "the embedded analyzer tried to reach another host"
    assert any("/docs/analyzer/assets/merlin-analyzer/pyodide/" in r.url for r in network.requests)
    assert status == 200
