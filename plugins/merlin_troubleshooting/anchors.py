"""Check, after the build, that every catalog id is a working anchor on the troubleshooting page.

Findings, the CLI, ``catalog.json`` and the Merlin UI all link to ``<page>#<id>``. A
broken anchor fails silently in a browser (the page opens at the top), so the build
checks the rendered HTML instead: every id appears as exactly one element id, and every
heading inside the generated Known Errors blocks belongs to a catalog id (a hand-written
section there would be a section the analyzer can never link to).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from merlin_troubleshooting.sections import SECTIONS_CLASS

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class AnchorError(Exception):
    """The troubleshooting page and the catalog disagree; the message lists every problem."""


@dataclass
class PageAnchors:
    ids: Counter[str] = field(default_factory=Counter)  # every element id on the page
    section_ids: list[str] = field(default_factory=list)  # heading ids inside Known Errors blocks
    blocks: int = 0  # Known Errors blocks found


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
        return ["the page has no Known Errors sections: add <!-- merlin:known-errors stage=image-build --> "
                "and <!-- merlin:known-errors stage=deployment --> to it"]  # fmt: skip
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
