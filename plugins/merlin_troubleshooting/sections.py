"""Render the Known Errors sections of the troubleshooting page from the catalog.

The sections are generated, never hand-written, so the page and the analyzer cannot
disagree: each heading's anchor is exactly the catalog id, which is also the ``#id``
every analyzer finding, the CLI and the Merlin UI link to.

Grouping rule for ``stage: both``: the full section lives in the **deployment** group
(most readers arrive from a failed deployment, and a build failure also shows up in the
deployment's History), and the image-build group lists it under "Also seen during image
builds" as a link to that section. So every id has exactly one section and one anchor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from diagnoser.catalog import Catalog, KnownError
from diagnoser.model import COMPONENT_LABELS

GROUPS = ("image-build", "deployment")
HOME_OF_BOTH = "deployment"  # the group where a stage "both" entry gets its full section
_ROLE_ORDER = {"cause": 0, "symptom": 1, "fallback": 2}
MARKER = re.compile(
    r"<!--\s*merlin:known-errors\s+stage=(?P<stage>[a-z-]+)(?:\s+level=(?P<level>[2-6]))?\s*-->"
)
SECTIONS_CLASS = "merlin-known-errors"
_ATX_HEADING = re.compile(r"^(#{1,6})[ \t]", re.MULTILINE)


def in_group(error: KnownError, group: str) -> bool:
    return error.stage in (group, "both")


def has_section_in(error: KnownError, group: str) -> bool:
    return error.stage == group or (error.stage == "both" and group == HOME_OF_BOTH)


def ordered(errors: Iterable[KnownError]) -> list[KnownError]:
    """Causes first, then symptoms, then catch-alls; alphabetical by title within each."""
    return sorted(errors, key=lambda e: (_ROLE_ORDER.get(e.role, 9), e.title.lower()))


def component_labels(components: Iterable[str]) -> str:
    return ", ".join(COMPONENT_LABELS.get(c, c) for c in components)


def _heading_text(title: str) -> str:
    # Braces would be read as an attribute list and a trailing '#' as heading markup.
    return title.replace("{", "\\{").replace("}", "\\}").rstrip("#").strip()


def _link(catalog: Catalog, error_id: str, link_prefix: str) -> str:
    return f"[{catalog.get(error_id).title}]({link_prefix}#{error_id})"


def _numbered(items: list[str]) -> list[str]:
    lines = []
    for number, text in enumerate(items, 1):
        first, *rest = text.splitlines() or [""]
        lines.append(f"{number}. {first}")
        lines.extend(("    " + line) if line.strip() else "" for line in rest)
    return lines


def render_section(error: KnownError, catalog: Catalog, level: int = 3, link_prefix: str = "") -> str:
    """One known error as markdown; ``link_prefix`` is the page holding the sections ('' = this page)."""
    lines = [
        f"{'#' * level} {_heading_text(error.title)} {{#{error.id}}}",
        "",
        error.summary,
        "",
        error.meaning,
        "",
    ]
    if error.components:
        lines += [f"**Component:** {component_labels(error.components)}", ""]
    causes = [other.id for other in catalog.errors if error.id in other.explains]
    if causes:
        lines += ["**Often a symptom of:** " + ", ".join(_link(catalog, i, link_prefix) for i in causes), ""]
    steps = []
    for step in error.steps:
        text = step.render({})  # no facts in the docs: every placeholder shows its fallback text
        if step.components:
            text = f"*Only for the {component_labels(step.components)}:* {text}"
        steps.append(text)
    lines += ["**How to fix it:**", "", *_numbered(steps), ""]
    if error.explains:
        lines += [
            "**Also explains:** " + ", ".join(_link(catalog, i, link_prefix) for i in error.explains),
            "",
        ]
    if error.related:
        lines += ["**Related:** " + ", ".join(_link(catalog, i, link_prefix) for i in error.related), ""]
    return "\n".join(lines)


def render_group(catalog: Catalog, group: str, level: int = 3, link_prefix: str = "") -> str:
    """All sections of one group, wrapped in a ``div`` so the anchor check can find them."""
    if group not in GROUPS:
        raise ValueError(f"unknown known-errors stage {group!r}; use one of {', '.join(GROUPS)}")
    members = ordered(e for e in catalog.errors if in_group(e, group))
    own = [e for e in members if has_section_in(e, group)]
    elsewhere = [e for e in members if not has_section_in(e, group)]
    parts = [f'<div class="{SECTIONS_CLASS}" data-stage="{group}" markdown="1">', ""]
    parts += [render_section(error, catalog, level, link_prefix) for error in own]
    if elsewhere:
        parts += [
            f"**Also seen during {'image builds' if group == 'image-build' else 'deployments'}** "
            f"(described under {HOME_OF_BOTH} errors):",
            "",
            *(f"- {_link(catalog, e.id, link_prefix)}: {e.summary}" for e in elsewhere),
            "",
        ]
    parts += ["</div>", ""]
    return "\n".join(parts)


def heading_level_for(markdown: str, position: int) -> int:
    """One below the last ATX heading before ``position`` (3 if none), so sections nest under it."""
    level, fence = 2, ""
    for line in markdown[:position].splitlines():
        stripped = line.lstrip()
        if fence:
            fence = "" if stripped.startswith(fence) else fence
        elif stripped.startswith(("```", "~~~")):
            fence = stripped[:3]  # a "# comment" inside a code block is not a heading
        elif heading := _ATX_HEADING.match(line):
            level = len(heading.group(1))
    return min(level + 1, 6)


def replace_markers(markdown: str, catalog: Catalog, link_prefix: str = "") -> str:
    """Replace every ``<!-- merlin:known-errors stage=... [level=N] -->`` marker in a page.

    Without ``level=`` the sections nest one level below the heading above the marker.
    """

    def render(match: re.Match[str]) -> str:
        level = int(match.group("level") or heading_level_for(markdown, match.start()))
        return render_group(catalog, match.group("stage"), level, link_prefix)

    return MARKER.sub(render, markdown)
