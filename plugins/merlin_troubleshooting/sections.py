"""Render the known-error pages from the catalog: sections, the summary table, the redirects.

The sections are generated, never hand-written, so the pages and the analyzer cannot
disagree: each error is a real heading whose anchor is exactly its catalog id, on the
page ``diagnoser.catalog.pages.page_for`` names (one page per stage). Three markers:

- ``<!-- merlin:known-errors stage=<stage> [level=N] -->`` on that stage's page: every
  section of the stage, ordered by ``frequency`` (common first), then title; catch-all
  entries (role ``fallback``) last. A ``stage: both`` entry has its section on the
  deployment page; the image-build page lists it as a link.
- ``<!-- merlin:known-errors-summary -->``: one table of every known error (title linked
  to its section, stage, one line), ordered by stage and then as above. Each row carries
  the error's id as an anchor, so an old ``#<id>`` link lands on its row without
  JavaScript.
- ``<!-- merlin:known-errors-redirects -->``: a small script sending an old
  ``troubleshooting-deployment-errors/#<id>`` link to the error's section.

Every mention of another error, in the ``explains``/``related`` lists and inside the
texts (written as ``*id*`` or a code span of the id), becomes a link to its section.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable

from diagnoser.catalog import Catalog, KnownError
from diagnoser.catalog.pages import HOME_OF_BOTH, section_stage, stage_source
from diagnoser.model import COMPONENT_LABELS, COMPONENT_UNKNOWN

# The order of the stage pages (and of the summary table). A stage not listed here
# (added to the schema later) sorts after these, alphabetically: grouping stays generic.
STAGE_ORDER = ("api-validation", "image-build", "deployment", "platform")
GROUP_TITLES = {
    "api-validation": "Errors before deployment (API validation)",
    "image-build": "Image building errors",
    "deployment": "Deployment errors",
    "platform": "Platform errors",
}
STAGE_LABELS = {
    "api-validation": "Before deployment",
    "image-build": "Image build",
    "deployment": "Deployment",
    "both": "Image build and deployment",
    "platform": "Platform",
}
FREQUENCY_ORDER = {"common": 0, "occasional": 1, "rare": 2}
ORDER_SENTENCE = (
    "Within each stage, errors are listed by how often Merlin users hit them (most common first), "
    "then alphabetically; catch-all entries come last."
)
MARKER = re.compile(
    r"<!--\s*merlin:known-errors\s+stage=(?P<stage>[a-z-]+)(?:\s+level=(?P<level>[2-6]))?\s*-->"
)
SUMMARY_MARKER = re.compile(r"<!--\s*merlin:known-errors-summary\s*-->")
REDIRECT_MARKER = re.compile(r"<!--\s*merlin:known-errors-redirects\s*-->")
SECTIONS_CLASS = "merlin-known-errors"
SUMMARY_CLASS = "merlin-known-errors-summary"
BODY_CLASS = "merlin-known-error__body"  # one error's text under its heading
_ASIDE = re.compile(r" \([^()]{0,300}\)")  # a parenthesised aside, dropped from one-line summaries
_ATX_HEADING = re.compile(r"^(#{1,6})[ \t]", re.MULTILINE)
# ``*some-id*`` or a code span of an id, as written in a catalog text; not ``**bold**``.
_MENTION = re.compile(r"(?<![\w*`])([*`])([a-z0-9]{1,40}(?:-[a-z0-9]{1,40}){0,10})\1(?![\w*`])")


def stage_label(stage: str) -> str:
    return STAGE_LABELS.get(stage, stage.replace("-", " ").capitalize())


def group_title(stage: str) -> str:
    return GROUP_TITLES.get(stage, f"{stage.replace('-', ' ').capitalize()} errors")


def stage_rank(stage: str) -> tuple[int, str]:
    """Sort key of a page stage: the known order first, new stages after, alphabetically."""
    return (STAGE_ORDER.index(stage), "") if stage in STAGE_ORDER else (len(STAGE_ORDER), stage)


def page_stages(catalog: Catalog) -> list[str]:
    """Every stage that has a page: the known ones, plus any new stage the catalog uses."""
    used = {section_stage(error.stage) for error in catalog.errors}
    return sorted(used | set(STAGE_ORDER), key=stage_rank)


def in_group(error: KnownError, group: str) -> bool:
    return error.stage == group or (error.stage == "both" and group in ("image-build", HOME_OF_BOTH))


def has_section_in(error: KnownError, group: str) -> bool:
    return section_stage(error.stage) == group


def order_key(error: KnownError) -> tuple[int, int, str]:
    return (error.role == "fallback", FREQUENCY_ORDER.get(error.frequency, 1), error.title.lower())


def ordered(errors: Iterable[KnownError]) -> list[KnownError]:
    """By ``frequency`` (common first), then title; catch-all (``fallback``) entries last."""
    return sorted(errors, key=order_key)


def summary_order(catalog: Catalog) -> list[KnownError]:
    """Every error in the order of the summary table: by the stage of its page, then ``ordered``."""
    return sorted(catalog.errors, key=lambda e: (stage_rank(section_stage(e.stage)), order_key(e)))


def component_labels(components: Iterable[str]) -> str:
    return ", ".join(COMPONENT_LABELS.get(c, c) for c in components)


def section_href(error: KnownError, page: str | None) -> str:
    """Markdown link target of ``error``'s section from the docs file ``page`` (None = same page)."""
    target = stage_source(error.stage)
    if page is None or page == target:
        return f"#{error.id}"
    return posixpath.relpath(target, posixpath.dirname(page) or ".") + f"#{error.id}"


