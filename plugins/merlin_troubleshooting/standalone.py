"""``merlin-troubleshooting build-analyzer OUT/``: the analyzer and the known errors for any static site.

Why: the analyzer and the known-error sections used to exist only inside the MkDocs
plugin, so a site on Zensical (which runs no MkDocs plugins), Sphinx or plain HTML could not
have them. This build makes the same files with the same functions (``bundle``), without
MkDocs, into one folder:

- ``assets/merlin-analyzer/``: the pinned Pyodide runtime, the engine wheel, the site's
  ``pyodide-lock.json``, the ``.pyc`` stdlib and memory snapshot (when Node is available),
  ``analyzer.js``, its worker and stylesheet: the same layout as the docs site;
- ``catalog.json`` (with ``versions``) and ``examples/``;
- ``merlin-analyzer.js``: a small loader that fills ``<div data-merlin-analyzer>`` with the
  widget (URLs resolved against the loader's own address, so the folder can sit anywhere);
- ``snippet.html``: the two lines to paste into a page;
- ``known-errors/markdown/``: the known-error sections as Markdown, in the docs layout
  (``deploying-a-model/known-errors/<stage>.md`` and the summary table), for Markdown sites;
- ``known-errors/html/<stage>.html`` and ``summary.html``: the same as HTML fragments;
- ``deploying-a-model/...``: a plain page per stage holding its fragment, so the links in
  the analyzer's answers (``<root>/deploying-a-model/known-errors/<stage>/#<id>``) work
  from the build folder alone.
"""

from __future__ import annotations

import json
import posixpath
import re
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

from diagnoser.catalog.pages import KNOWN_ERRORS_DIR, SUMMARY_PAGE, stage_source
from merlin_troubleshooting import bundle
from merlin_troubleshooting.integrity import sri
from merlin_troubleshooting.sections import group_title, page_stages, render_group, render_summary
from merlin_troubleshooting.widget import render_widget, widget_urls

LOADER_SOURCE = Path(__file__).with_name("embed") / "merlin-analyzer.js"
LOADER_NAME = "merlin-analyzer.js"
WIDGET_PLACEHOLDER = '/*merlin:widget*/ ""'
SNIPPET_NAME = "snippet.html"
SUMMARY_SOURCE = SUMMARY_PAGE.rstrip("/") + ".md"  # the docs file whose URL is the summary page
MARKDOWN_EXTENSIONS = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
]
_MD_LINK = re.compile(r'href="(?P<path>[^"#:]*\.md)(?P<anchor>#[^"]*)?"')


@dataclass(frozen=True)
class StandaloneBuild:
    out: Path
    versions: dict[str, str]
    wheel: str
    precompiled: bool  # the .pyc stdlib and snapshot were made (Node was available)
    pages: tuple[str, ...]  # the known-error pages written, relative to ``out``


def source_to_url(source: str) -> str:
    """``a/b.md`` -> ``a/b/`` (MkDocs' directory URLs)."""
    stem = source.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def md_links_to_urls(html: str, page_source: str) -> str:
    """Rewrite relative ``.md`` links (as the sections write them) into relative page URLs."""
    page_url = source_to_url(page_source)

    def replace(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_source), match.group("path")))
        target_url = source_to_url(target)
        relative = posixpath.relpath(target_url or ".", page_url.rstrip("/") or ".") + "/"
        return f'href="{relative}{match.group("anchor") or ""}"'

    return _MD_LINK.sub(replace, html)


def markdown_to_html(markdown_text: str, page_source: str) -> str:
    import markdown  # Python-Markdown + pymdown-extensions: the same extensions as mkdocs.yml

    html = markdown.markdown(markdown_text, extensions=MARKDOWN_EXTENSIONS)
    return md_links_to_urls(html, page_source)


def page_html(title: str, body: str, root: str) -> str:
    """A plain page around a fragment: no theme, no script."""
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en">',
            '<head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f'<link rel="stylesheet" href="{root}known-errors/known-errors.css"></head>',
            f'<body><main class="merlin-known-errors-page"><h1>{escape(title)}</h1>',
            body,
            "</main></body></html>",
            "",
        ]
    )


