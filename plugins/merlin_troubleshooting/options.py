"""The analyzer's options checked as plain values, shared by the MkDocs config (``config.py``)
and the standalone build's command line (``cli.py``), so both refuse the same inputs with the
same message. No MkDocs import: the standalone build runs without it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SELF_HOSTED = "self-hosted"


def check_pyodide_source(value: str) -> str:
    """``self-hosted`` (copy the pinned runtime) or the URL of a Pyodide folder ending in '/'."""
    if value == SELF_HOSTED:
        return value
    if not value.startswith(("https://", "http://", "/")) or not value.endswith("/"):
        raise ValueError(
            f"expected {SELF_HOSTED!r} or the URL of a Pyodide distribution folder ending in '/' "
            f"(e.g. https://cdn.example/pyodide/v314.0.7/full/), got {value!r}"
        )
    return value


def check_report_url(value: str) -> str:
    """Where "Open an issue" sends a wrong-answer report: "" (off) or an http(s) URL template
    holding ``{title}`` and/or ``{body}``, which the page fills URL-encoded."""
    value = value.strip()
    if not value:
        return ""
    parts = urlsplit(value)
    # The host is fixed: a placeholder there would let a report decide where it goes.
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"[{}\s]", parts.netloc):
        raise ValueError(f"expected an http(s) URL template (or nothing, to turn it off), got {value!r}")
    if "{body}" not in value and "{title}" not in value:
        raise ValueError(
            f"the URL template must contain {{body}} or {{title}} (where the report goes), got {value!r}"
        )
    return value
