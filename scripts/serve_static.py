"""Serve a built site the way a production server should: ``make serve-static``.

    python scripts/serve_static.py [--port 8000] [--dir site]

``python -m http.server`` sends no ``Cache-Control``, so a browser revalidates or
re-downloads the 20 MB runtime on every visit. This server sends what
*Reference → The offline analyzer runtime* asks of any server:

* content-hashed names (``snapshot-<hash>.bin.gz``, ``main.<hash>.min.css``, the wheel,
  anything requested with ``?v=<build>``): ``Cache-Control: public, max-age=31536000,
  immutable``, since their bytes never change under that name;
* everything else (pages, ``pyodide.asm.wasm`` whose name carries no hash):
  ``Cache-Control: no-cache``, so it is revalidated (a 304 when unchanged);
* ``application/wasm`` for ``.wasm`` (or Pyodide cannot stream-compile it) and
  ``text/javascript`` for ``.mjs``; the gzip snapshot as ``application/octet-stream``
  (the worker unpacks it; a server may also send it with ``Content-Encoding: gzip``);
* the page's Content-Security-Policy as a header too, plus ``frame-ancestors 'self'``,
  which only a header can carry.

The benchmark (``benchmarks/bench_site.py``) serves through the same handler (in a
process of its own: ``serving_process``), so a repeat visit is measured with real caching.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "plugins"))
sys.path.insert(0, str(REPO / "scripts"))
import localsite  # noqa: E402
from localsite import SiteHandler  # noqa: E402
from merlin_troubleshooting.csp import policy  # noqa: E402  (the same policy as the pages' meta tag)

# A hex run of 8+ characters between separators is a content hash in every name the
# site uses: main.57a0d79d.min.css, snapshot-476320daf285.bin.gz, diagnoser-0.1.0+7263…
HASHED_NAME = re.compile(r"[.+-][0-9a-f]{8,64}[.-]")
IMMUTABLE = "public, max-age=31536000, immutable"


def cache_control(path: str) -> str:
    parts = urlsplit(path)
    name = parts.path.rsplit("/", 1)[-1]
    if HASHED_NAME.search(name) or re.search(r"(?:^|&)v=[0-9a-f]{6,}", parts.query):
        return IMMUTABLE
    return "no-cache"


class StaticHandler(SiteHandler):
    """Static files with caching headers, the analyzer's MIME types, quiet; plus in-memory ``extra`` files."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SiteHandler.extensions_map,
        ".gz": "application/octet-stream",
    }
    csp: ClassVar[str] = policy() + "; frame-ancestors 'self'"

    def end_headers(self) -> None:
        self.send_header("Cache-Control", cache_control(self.path))
        path = self.path.split("?")[0]
        if path.endswith((".html", "/")) and path not in self.extra:  # the site's pages, not a bench page
            self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        if self.verbose:
            super().log_message(format, *args)

    verbose: ClassVar[bool] = False


def serving(directory: Path, extra: dict[str, tuple[str, bytes]] | None = None):
    """Serve ``directory`` on 127.0.0.1 with this handler while in the block; yields the base URL."""
    return localsite.serving(directory, extra, handler=StaticHandler)


@contextlib.contextmanager
def serving_process(directory: Path, extra: dict[str, tuple[str, bytes]] | None = None) -> Iterator[str]:
    """``serving``, but from a process of its own: the benchmark's.

    A server thread in the benchmark's process shares its interpreter lock with Playwright's
    client, which polls the page all along, so on a 2-core machine it slowed every download
    of what it measured; a production server runs apart from the browser's driver.
    """
    with tempfile.TemporaryDirectory(prefix="serve-static-") as tmp:
        command = [sys.executable, str(Path(__file__).resolve()), "--port", "0", "--dir", str(directory)]
        for index, (url_path, (content_type, body)) in enumerate((extra or {}).items()):
            file = Path(tmp) / f"extra-{index}"
            file.write_bytes(body)
            command += ["--extra", f"{url_path}={content_type}={file}"]
        server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        try:
            line = server.stdout.readline() if server.stdout else ""
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if not found:
                raise RuntimeError(f"serve_static.py did not start: {line!r}")
            yield f"http://127.0.0.1:{found.group(1)}/"
        finally:
            server.terminate()
            server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--dir", type=Path, default=REPO / "site")
    parser.add_argument(
        "--extra", action="append", default=[], metavar="URLPATH=TYPE=FILE", help="also serve FILE at URLPATH"
    )
    args = parser.parse_args()
    if not (args.dir / "index.html").is_file():
        sys.exit(f"{args.dir} holds no built site: run `make build` first")
    extra = {}
    for item in args.extra:
        url_path, content_type, file = item.split("=", 2)
        extra[url_path] = (content_type, Path(file).read_bytes())
    handler = type("Handler", (StaticHandler,), {"verbose": args.port != 0, "extra": extra})
    address = ("127.0.0.1", args.port)
    server = ThreadingHTTPServer(address, functools.partial(handler, directory=str(args.dir)))
    server.daemon_threads = True
    port = server.server_address[1]
    print(f"Serving {args.dir} on http://127.0.0.1:{port}/ with caching headers (Ctrl+C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
