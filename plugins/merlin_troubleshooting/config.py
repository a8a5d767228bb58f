"""The plugin's options, typed and validated by MkDocs before any page is built."""

from __future__ import annotations

from typing import Any

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
