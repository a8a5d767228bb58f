"""The MkDocs plugin: Known Errors sections from the catalog, and the self-hosted analyzer.

A thin adapter: the analyzer's files are made by ``bundle`` (the same functions behind
``merlin-troubleshooting build-analyzer``, which needs no MkDocs), the sections by
``sections``; the hooks below only call them in MkDocs' order, pass page URLs, and turn
their errors into ``PluginError`` so MkDocs stops with one readable line instead of a
traceback. Runs unchanged under ProperDocs (which aliases ``mkdocs.*`` imports).
"""

from __future__ import annotations

import json
import logging
import posixpath
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from diagnoser.catalog import Catalog, CatalogError, errors_dir
from merlin_troubleshooting import SITE_ASSETS_DIR, analyzer_build, bundle
from merlin_troubleshooting.anchors import AnchorError, known_error_pages, validate_site_anchors
from merlin_troubleshooting.assets import CATALOG_SCHEMA, load_examples
from merlin_troubleshooting.config import TroubleshootingConfig
from merlin_troubleshooting.contract import expand_contract_markers, expand_examples_marker
from merlin_troubleshooting.csp import apply_csp
from merlin_troubleshooting.notfound import fix_not_found_page
from merlin_troubleshooting.precompile import PrecompileProblem
from merlin_troubleshooting.runtime import RuntimeManifest, RuntimeProblem
from merlin_troubleshooting.sections import replace_markers
from merlin_troubleshooting.widget import render_disabled, render_widget, replace_marker, widget_urls

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class TroubleshootingPlugin(BasePlugin[TroubleshootingConfig]):
    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.build: bundle.CatalogBuild | None = None
        self.manifest: RuntimeManifest | None = None
        self.runtime_dir: Path | None = None
        self.analyzer: analyzer_build.AnalyzerBuild | None = None
        self.inline_scripts: dict[str, str] = {}  # externalised inline scripts: file name -> code
        self.section_pages: dict[str, Path] = {}  # docs file -> built HTML, for the anchor check
        self._workdir: tempfile.TemporaryDirectory[str] | None = None

    # ------------------------------------------------------------------ configuration

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Step 1: compile and validate the catalog once per build. Every later step
        # (sections, wheel, catalog.json, anchor check) uses this same compiled text, so
        # the page and the analyzer are built from identical data.
        try:
            self.manifest = bundle.checked_manifest()
            source = self.config.catalog_dir  # "" = the diagnoser's own catalog
            base = Path(config.config_file_path or ".").parent
            self.build = bundle.compile_catalog_build(base / source if source else None, self.manifest)
            self.catalog = self.build.catalog
        except CatalogError as error:
            raise PluginError(
                f"merlin-troubleshooting: the known-error catalog is invalid: {error}"
            ) from None
        except RuntimeProblem as problem:
            raise PluginError(f"merlin-troubleshooting: {problem}") from None
        # The footer states the engine, catalog and runtime versions (overrides/partials/copyright.html).
        config.extra["merlin_versions"] = self.build.versions.to_dict()

        # Step 2: check that the pinned runtime is present now, not after every page has
        # been rendered: a fresh checkout without `npm ci` fails in a second, with the fix.
        self.runtime_dir = Path(config.config_file_path or ".").parent / self.config.runtime_dir
        if self.config.enabled:
            try:
                bundle.check_runtime_present(self.runtime_dir, self.manifest, self.config.pyodide)
            except RuntimeProblem as problem:
                raise PluginError(f"merlin-troubleshooting: {problem}") from None
        return config

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable
    ) -> LiveReloadServer:
        # `mkdocs serve`: rebuild when a known error's YAML changes, not only the pages, so a
        # docs writer sees the new section as soon as the file is saved.
        server.watch(str(errors_dir()))
        return server

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # Step 3: remember where the troubleshooting page and each stage's known-errors page
        # will be written, for the anchor check; a page the catalog needs but docs_dir lacks
        # stops the build here, naming the file to create.
        assert self.catalog is not None
        documents = {f.src_uri: Path(f.abs_dest_path) for f in files.documentation_pages()}
        try:
            self.section_pages = known_error_pages(documents, self.catalog, self.config.troubleshooting_page)
        except AnchorError as error:
            raise PluginError(f"merlin-troubleshooting: {error} (docs_dir: {config.docs_dir})") from None
        return files

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Step 4: before the pages, because they carry what this makes: the diagnoser wheel
        # (its content-derived version is the build id in the widget's URLs), the .pyc
        # stdlib and the memory snapshot (cached; made under Node), and the hashes of every
        # file the worker loads.
        if not self.config.enabled:
            return
        assert self.manifest is not None and self.runtime_dir is not None and self.build is not None
        self._workdir = tempfile.TemporaryDirectory(prefix="merlin-wheel-")
        try:
            work, runtime, pyodide = Path(self._workdir.name), self.runtime_dir, self.config.pyodide
            self.analyzer = bundle.prepare_analyzer(work, self.build, self.manifest, runtime, pyodide)
        except (PrecompileProblem, RuntimeProblem) as problem:
            raise PluginError(f"merlin-troubleshooting: {problem}") from None
        pre = self.analyzer.precompiled
        if pre is not None:
            log.info("merlin-troubleshooting: .pyc stdlib and memory snapshot %s in %.1f s",
                     "from cache" if pre.cached else "built", pre.seconds)  # fmt: skip

    # ------------------------------------------------------------------ pages

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Step 5: expand the known-errors markers (a stage's sections, the summary table, the
        # redirects from old #id links). Links to a section are relative links to the page
        # of its stage (checked by MkDocs), or "#id" on that page itself.
        assert self.catalog is not None
        source = page.file.src_uri
        try:
            markdown = replace_markers(markdown, self.catalog, page=source, page_url=page.url)
        except ValueError as error:
            raise PluginError(f"merlin-troubleshooting: {source}: {error}") from None

        # Step 5b: the catalog.json example and field tables, from this build's real file
        # and the published schema (Linking from the Merlin UI).
        if "merlin:catalog-json-" in markdown:
            assert self.build is not None
            schema = json.loads((Path(config.docs_dir) / CATALOG_SCHEMA).read_text(encoding="utf-8"))
            link = posixpath.relpath(CATALOG_SCHEMA, posixpath.dirname(source) or ".")
            document = bundle.catalog_document(self.build, self.analyzer)
            markdown = expand_contract_markers(markdown, document, schema, link)
        if "merlin:examples" in markdown:  # links to the example pastes (Step 7b writes them)
            examples = [(e.title, e.file) for e in load_examples()]
            markdown = expand_examples_marker(markdown, examples, get_relative_url(".", page.url) + "/")

        # Step 6: the analyzer widget, with URLs relative to this page (no site_url needed).
        if "merlin:analyzer" in markdown:
            if self.config.enabled and self.analyzer is not None:
                root = get_relative_url(".", page.url) + "/"
                urls = widget_urls(root, self.config.pyodide, self.analyzer.build_id)
                html = render_widget(
                    urls, self.analyzer.boot, self.analyzer.download_bytes, self.config.report_url
                )
            else:
                html = render_disabled()
            markdown = replace_marker(markdown, html)
        return markdown

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # Step 6b: a Content-Security-Policy on every page; inline scripts become files.
        if not self.config.enabled:
            return output
        root = get_relative_url(".", page.url) + "/"
        return apply_csp(output, root, self.config.pyodide, self.inline_scripts)

    # ------------------------------------------------------------------ output

    @event_priority(-50)  # after other plugins (search etc.) have written their files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        started = time.perf_counter()
        site = Path(config.site_dir)
        assert self.build is not None and self.manifest is not None and self.runtime_dir is not None
        try:
            # Step 7: catalog.json at the site root (with the versions), checked against the
            # JSON Schema the site publishes for it; the example pastes for "Try an example".
            schema = Path(config.docs_dir) / CATALOG_SCHEMA
            bundle.write_catalog_files(site, self.build, self.analyzer, schema)

            if self.config.enabled and self.analyzer is not None:
                # Step 8: the wheel, the site lock (written by pyodide-lock), the .pyc stdlib,
                # the snapshot, the runtime (each file checked against its pinned sha256) and
                # the JS/CSS: the bytes hashed into the pages. Then the page scripts that were
                # inline (the CSP allows no inline script).
                pyodide = self.config.pyodide
                _files, runtime_bytes = bundle.write_analyzer_files(
                    site, self.analyzer, self.manifest, self.runtime_dir, pyodide
                )
                if runtime_bytes:
                    log.info("merlin-troubleshooting: Pyodide %s copied (%.1f MB, verified)",
                             self.manifest.version, runtime_bytes / 1e6)  # fmt: skip
                assets = site / SITE_ASSETS_DIR
                for name, code in self.inline_scripts.items():
                    (assets / name).write_text(code, encoding="utf-8")

            # Step 12: every catalog id is exactly one section on its stage's page, and one row
            # anchor plus one redirect on the troubleshooting page.
            rendered = {src: path.read_text(encoding="utf-8") for src, path in self.section_pages.items()}
            summary_url = self.config.troubleshooting_page.removesuffix(".md") + "/"
            validate_site_anchors(rendered, self.catalog, self.config.troubleshooting_page, summary_url)

            # Step 13: a 404 page that is styled and linked at any address under any sub-path.
            fix_not_found_page(site)
        except (RuntimeProblem, AnchorError, FileNotFoundError, ValueError) as error:
            raise PluginError(f"merlin-troubleshooting: {error}") from None
        finally:
            if self._workdir is not None:
                self._workdir.cleanup()
                self._workdir = None
        log.info("merlin-troubleshooting: analyzer files written in %.2f s", time.perf_counter() - started)

    def on_build_error(self, *, error: Exception) -> None:
        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None