def _heading_text(title: str) -> str:
    # Braces would be read as an attribute list and a trailing '#' as heading markup.
    return title.replace("{", "\\{").replace("}", "\\}").rstrip("#").strip()


def _link(catalog: Catalog, error_id: str, page: str | None) -> str:
    target = catalog.get(error_id)
    return f"[{target.title}]({section_href(target, page)})"


def linkify(text: str, catalog: Catalog, page: str | None, own_id: str = "") -> str:
    """Turn every ``*id*`` / code-span mention of another catalog id into a link to its section."""
    known = set(catalog.ids)

    def replace(match: re.Match[str]) -> str:
        error_id = match.group(2)
        if error_id not in known or error_id == own_id:
            return match.group(0)
        return _link(catalog, error_id, page)

    return _MENTION.sub(replace, text)


def _numbered(items: list[str]) -> list[str]:
    lines = []
    for number, text in enumerate(items, 1):
        first, *rest = text.splitlines() or [""]
        lines.append(f"{number}. {first}")
        lines.extend(("    " + line) if line.strip() else "" for line in rest)
    return lines


def render_section(error: KnownError, catalog: Catalog, level: int = 2, page: str | None = None) -> str:
    """One known error as markdown; ``page`` is the docs file it is rendered on (for links)."""

    def text(value: str) -> str:
        return linkify(value, catalog, page, own_id=error.id)

    lines = [
        f"{'#' * level} {_heading_text(error.title)} {{#{error.id}}}",
        "",
        # Everything under the heading is one block the browser may leave unrendered while it
        # is off screen (CSS content-visibility, sized by --merlin-chars until first shown):
        # the heading stays outside it, so its anchor and the table of contents are unaffected.
        f'<div class="{BODY_CLASS}" style="--merlin-chars: {{chars}}" markdown="1">',
        "",
        text(error.summary),
        "",
        # The explanation is the longest part: collapsed (a <details>, which the browser's
        # find-in-page still searches and opens), so a stage page stays scannable on a phone.
        '??? info "What it means"',
        "",
        *(("    " + line) if line.strip() else "" for line in text(error.meaning).splitlines()),
        "",
    ]
    if error.components:
        lines += [f"**Component:** {component_labels(error.components)}", ""]
    causes = [other.id for other in catalog.errors if error.id in other.explains]
    if causes:
        lines += ["**Often a symptom of:** " + ", ".join(_link(catalog, i, page) for i in causes), ""]
    steps = []
    for step in error.steps:
        rendered = text(step.render({}))  # no facts in the docs: placeholders show their fallback
        # "unknown" in a step's components lets the analyzer show it when the paste names no
        # component; a reader of the docs is told only which components it is for.
        named = [c for c in step.components if c != COMPONENT_UNKNOWN]
        if named:
            rendered = f"*Only for the {component_labels(named)}:* {rendered}"
        steps.append(rendered)
    lines += ["**How to fix it:**", "", *_numbered(steps), ""]
    if error.explains:
        lines += ["**Also explains:** " + ", ".join(_link(catalog, i, page) for i in error.explains), ""]
    if error.related:
        lines += ["**Related:** " + ", ".join(_link(catalog, i, page) for i in error.related), ""]
    lines += ["</div>", ""]
    shown = [error.summary, *steps]  # what is visible with "What it means" collapsed
    lines[2] = lines[2].replace("{chars}", str(sum(len(part) for part in shown)))
    return "\n".join(lines)


