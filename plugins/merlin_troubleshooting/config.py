"""The plugin's options, typed and validated by MkDocs before any page is built."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c

SELF_HOSTED = "self-hosted"


class PyodideSource(c.Type):
    """``self-hosted`` (copy the pinned runtime into the site) or a URL to a Pyodide folder ending in '/'."""

    def __init__(self) -> None:
        super().__init__(str, default=SELF_HOSTED)

    def run_validation(self, value: Any) -> str:
        value = super().run_validation(value)
        if value == SELF_HOSTED:
            return value
        if not value.startswith(("https://", "http://", "/")) or not value.endswith("/"):
            raise base.ValidationError(
                f"expected {SELF_HOSTED!r} or the URL of a Pyodide distribution folder ending in '/' "
                f"(e.g. https://cdn.example/pyodide/v314.0.7/full/), got {value!r}"
            )
        return value


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
        value = super().run_validation(value).strip()
        if not value:
            return ""
        parts = urlsplit(value)
        # The host is fixed: a placeholder there would let a report decide where it goes.
        if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"[{}\s]", parts.netloc):
            raise base.ValidationError(
                f"expected an http(s) URL template (or nothing, to turn it off), got {value!r}"
            )
        if "{body}" not in value and "{title}" not in value:
            raise base.ValidationError(
                f"the URL template must contain {{body}} or {{title}} (where the report goes), got {value!r}"
            )
        return value


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
