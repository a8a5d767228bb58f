"""Make the built ``404.html`` work at any address of a site hosted under an unknown sub-path.

MkDocs renders the 404 page with root-absolute URLs (``/assets/...``) when ``site_url``
is not set, and this site sets none on purpose (intranets host it under varying paths),
so on ``https://host/docs/`` a missing page came out unstyled with dead links. A server
sends this one file for every missing address, at any depth, so plain relative URLs are
not enough either. After the build this module:

1. turns every root-absolute ``href``/``src`` into a root-relative one (``assets/...``);
2. fills the site's top-level names into the page's small script (overrides/404.html),
   which finds the site root in the address (the part before the first known top-level
   name, else the missing page's own folder) and inserts ``<base href>`` pointing at it
   before any stylesheet is read.

Chromium's preload scanner may request a few assets at the missing page's own folder
before the script has run (404s that cost a few requests and change nothing); the
elements of the page then load from the root. tests/browser/test_site_pages.py serves
the site under a sub-path and checks that every stylesheet and script used is a 200.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

TOP_PLACEHOLDER = "[/*merlin-site-top*/]"
_ROOT_ABSOLUTE = re.compile(r'\b(href|src)="/(?!/)')
_CONFIG_BASE = re.compile(r'"base":\s*"/"')


def site_top_names(site: Path) -> list[str]:
    """The names directly under the site root (folders and files), as the script matches them."""
    return sorted(path.name for path in site.iterdir() if path.name != "404.html")


def relativise_not_found(html: str, top_names: list[str]) -> str:
    """``html`` of the 404 page with root-relative URLs and the site's top-level names filled in."""
    html = _ROOT_ABSOLUTE.sub(r'\1="', html)
    html = _CONFIG_BASE.sub('"base": "."', html)
    return html.replace(TOP_PLACEHOLDER, json.dumps(top_names))


def fix_not_found_page(site: Path) -> bool:
    """Rewrite ``site/404.html`` in place; False when there is no 404 page with the script
    of overrides/404.html (another theme, or no ``custom_dir``): then it is left alone."""
    page = site / "404.html"
    if not page.is_file():
        return False
    html = page.read_text(encoding="utf-8")
    if TOP_PLACEHOLDER not in html:
        return False
    page.write_text(relativise_not_found(html, site_top_names(site)), encoding="utf-8")
    return True
