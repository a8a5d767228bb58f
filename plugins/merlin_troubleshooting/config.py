"""The plugin's options, typed and validated by MkDocs before any page is built."""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from merlin_troubleshooting.options import SELF_HOSTED, check_pyodide_source, check_report_url

__all__ = ["SELF_HOSTED", "PyodideSource", "ReportUrl", "TroubleshootingConfig"]


class PyodideSource(c.Type):
    """``self-hosted`` (copy the pinned runtime into the site) or a URL to a Pyodide folder ending in '/'."""

    def __init__(self) -> None:
        super().__init__(str, default=SELF_HOSTED)

    def run_validation(self, value: Any) -> str:
        try:
            return check_pyodide_source(super().run_validation(value))
        except ValueError as problem:
            raise base.ValidationError(str(problem)) from None


class ReportUrl(c.Type):
    """Where "Open an issue" sends a wrong-answer report: off when empty, else an http(s) URL template.

    The template holds ``{title}`` and/or ``{body}``, which the page fills URL-encoded, e.g.
    ``https://github.com/org/docs/issues/new?title={title}&body={body}``. Off by default:
    an intranet site usually has no tracker its readers can reach, and then the report is
    only copied to the clipboard.
    """

    def __init__(self) -> None:
        super().__init__(str, default="")

    def run_validation(self, value: Any) -> str:
        try:
            return check_report_url(super().run_validation(value))
        except ValueError as problem:
            raise base.ValidationError(str(problem)) from None


class TroubleshootingConfig(base.Config):
    # Off: the analyzer marker renders a note instead of the widget; the sections still render.
    enabled = c.Type(bool, default=True)
    # Where the browser gets Pyodide from (see PyodideSource).
    pyodide = PyodideSource()
    # The `npm ci` output holding the pinned runtime, relative to mkdocs.yml.
    runtime_dir = c.Type(str, default="node_modules/pyodide")
    # The page that holds the Known Errors sections (the target of every #id link), relative to docs_dir.
    troubleshooting_page = c.Type(str, default="deploying-a-model/troubleshooting-deployment-errors.md")
    # Folder of the known-error YAML files; empty = the diagnoser's own catalog. For tests and
    # forks that document a catalog of their own.
    catalog_dir = c.Type(str, default="")
    # "Wrong or missing answer?": a URL template for "Open an issue" (see ReportUrl); empty = off.
    report_url = ReportUrl()
