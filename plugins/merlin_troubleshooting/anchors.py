"""Check, after the build, that every catalog id is a working anchor where links expect it.

Findings, the CLI, ``catalog.json`` and the Merlin UI all link to ``<page>#<id>``. A
broken anchor fails silently in a browser (the page opens at the top), so the build
checks the rendered HTML instead: on each stage's page every id of that stage appears
as exactly one element id, every heading inside the generated Known Errors blocks belongs
to a catalog id of that page (a hand-written section there would be a section the
analyzer can never link to), and the summary page has one row anchor and one redirect
per id, each redirect resolving to the section's real address.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from diagnoser.catalog import Catalog
from diagnoser.catalog.pages import stage_source, url_for
from merlin_troubleshooting.sections import SECTIONS_CLASS, SUMMARY_CLASS, page_stages

_REDIRECTS = re.compile(r'<script type="application/json" data-merlin-redirects="1">(\{[^\n]*\})</script>')

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class AnchorError(Exception):
    """The troubleshooting page and the catalog disagree; the message lists every problem."""


@dataclass
class PageAnchors:
    ids: Counter[str] = field(default_factory=Counter)  # every element id on the page
    section_ids: list[str] = field(default_factory=list)  # heading ids inside Known Errors blocks
    blocks: int = 0  # Known Errors blocks found
    summaries: int = 0  # summary tables found


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = PageAnchors()
        self._depth = 0  # open <div>s since entering a Known Errors block; 0 = outside

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.found.ids[values["id"]] += 1
        if tag == "div":
            if self._depth:
                self._depth += 1
            elif SECTIONS_CLASS in (values.get("class") or "").split():
                self._depth = 1
                self.found.blocks += 1
            elif SUMMARY_CLASS in (values.get("class") or "").split():
                self.found.summaries += 1
        elif tag in _HEADINGS and self._depth:
            self.found.section_ids.append(values.get("id") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._depth:
            self._depth -= 1


def collect_anchors(html: str) -> PageAnchors:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.found


def anchor_problems(html: str, catalog_ids: Iterable[str]) -> list[str]:
    """Every disagreement between the page and the catalog, as readable sentences."""
    ids = list(catalog_ids)
    found = collect_anchors(html)
    if not found.blocks:
        return ["the page has no Known Errors sections: add <!-- merlin:known-errors stage=<stage> --> "
                "to it"]  # fmt: skip
    problems = []
    for error_id in ids:
        count = found.ids[error_id]
        if count == 0:
            problems.append(f'catalog id {error_id!r} has no section (no element with id="{error_id}")')
        elif count > 1:
            problems.append(
                f"id {error_id!r} appears {count} times; a heading elsewhere on the page probably "
                "has the same title: rename it or give it another {#anchor}"
            )
    known = set(ids)
    for section_id in found.section_ids:
        if section_id not in known:
            shown = repr(section_id) if section_id else "(no id)"
            problems.append(
                f"the Known Errors part has a section {shown} that is not a catalog id: "
                "add it to diagnoser/catalog/errors/ or move it out of the generated block"
            )
    return problems


def validate_anchors(html: str, catalog_ids: Iterable[str], page: str = "the troubleshooting page") -> None:
    problems = anchor_problems(html, catalog_ids)
    if problems:
        raise AnchorError(f"{page}: " + "; ".join(problems))


def _resolve(page_url: str, link: str) -> str:
    """A relative link on the page at ``page_url`` as a site-relative URL (directory-style pages)."""
    path, _, anchor = link.partition("#")
    joined = posixpath.normpath(posixpath.join(page_url, path)) + ("/" if path.endswith("/") else "")
    return joined.removeprefix("./") + (f"#{anchor}" if anchor else "")


def site_anchor_problems(
    pages: dict[str, str], catalog: Catalog, summary_page: str, summary_url: str
) -> list[str]:
    """Every disagreement between the rendered known-error pages and the catalog.

    ``pages`` maps docs files (``deploying-a-model/known-errors/platform.md``) to their
    HTML; ``summary_page`` / ``summary_url`` are the troubleshooting page's file and URL.
    """
    problems = []
    for stage in page_stages(catalog):
        source = stage_source(stage)
        expected = [e.id for e in catalog.errors if stage_source(e.stage) == source]
        if source not in pages:
            if expected:
                problems.append(f"{source} is missing: it must hold the sections of {', '.join(expected)}")
            continue
        problems += [f"{source}: {p}" for p in anchor_problems(pages[source], expected)]
    summary_html = pages.get(summary_page)
    if summary_html is None:
        return [*problems, f"{summary_page} is missing: it holds the summary table and the redirects"]
    found = collect_anchors(summary_html)
    if found.summaries != 1:
        problems.append(f"{summary_page}: expected one <!-- merlin:known-errors-summary --> table")
    for error in catalog.errors:
        if found.ids[error.id] != 1:
            problems.append(f"{summary_page}: id {error.id!r} is {found.ids[error.id]} element ids, not 1")
    redirects = _REDIRECTS.search(summary_html)
    if redirects is None:
        return [*problems, f"{summary_page}: no <!-- merlin:known-errors-redirects --> script"]
    targets = json.loads(redirects.group(1))
    for error in catalog.errors:
        if error.id not in targets:
            problems.append(f"{summary_page}: no redirect for #{error.id}")
        elif _resolve(summary_url, targets[error.id]) != url_for(error):
            problems.append(
                f"{summary_page}: #{error.id} redirects to {_resolve(summary_url, targets[error.id])}, "
                f"not {url_for(error)}"
            )
    return problems


def validate_site_anchors(
    pages: dict[str, str], catalog: Catalog, summary_page: str, summary_url: str
) -> None:
    problems = site_anchor_problems(pages, catalog, summary_page, summary_url)
    if problems:
        raise AnchorError("; ".join(problems))


def known_error_pages(documents: dict[str, Path], catalog: Catalog, summary_page: str) -> dict[str, Path]:
    """The built HTML path of the troubleshooting page and of every stage page that exists.

    ``documents`` maps each docs file to its built HTML. The troubleshooting page, and the
    page of every stage the catalog uses, must exist: otherwise an id would have no section.
    """
    if summary_page not in documents:
        raise AnchorError(f"troubleshooting_page {summary_page!r} is not a page of the site")
    needed = sorted({stage_source(error.stage) for error in catalog.errors})
    missing = [source for source in needed if source not in documents]
    if missing:
        stages = sorted({e.stage for e in catalog.errors if stage_source(e.stage) in missing})
        raise AnchorError(
            f"the catalog has errors of stage(s) {', '.join(stages)} whose sections belong on "
            f"{', '.join(missing)}: create that page with a title and the marker "
            "<!-- merlin:known-errors stage=<stage> -->"
        )
    wanted = {summary_page, *(stage_source(stage) for stage in page_stages(catalog))}
    return {source: documents[source] for source in sorted(wanted) if source in documents}
