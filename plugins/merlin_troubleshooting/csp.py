"""A Content-Security-Policy for every page, and no inline script left to allow.

Why: the analyzer's promise is that nothing pasted leaves the browser. The policy makes
that a browser-enforced rule for the page and for a worker that inherits it: scripts only
from the site (plus ``'wasm-unsafe-eval'`` so WebAssembly may compile), network requests
only to the site, no plugins, no foreign base URL or form target. With a CDN runtime
(``pyodide: <URL>``) its origin is allowed for scripts and requests, nothing else.

The theme writes a few small inline scripts; each becomes a file (named by its hash,
shared by every page) and a ``<script src>`` in the same place, which the browser runs at
the same point of parsing, so no ``'unsafe-inline'`` and no per-page hash list is needed.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from merlin_troubleshooting import SITE_ASSETS_DIR

# Our own generated HTML, not user input; `[^<]*(?:<(?!/script)[^<]*)*` scans each script once.
INLINE_SCRIPT = re.compile(
    r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<code>[^<]*(?:<(?!/script)[^<]*)*)</script>", re.IGNORECASE
)
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
META_NAME = "Content-Security-Policy"


def policy(pyodide_option: str = "self-hosted") -> str:
    """The policy text; the same string is what a server should send as a header (plus frame-ancestors)."""
    extra = ""
    if pyodide_option.startswith(("https://", "http://")):
        parts = urlsplit(pyodide_option)
        extra = f" {parts.scheme}://{parts.netloc}"
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'wasm-unsafe-eval'{extra}",
            # blob: for the page's feature probe (an empty worker made from bytes it holds).
            "worker-src 'self' blob:",
            f"connect-src 'self'{extra}",
            "img-src 'self' data:",
            "style-src 'self' 'unsafe-inline'",
            "font-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def _script_type(attrs: str) -> str:
    match = re.search(r"""\btype\s*=\s*["']?([^"'\s>]+)""", attrs, re.I)
    return match.group(1).lower() if match else ""


def externalise_inline_scripts(html: str, root: str, store: dict[str, str]) -> str:
    """Replace each inline JavaScript ``<script>`` with a ``<script src>`` of the same code."""

    def replace(match: re.Match[str]) -> str:
        attrs, code = match.group("attrs"), match.group("code")
        if re.search(r"\bsrc\s*=", attrs, re.I) or _script_type(attrs) not in JS_TYPES or not code.strip():
            return match.group(0)
        name = f"inline-{hashlib.sha256(code.encode()).hexdigest()[:16]}.js"
        store[name] = code
        return f'<script{attrs} src="{root}{SITE_ASSETS_DIR}/{name}"></script>'

    return INLINE_SCRIPT.sub(replace, html)


def apply_csp(html: str, root: str, pyodide_option: str, store: dict[str, str]) -> str:
    """The page with its inline scripts externalised and the policy as the first thing in <head>."""
    html = externalise_inline_scripts(html, root, store)
    if META_NAME in html:
        return html
    meta = f'<meta http-equiv="{META_NAME}" content="{policy(pyodide_option)}">'
    head = re.search(r"<head[^>]*>", html, re.I)
    if head is None:
        return html
    charset = re.compile(r"<meta\s+charset=[^>]*>", re.I).search(html, head.end())
    at = charset.end() if charset and charset.start() - head.end() < 200 else head.end()
    return html[:at] + meta + html[at:]
