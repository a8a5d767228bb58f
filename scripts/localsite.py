"""Build the site, serve it on 127.0.0.1 and find Debian's Chromium: shared by the browser
tests, the site benchmark and the screenshot script, so all three drive the same thing.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

REPO = Path(__file__).resolve().parents[1]
# Flags that keep headless Chromium quiet on a machine without internet: no background
# requests, no update checks, no first-run UI; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# /usr/lib/chromium/chromium is the binary behind Debian's /usr/bin/chromium wrapper
# script; starting it directly skips the wrapper's harmless warnings.
_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")


class ChromiumNotFound(RuntimeError):
    """No Chromium binary; the message says how to get one."""


class SiteBuildError(RuntimeError):
    """``mkdocs build --strict`` failed; the message holds its output."""


def find_chromium(explicit: str | None = None) -> str:
    """The Chromium to drive: ``explicit``, then ``$CHROMIUM_PATH``, then Debian's."""
    for candidate in (explicit, os.environ.get("CHROMIUM_PATH"), *_CANDIDATES):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise ChromiumNotFound(
        "Chromium not found (looked at --chromium, $CHROMIUM_PATH, " + ", ".join(_CANDIDATES) + "). "
        "Run `bash scripts/ensure_chromium.sh` (installs Debian's chromium package) or set CHROMIUM_PATH."
    )


def variant_config(work: Path, **options: str) -> Path:
    """An ``mkdocs.yml`` in ``work`` that inherits this repository's, with the plugin's options
    set to ``options`` (a runtime elsewhere, a ``report_url``): one site variant for a test."""
    lines = [
        f"INHERIT: {REPO / 'mkdocs.yml'}",
        f"docs_dir: {REPO / 'docs'}",
        f"theme:\n  custom_dir: {REPO / 'overrides'}",
        "plugins:\n  - search\n  - merlin-troubleshooting:",
        *(f'      {name}: "{value}"' for name, value in options.items()),
    ]
    config = work / "mkdocs.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def build_site(destination: Path, config: Path | None = None) -> None:
    """``mkdocs build --strict`` of this repository (or of ``config``) into ``destination``."""
    chosen = ["-f", str(config)] if config is not None else []
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", *chosen, "-d", str(destination)],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise SiteBuildError(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files with the MIME types Pyodide needs, quiet, plus in-memory ``extra`` files."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
    }
    extra: ClassVar[dict[str, tuple[str, bytes]]] = {}

    def do_GET(self) -> None:
        found = self.extra.get(self.path.split("?")[0])
        if found is None:
            super().do_GET()
            return
        content_type, body = found
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(
    directory: Path,
    extra: dict[str, tuple[str, bytes]] | None = None,
    handler: type[SimpleHTTPRequestHandler] | None = None,
    base_path: str = "/",
) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) while in the block; yields the base URL.

    ``extra`` maps URL paths to (content type, body) served from memory, for pages a
    benchmark needs beside the site without writing into it. ``handler`` replaces the
    default request handler (caching headers, gzip, a sub-path); ``base_path`` is where the
    site sits in the yielded URL.
    """
    handler = handler or SiteHandler
    if extra is not None:
        handler = type("Handler", (handler,), {"extra": dict(extra)})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