KNOWN_ERRORS_CSS = """body { font: 16px/1.5 system-ui, sans-serif; color: #1b1b1b; }
body { margin: 0 auto; max-width: 52rem; padding: 1rem; } code { background: #f2f2f2; padding: 0 .2em; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .3em; }
details { margin: .5em 0; } summary { cursor: pointer; }
"""


def write_known_errors(out: Path, build: bundle.CatalogBuild) -> tuple[str, ...]:
    """The sections as Markdown (docs layout), as HTML fragments, and as plain pages."""
    catalog = build.catalog
    markdown_dir, html_dir = out / "known-errors" / "markdown", out / "known-errors" / "html"
    html_dir.mkdir(parents=True, exist_ok=True)
    (out / "known-errors" / "known-errors.css").write_text(KNOWN_ERRORS_CSS, encoding="utf-8")
    parts: list[tuple[str, str, str]] = []  # (docs source, title, markdown)
    for stage in page_stages(catalog):
        source = stage_source(stage)
        text = render_group(catalog, stage, level=2, page=source)
        parts.append((source, group_title(stage), text))
    summary_md = render_summary(catalog, page=SUMMARY_SOURCE)
    parts.append((KNOWN_ERRORS_DIR.rstrip("/") + "-summary.md", "Known errors", summary_md))
    pages = []
    for source, title, text in parts:
        target = markdown_dir / source
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {title}\n\n{text}", encoding="utf-8")
        is_summary = source.endswith("-summary.md")
        page_source = SUMMARY_SOURCE if is_summary else source
        fragment = markdown_to_html(text, page_source)
        name = "summary" if is_summary else Path(source).stem
        (html_dir / f"{name}.html").write_text(fragment + "\n", encoding="utf-8")
        url = source_to_url(page_source)
        root = "../" * url.count("/")
        (out / url).mkdir(parents=True, exist_ok=True)
        (out / url / "index.html").write_text(page_html(title, fragment, root), encoding="utf-8")
        pages.append(url)
    return tuple(pages)


def loader_code(widget_html: str) -> str:
    code = LOADER_SOURCE.read_text(encoding="utf-8")
    if WIDGET_PLACEHOLDER not in code:
        raise ValueError(f"{LOADER_SOURCE} has lost its widget placeholder {WIDGET_PLACEHOLDER!r}")
    literal = json.dumps(widget_html).replace("</", "<\\/")  # never closes a script element early
    return code.replace(WIDGET_PLACEHOLDER, literal)


def snippet(base_url: str, loader: bytes) -> str:
    base = base_url if base_url.endswith("/") else base_url + "/"
    return (
        "<!-- The Merlin log analyzer: paste into any page of a site that serves this folder at "
        f"{escape(base)} -->\n"
        "<div data-merlin-analyzer></div>\n"
        f'<script src="{escape(base, quote=True)}{LOADER_NAME}" integrity="{sri(loader)}" async></script>\n'
    )


def build_analyzer(
    out: Path,
    runtime_dir: Path,
    pyodide: str = bundle.SELF_HOSTED,
    catalog_dir: Path | None = None,
    base_url: str = "./",
    schema_path: Path | None = None,
    report_url: str = "",
) -> StandaloneBuild:
    """Write the standalone analyzer into ``out`` (see the module docstring for the layout)."""
    manifest = bundle.checked_manifest()
    build = bundle.compile_catalog_build(catalog_dir, manifest)
    bundle.check_runtime_present(runtime_dir, manifest, pyodide)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="merlin-analyzer-") as tmp:
        analyzer = bundle.prepare_analyzer(Path(tmp), build, manifest, runtime_dir, pyodide)
        bundle.write_catalog_files(out, build, analyzer, schema_path)
        bundle.write_analyzer_files(out, analyzer, manifest, runtime_dir, pyodide)
    urls = widget_urls("./", pyodide, analyzer.build_id)
    widget = render_widget(urls, analyzer.boot, analyzer.download_bytes, report_url)
    loader = loader_code(widget).encode("utf-8")
    (out / LOADER_NAME).write_bytes(loader)
    (out / SNIPPET_NAME).write_text(snippet(base_url, loader), encoding="utf-8")
    pages = write_known_errors(out, build)
    return StandaloneBuild(
        out=out,
        versions=build.versions.to_dict(),
        wheel=analyzer.wheel.file_name,
        precompiled=analyzer.precompiled is not None,
        pages=pages,
    )
