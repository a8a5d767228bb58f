"""Which docs page holds each known error's section: one page per stage.

The troubleshooting page grew too long for a phone once the catalog passed twenty
entries, so every stage has its own page under ``deploying-a-model/known-errors/``.
This module is the single answer to "where is the section of this error?", shared by
the engine (finding URLs), the docs plugin (sections, links, redirects, catalog.json)
and the tests. It imports nothing from the catalog so ``schema.py`` can import it.

The old address ``deploying-a-model/troubleshooting-deployment-errors/#<id>`` keeps
working: that page redirects every catalog id to ``url_for(error)`` (and, without
JavaScript, its summary table row for that id links there).
"""

from __future__ import annotations

from typing import Protocol

# The page that used to hold every section; it still holds the summary table of all
# known errors, the general steps, and the redirects from ``#<id>``.
SUMMARY_PAGE = "deploying-a-model/troubleshooting-deployment-errors/"
# Every stage's page lives in this folder, named after the stage.
KNOWN_ERRORS_DIR = "deploying-a-model/known-errors/"
# A ``stage: both`` entry has its one full section on the deployment page (most readers
# arrive from a failed deployment); the image-build page lists it as a link.
HOME_OF_BOTH = "deployment"


class HasStage(Protocol):
    id: str
    stage: str


def section_stage(stage: str) -> str:
    """The stage whose page holds the section of an entry with this ``stage``."""
    return HOME_OF_BOTH if stage == "both" else stage


def stage_page(stage: str) -> str:
    """Site-relative URL of a stage's page, e.g. ``deploying-a-model/known-errors/platform/``.

    Generic on purpose: a stage added to the schema gets a page named after it, and the
    docs build fails until that page exists, with the file to create.
    """
    return f"{KNOWN_ERRORS_DIR}{section_stage(stage)}/"


def stage_source(stage: str) -> str:
    """The Markdown file (relative to ``docs/``) of a stage's page."""
    return stage_page(stage).rstrip("/") + ".md"


def page_for(error: HasStage) -> str:
    """Site-relative URL of the page holding ``error``'s section (no anchor)."""
    return stage_page(error.stage)


def url_for(error: HasStage) -> str:
    """Site-relative URL of ``error``'s section: its page plus ``#<id>``."""
    return f"{page_for(error)}#{error.id}"


def legacy_url(error: HasStage) -> str:
    """The address published before the split; it redirects to ``url_for(error)``."""
    return f"{SUMMARY_PAGE}#{error.id}"
