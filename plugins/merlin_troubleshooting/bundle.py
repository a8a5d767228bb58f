"""The analyzer's files, made one way for every builder: the MkDocs plugin and the standalone build.

Why: the analyzer used to exist only inside the MkDocs plugin, so it would die with the
theme (Material for MkDocs reaches end of life in 2027; Zensical runs no MkDocs plugins).
Everything here is a plain function over paths, with no MkDocs import: the plugin calls it
from its events, ``merlin-troubleshooting build-analyzer`` calls it from the command line,
and both write byte-identical analyzer files.

Order matters once: ``prepare_analyzer`` runs before any page is rendered (the widget
markup carries the sha256 of every file the worker loads), ``write_analyzer_files``
afterwards copies exactly those bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diagnoser.catalog import Catalog, catalog_json
from diagnoser.catalog.schema import validate
from diagnoser.versions import Versions, versions
from merlin_troubleshooting import CATALOG_INDEX_NAME, SITE_ASSETS_DIR, SITE_RUNTIME_DIR, analyzer_build
from merlin_troubleshooting.assets import (
    catalog_index,
    check_catalog_index,
    copy_analyzer_assets,
    write_catalog_index,
    write_examples,
)
from merlin_troubleshooting.lockfile import minimal_lock
from merlin_troubleshooting.options import SELF_HOSTED
from merlin_troubleshooting.runtime import (
    RuntimeManifest,
    RuntimeProblem,
    copy_runtime,
    load_manifest,
    locate_runtime,
    verify_file,
)

DISABLED = "disabled"  # catalog.json's "version" when the analyzer is off


@dataclass(frozen=True)
class CatalogBuild:
    """The catalog compiled once per build: every later step uses this same text."""

    catalog: Catalog
    text: str
    versions: Versions


def compile_catalog_build(catalog_dir: Path | None, manifest: RuntimeManifest) -> CatalogBuild:
    """Compile and validate the catalog (raises ``CatalogError``), with its versions."""
    text = catalog_json(catalog_dir)  # validates the YAML sources in full
    # Read back as the browser reads it (with the prefilter literals the compiler added).
    catalog = validate(json.loads(text), trusted=True)
    return CatalogBuild(catalog=catalog, text=text, versions=versions(text, runtime=manifest.version))


def checked_manifest() -> RuntimeManifest:
    """The pinned runtime manifest, refused when it disagrees with the engine's ``versions.RUNTIME``."""
    from diagnoser.versions import RUNTIME

    manifest = load_manifest()
    if manifest.version != RUNTIME:
        raise RuntimeProblem(
            f"pyodide-runtime.json pins Pyodide {manifest.version} but diagnoser/versions.py says {RUNTIME}: "
            "update both (and package.json, package-lock.json) together"
        )
    return manifest


def check_runtime_present(runtime_dir: Path, manifest: RuntimeManifest, pyodide: str) -> None:
    """Fail early (before pages are rendered) when the self-hosted runtime is missing."""
    if pyodide == SELF_HOSTED:
        locate_runtime(runtime_dir, manifest)


def runtime_lock(runtime_dir: Path, manifest: RuntimeManifest, pyodide: str) -> Path | dict[str, Any]:
    """The runtime's lock (verified), or a minimal lock for a URL runtime without node_modules."""
    pinned = next(f for f in manifest.files if f.name == "pyodide-lock.json")
    path = runtime_dir / pinned.name
    if pyodide != SELF_HOSTED and not path.is_file():
        return minimal_lock(manifest.lock_info)
    if not path.is_file():
        locate_runtime(runtime_dir, manifest)  # raises with the `npm ci` hint
    verify_file(path, pinned)
    return path


def prepare_analyzer(
    workdir: Path, build: CatalogBuild, manifest: RuntimeManifest, runtime_dir: Path, pyodide: str
) -> analyzer_build.AnalyzerBuild:
    """Wheel, site lock, .pyc stdlib and snapshot (cached), and the hashes the pages carry."""
    lock = runtime_lock(runtime_dir, manifest, pyodide)
    return analyzer_build.prepare(workdir, build.text, manifest, runtime_dir, lock)


def index_version(analyzer: analyzer_build.AnalyzerBuild | None) -> str:
    """catalog.json's ``version``: the wheel's content-derived version, or ``disabled``."""
    return analyzer.wheel.version if analyzer is not None else DISABLED


def catalog_document(build: CatalogBuild, analyzer: analyzer_build.AnalyzerBuild | None) -> dict[str, Any]:
    return catalog_index(build.catalog, index_version(analyzer), build.versions.to_dict())


def write_catalog_files(
    root: Path,
    build: CatalogBuild,
    analyzer: analyzer_build.AnalyzerBuild | None,
    schema_path: Path | None = None,
) -> Path:
    """``catalog.json`` (checked against ``schema_path`` when given) and the example pastes."""
    path = write_catalog_index(
        build.catalog, index_version(analyzer), root / CATALOG_INDEX_NAME, build.versions.to_dict()
    )
    if schema_path is not None:
        check_catalog_index(catalog_document(build, analyzer), schema_path)
    write_examples(root / "examples")
    return path


def write_analyzer_files(
    root: Path,
    analyzer: analyzer_build.AnalyzerBuild,
    manifest: RuntimeManifest,
    runtime_dir: Path,
    pyodide: str,
) -> tuple[tuple[str, ...], int]:
    """The wheel, lock, fast-path files, the runtime (self-hosted) and the JS/CSS, under ``root``."""
    assets = root / SITE_ASSETS_DIR
    written = analyzer_build.write(analyzer, assets)
    runtime_bytes = 0
    if pyodide == SELF_HOSTED:  # each file checked against its pinned sha256 first
        runtime_bytes = copy_runtime(runtime_dir, root / SITE_RUNTIME_DIR, manifest).bytes
    copied = copy_analyzer_assets(assets)
    return (*written, *copied.files), runtime_bytes
