"""The real site (this repository's mkdocs.yml and docs/), built once with ``mkdocs build --strict``.

tests/plugin/test_plugin_build.py builds a throwaway two-page site to test the plugin's
mechanics (lock + wheel sha256, relative URLs, disabled mode); this module checks what
ships: the real troubleshooting page, catalog.json, the runtime, and no external hosts.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from merlin_troubleshooting import CATALOG_INDEX_NAME, SITE_ASSETS_DIR, SITE_LOCK_NAME, SITE_RUNTIME_DIR
from merlin_troubleshooting.assets import CATALOG_SCHEMA, REPORT_SCHEMA
from merlin_troubleshooting.jsonschema_subset import violations
from merlin_troubleshooting.runtime import load_manifest

from diagnoser.catalog import errors_dir, load_catalog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from localsite import variant_config

from diagnoser.catalog.pages import page_for, url_for

REPO = Path(__file__).resolve().parent.parent
TROUBLESHOOTING_HTML = "deploying-a-model/troubleshooting-deployment-errors/index.html"
TROUBLESHOOTING_URL = "deploying-a-model/troubleshooting-deployment-errors/"
# Hosts a docs site typically pulls runtime assets from; none may appear in what the site loads.
CDN_HOSTS = re.compile(
    r"fonts\.googleapis\.com|fonts\.gstatic\.com|cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com"
    r"|googletagmanager\.com|google-analytics\.com",
    re.IGNORECASE,
)
# Vendor files that name a CDN only as a fallback this site never takes, each with the reason:
VENDOR_CDN_FALLBACKS = {
    # Material loads mermaid from unpkg only for a page with a mermaid diagram (there is none,
    # checked below) and a ResizeObserver polyfill only in browsers without ResizeObserver.
    "assets/javascripts/bundle.*.min.js",
    "assets/javascripts/bundle.*.min.js.map",
    # Pyodide's default package CDN; the worker always passes indexURL, lockFileURL and
    # packageBaseUrl (checked below), so it never falls back to it.
    f"{SITE_RUNTIME_DIR}/pyodide.mjs",
}

pytestmark = pytest.mark.site


def mkdocs_build(config: Path, site: Path, cwd: Path = REPO) -> tuple[subprocess.CompletedProcess, float]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=cwd,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result, time.perf_counter() - started


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    site = tmp_path_factory.mktemp("real-site")
    result, _seconds = mkdocs_build(REPO / "mkdocs.yml", site)
    return result, site


@pytest.fixture(scope="module")
def site(build) -> Path:
    result, site = build
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stderr}", pytrace=False)
    return site


def catalog_ids() -> list[str]:
    ids = sorted(load_catalog().ids)
    assert ids == sorted(path.stem for path in errors_dir().glob("*.yaml")), "catalog ids != YAML file names"
    return ids


# Attributes through which a tag makes the browser load something.
LOADING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "track": ("src",),
    "input": ("src",),
}


class _Collector(HTMLParser):
    """Every element id, and every URL the page would load (not plain <a href> links)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.loads: list[tuple[str, str]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.append(values["id"])
        for name in LOADING_ATTRIBUTES.get(tag, ()):
            if values.get(name):
                self.loads.append((tag, values[name]))
        if tag == "link" and values.get("href"):
            self.loads.append((f"link rel={values.get('rel', '')}", values["href"]))
        if values.get("style"):
            self.styles.append(values["style"])
        for name, value in values.items():
            if name.startswith("data-") and value.startswith(("http://", "https://", "//")):
                self.loads.append((f"{tag} {name}", value))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def collect(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def is_external(url: str) -> bool:
    return bool(re.match(r"^\s*(https?:)?//", url, re.IGNORECASE))


# ---------------------------------------------------------------------------- tests


def test_strict_build_of_the_real_site_passes(build) -> None:
    result, site = build
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert (site / "index.html").is_file()


def test_every_catalog_id_is_one_section_on_its_stage_page_and_one_row_on_the_summary(site: Path) -> None:
    catalog = load_catalog()
    summary_ids = collect(site / TROUBLESHOOTING_HTML).ids
    counts = {error_id: summary_ids.count(error_id) for error_id in catalog_ids()}
    assert {k: v for k, v in counts.items() if v != 1} == {}
    assert summary_ids.count("general-troubleshooting-steps") == 1  # the no-match result links here
    for error in catalog.errors:
        ids = collect(site / page_for(error) / "index.html").ids
        assert ids.count(error.id) == 1, (error.id, page_for(error))
        html = (site / page_for(error) / "index.html").read_text(encoding="utf-8")
        assert re.search(rf'<h2 id="{error.id}">', html), f"{error.id} is not a real heading"


def test_catalog_json_lists_exactly_the_catalog_ids_with_their_section_urls(site: Path) -> None:
    index = json.loads((site / CATALOG_INDEX_NAME).read_text(encoding="utf-8"))
    entries = index["errors"]
    assert sorted(entry["id"] for entry in entries) == catalog_ids()
    assert len({entry["id"] for entry in entries}) == len(entries)
    catalog = load_catalog()
    for entry in entries:
        assert entry["url"] == url_for(catalog.get(entry["id"]))
        assert entry["title"] and entry["summary"]
        page, _, anchor = entry["url"].partition("#")
        assert anchor in collect(site / page / "index.html").ids


def test_catalog_json_matches_its_published_schema(site: Path) -> None:
    index = json.loads((site / CATALOG_INDEX_NAME).read_text(encoding="utf-8"))
    schema = json.loads((site / CATALOG_SCHEMA).read_text(encoding="utf-8"))
    assert violations(index, schema) == []
    assert (site / REPORT_SCHEMA).is_file()
    broken = {**index, "errors": [{**index["errors"][0], "stage": "nowhere"}]}
    assert next(str(v) for v in violations(broken, schema)).startswith("/errors/0/stage:")


def test_linking_page_shows_the_real_catalog_json(site: Path) -> None:
    """The example on *Linking from the Merlin UI* is this build's file, cut to one entry."""
    index = json.loads((site / CATALOG_INDEX_NAME).read_text(encoding="utf-8"))
    page = (site / "reference/linking-from-merlin-ui/index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<div class="highlight"><pre>(.*?)</pre></div>', page, re.DOTALL)
    texts = [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]
    examples = [text for text in texts if "general_steps_url" in text]
    assert len(examples) == 1
    shown = json.loads(examples[0])
    assert isinstance(shown, dict) and set(shown) == set(index)
    assert {k: v for k, v in shown.items() if k != "errors"} == {
        k: v for k, v in index.items() if k != "errors"
    }
    assert len(shown["errors"]) == 1 and shown["errors"][0] in index["errors"]
    assert f"one of its {len(index['errors'])} entries" in page
    for field in (*index, *index["errors"][0]):
        assert f"<code>{field}</code>" in page, f"field {field} is not described"
    assert 'href="../../schemas/catalog.schema.json"' in page
    assert "It is a JSON list" not in page


def test_example_pastes_are_served_with_an_index(site: Path) -> None:
    listed = json.loads((site / "examples" / "index.json").read_text(encoding="utf-8"))
    assert isinstance(listed, list) and len(listed) >= 3
    for example in listed:
        assert set(example) >= {"title", "file"}
        assert (site / "examples" / example["file"]).read_text(encoding="utf-8").strip()
    page = (site / "analyze-logs" / "index.html").read_text(encoding="utf-8")
    linked = re.findall(r'href="\.\./examples/([^"]+)"', page)
    assert linked == [example["file"] for example in listed], "Analyze logs links every example"


def test_the_404_page_uses_no_root_absolute_urls(site: Path) -> None:
    page = (site / "404.html").read_text(encoding="utf-8")
    assert not re.search(r'\b(href|src)="/(?!/)', page), "a root-absolute URL breaks sub-path hosting"
    assert '"deploying-a-model"' in page and "[/*merlin-site-top*/]" not in page


def test_runtime_files_and_the_diagnoser_wheel_are_in_the_site(site: Path) -> None:
    manifest = load_manifest()
    for pinned in manifest.files:
        shipped = site / SITE_RUNTIME_DIR / pinned.name
        if pinned.site:
            assert shipped.is_file(), f"{pinned.name} is missing from the site"
            assert hashlib.sha256(shipped.read_bytes()).hexdigest() == pinned.sha256, pinned.name
        else:
            assert not shipped.exists(), f"{pinned.name} is build-time only but was copied"

    assets = site / SITE_ASSETS_DIR
    lock = json.loads((assets / SITE_LOCK_NAME).read_text(encoding="utf-8"))
    wheel = lock["packages"]["merlin-diagnoser"]
    path = assets / wheel["file_name"]
    assert path.is_file() and path.name.endswith("-py3-none-any.whl")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == wheel["sha256"]
    assert sorted(p.name for p in assets.glob("*.whl")) == [path.name], "stale wheels in the site"
    for name in ("analyzer.js", "analyzer-worker.mjs", "analyzer.css"):
        assert (assets / name).is_file(), name


def test_nothing_the_site_loads_comes_from_another_host(site: Path) -> None:
    problems = []
    for page in sorted(site.rglob("*.html")):
        found = collect(page)
        where = page.relative_to(site).as_posix()
        problems += [f"{where}: {tag} {url}" for tag, url in found.loads if is_external(url)]
        problems += [
            f"{where}: style {style[:80]}"
            for style in found.styles
            if re.search(r"url\(\s*['\"]?(https?:)?//|@import", style)
        ]
        if 'class="mermaid"' in page.read_text(encoding="utf-8"):
            problems.append(f"{where}: a mermaid diagram (Material would load mermaid from unpkg)")
    for css in sorted(site.rglob("*.css")):
        text = css.read_text(encoding="utf-8")
        for match in re.finditer(
            r"url\(\s*['\"]?((https?:)?//[^'\")]+)|@import\s+(url\()?['\"]?((https?:)?//[^'\");]+)", text
        ):
            problems.append(f"{css.relative_to(site)}: {match.group(0)[:100]}")
    assert problems == []

    # Known CDN hosts appear nowhere except in the vendor fallbacks explained above.
    named = sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.suffix in {".html", ".js", ".mjs", ".css", ".json", ".map", ".xml"}
        and CDN_HOSTS.search(path.read_text(encoding="utf-8", errors="replace"))
    )
    unexpected = [
        name for name in named if not any(Path(name).match(pattern) for pattern in VENDOR_CDN_FALLBACKS)
    ]
    assert unexpected == []

    # The analyzer's own files name no host at all, and the worker overrides Pyodide's CDN default.
    for name in ("analyzer.js", "analyzer-worker.mjs", "analyzer.css"):
        text = (site / SITE_ASSETS_DIR / name).read_text(encoding="utf-8")
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.IGNORECASE), name
    worker = (site / SITE_ASSETS_DIR / "analyzer-worker.mjs").read_text(encoding="utf-8")
    for option in ("indexURL:", "lockFileURL:", "packageBaseUrl:"):
        assert option in worker


def test_build_without_the_runtime_stops_early_and_says_to_run_npm_ci(tmp_path: Path) -> None:
    missing = tmp_path / "node_modules" / "pyodide"
    config = variant_config(tmp_path, runtime_dir=str(missing))
    result, _ = mkdocs_build(config, tmp_path / "site", cwd=tmp_path)

    assert result.returncode != 0
    message = result.stderr
    assert "merlin-troubleshooting" in message
    assert str(missing) in message
    assert "npm ci" in message
    assert "Traceback" not in message
    assert not (tmp_path / "site" / "index.html").exists(), "it should stop before rendering pages"


def test_footer_catalog_json_and_cli_state_the_same_three_versions(site: Path) -> None:
    """engine, catalog (content hash) and runtime: the footer of every page, catalog.json, the CLI."""
    from diagnoser.versions import versions

    expected = versions().to_dict()
    assert json.loads((site / CATALOG_INDEX_NAME).read_text())["versions"] == expected
    assert expected["runtime"] == load_manifest().version
    printed = subprocess.run(
        [sys.executable, "-m", "diagnoser", "--version"], capture_output=True, text=True, check=True
    ).stdout
    engine, catalog, runtime = expected["engine"], expected["catalog"], expected["runtime"]
    assert f"engine {engine}, catalog {catalog}, runtime Pyodide {runtime}" in printed
    pages = [site / "index.html", site / TROUBLESHOOTING_HTML, site / "analyze-logs/index.html"]
    for page in pages:
        footer = re.search(r"<div class=\"merlin-versions\"[^>]*>", page.read_text(encoding="utf-8"))
        assert footer is not None, f"{page} has no versions in its footer"
        shown = dict(re.findall(r'data-(engine|catalog|runtime)="([^"]*)"', footer.group(0)))
        assert shown == expected, page


def test_the_runtime_pin_is_the_same_in_the_engine_the_manifest_and_package_json() -> None:
    from diagnoser.versions import RUNTIME

    package = json.loads((REPO / "package.json").read_text())["devDependencies"]["pyodide"]
    locked = json.loads((REPO / "package-lock.json").read_text())["packages"]["node_modules/pyodide"][
        "version"
    ]
    assert RUNTIME == load_manifest().version == package == locked


def test_properdocs_builds_the_same_site_from_the_same_mkdocs_yml(site: Path, tmp_path: Path) -> None:
    """ProperDocs (the maintained MkDocs 1.x fork) runs the plugin and the theme unchanged."""
    other = tmp_path / "properdocs-site"
    result = subprocess.run(
        [str(Path(sys.executable).with_name("properdocs")), "build", "--strict", "-f", "mkdocs.yml",
         "-d", str(other)],
        cwd=REPO, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert {p.relative_to(other).as_posix() for p in other.rglob("*.html")} == pages
    assert (other / CATALOG_INDEX_NAME).read_bytes() == (site / CATALOG_INDEX_NAME).read_bytes()
    assert (other / SITE_ASSETS_DIR / SITE_LOCK_NAME).read_bytes() == (
        site / SITE_ASSETS_DIR / SITE_LOCK_NAME
    ).read_bytes()
    analyzer_page = (other / "analyze-logs/index.html").read_text(encoding="utf-8")
    assert 'class="merlin-analyzer"' in analyzer_page and "data-integrity=" in analyzer_page
    for error_id in catalog_ids():
        assert f'id="{error_id}"' in (other / TROUBLESHOOTING_HTML).read_text(encoding="utf-8")