def render_group(catalog: Catalog, group: str, level: int = 2, page: str | None = None) -> str:
    """All sections of one stage, wrapped in a ``div`` so the anchor check can find them.

    ``page``: the docs file being rendered; when given, it must be the stage's own page,
    so a marker copied elsewhere cannot create a second section with the same anchor.
    """
    if group == "both":
        raise ValueError(f"stage 'both' has no page of its own: its sections are on the {HOME_OF_BOTH} page")
    if group not in page_stages(catalog):
        known = ", ".join(page_stages(catalog))
        raise ValueError(f"unknown known-errors stage {group!r}; use one of {known}")
    if page is not None and page != stage_source(group):
        raise ValueError(
            f"the sections of stage {group!r} belong on {stage_source(group)}, not on {page}: "
            "move the marker there"
        )
    members = ordered(e for e in catalog.errors if in_group(e, group))
    own = [e for e in members if has_section_in(e, group)]
    elsewhere = [e for e in members if not has_section_in(e, group)]
    parts = [f'<div class="{SECTIONS_CLASS}" data-stage="{group}" markdown="1">', ""]
    if not own and not elsewhere:
        parts += ["No known errors in this group yet.", ""]
    parts += [render_section(error, catalog, level, page) for error in own]
    parts += ["</div>", ""]
    if elsewhere:  # outside the block: its heading is not a known error's section
        parts += [
            f"{'#' * level} Also seen during image builds {{#also-seen-during-image-builds}}",
            "",
            f"These errors have their section on the {group_title(HOME_OF_BOTH).lower()} page:",
            "",
            *(f"- {_link(catalog, e.id, page)}: {linkify(e.summary, catalog, page)}" for e in elsewhere),
            "",
        ]
    return "\n".join(parts)


def one_line(summary: str, limit: int = 120) -> str:
    """The first clause of a summary without its asides, short enough for one table line."""
    text = " ".join(summary.replace("**", "").split())
    text = _ASIDE.sub("", text)
    cuts = [text.find(mark, 20) for mark in (": ", "; ", ". ")]
    cut = min((c for c in cuts if c > 0), default=len(text))
    text = text[:cut].rstrip(".,;: ")
    if len(text) > limit:
        return text[: text.rfind(" ", 0, limit)].rstrip(".,;: ") + "…"
    return text + "."


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_summary(catalog: Catalog, page: str | None = None) -> str:
    """The table of every known error; each row is also the anchor of its id on this page."""
    rows = [
        f'<div class="{SUMMARY_CLASS}" markdown="1">',
        "",
        f"{len(catalog.errors)} known errors. {ORDER_SENTENCE}",
        "",
        "| Known error | Stage | In one line |",
        "|---|---|---|",
    ]
    for error in summary_order(catalog):
        title = _cell(error.title)
        rows.append(
            f'| <span id="{error.id}"></span>[{title}]({section_href(error, page)}) '
            f"| {stage_label(error.stage)} | {_cell(one_line(linkify(error.summary, catalog, page)))} |"
        )
    rows += ["", "</div>", ""]
    return "\n".join(rows)


def _relative_url(target: str, page_url: str) -> str:
    """``target`` (site-relative, directory style) as a link from the page at ``page_url``."""
    base = posixpath.dirname(page_url.rstrip("/")) if not page_url.endswith("/") else page_url.rstrip("/")
    return posixpath.relpath(target.rstrip("/"), base or ".") + "/"


def redirect_targets(catalog: Catalog, page_url: str) -> dict[str, str]:
    """id -> the section's URL relative to the page at ``page_url`` (``#id`` included)."""
    from diagnoser.catalog.pages import url_for

    targets = {}
    for error in catalog.errors:
        path, _, anchor = url_for(error).partition("#")
        targets[error.id] = f"{_relative_url(path, page_url)}#{anchor}"
    return targets


def render_redirects(catalog: Catalog, page_url: str) -> str:
    """The map sending ``#<id>`` on this page to that error's section on its own page.

    Data, not code: the site's Content-Security-Policy allows no inline script, so the map is
    a JSON script element that ``docs/javascripts/redirects.js`` (loaded on every page) reads.
    """
    targets = json.dumps(redirect_targets(catalog, page_url), sort_keys=True, separators=(",", ":"))
    targets = targets.replace("</", "<\\/")  # never close the script element early
    return f'<script type="application/json" data-merlin-redirects="1">{targets}</script>\n'


def heading_level_for(markdown: str, position: int) -> int:
    """One below the last ATX heading before ``position`` (2 if none), so sections nest under it."""
    level, fence = 1, ""
    for line in markdown[:position].splitlines():
        stripped = line.lstrip()
        if fence:
            fence = "" if stripped.startswith(fence) else fence
        elif stripped.startswith(("```", "~~~")):
            fence = stripped[:3]  # a "# comment" inside a code block is not a heading
        elif heading := _ATX_HEADING.match(line):
            level = len(heading.group(1))
    return min(level + 1, 6)


def replace_markers(markdown: str, catalog: Catalog, page: str | None = None, page_url: str = "") -> str:
    """Expand every known-errors marker of a page (``page``: its docs file; ``page_url``: its URL).

    Without ``level=`` the sections nest one level below the heading above the marker.
    """

    def render(match: re.Match[str]) -> str:
        level = int(match.group("level") or heading_level_for(markdown, match.start()))
        return render_group(catalog, match.group("stage"), level, page)

    markdown = SUMMARY_MARKER.sub(lambda _m: render_summary(catalog, page), markdown)
    markdown = REDIRECT_MARKER.sub(lambda _m: render_redirects(catalog, page_url), markdown)
    return MARKER.sub(render, markdown)
