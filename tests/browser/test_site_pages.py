"""The pages around the analyzer, in a real browser: old #id links, the 404 page, screenshots.

- Every old link ``deploying-a-model/troubleshooting-deployment-errors/#<id>`` lands on
  that error's section on its stage page (with JavaScript), or on its summary row whose
  link goes there (without).
- The 404 page, served for a missing address under a sub-path, at several depths, is
  styled and its links lead into the site.
- Screenshots are lazy below the fold, carry their size, and open full size on click.
"""

from __future__ import annotations

from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from browser_helpers import TROUBLESHOOTING
from localsite import serving

from diagnoser.catalog import load_catalog
from diagnoser.catalog.pages import url_for

pytestmark = pytest.mark.browser
SUB_PATH = "/team/merlin-docs/"


def _in_view(page, element_id: str) -> bool:
    return page.evaluate(
        """(id) => { const el = document.getElementById(id); if (!el) return false;
        const r = el.getBoundingClientRect(); return r.top >= -2 && r.top < innerHeight; }""",
        element_id,
    )


def test_every_old_section_link_lands_on_the_section_on_its_stage_page(context, base_url: str) -> None:
    page = context.new_page()
    wrong = {}
    for error in load_catalog().errors:
        page.goto("about:blank")
        page.goto(f"{base_url}{TROUBLESHOOTING}#{error.id}", wait_until="load")
        expected = base_url + url_for(error)
        page.wait_for_url(expected, timeout=10_000)
        page.wait_for_load_state("load")
        heading = page.locator(f"h2#{error.id}")
        if page.url != expected or heading.count() != 1 or not _in_view(page, error.id):
            wrong[error.id] = page.url
    page.close()
    assert wrong == {}


def test_without_javascript_an_old_link_shows_the_row_that_links_to_the_section(
    browser, base_url: str
) -> None:
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    catalog = load_catalog()
    error = catalog.errors[len(catalog.errors) // 2]
    page.goto(f"{base_url}{TROUBLESHOOTING}#{error.id}", wait_until="load")
    assert page.url.endswith(f"{TROUBLESHOOTING}#{error.id}")
    assert _in_view(page, error.id)
    link = page.locator(f"tr:has(span#{error.id}) a").first
    link.click()
    page.wait_for_load_state("load")
    assert page.url == base_url + url_for(error)
    assert page.locator(f"h2#{error.id}").count() == 1
    ctx.close()


class _SubPathHandler(SimpleHTTPRequestHandler):
    """The site under ``SUB_PATH``; every missing address gets 404.html with status 404,
    as nginx ``error_page 404`` or GitHub Pages would send it."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUB_PATH):
            return "/nonexistent"
        return super().translate_path("/" + path[len(SUB_PATH) :])

    def send_head(self):  # type: ignore[no-untyped-def]
        translated = Path(self.translate_path(self.path.split("?")[0]))
        if translated.is_dir():
            translated = translated / "index.html"
        if not translated.is_file():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()

    def log_message(self, format: str, *args: object) -> None:
        pass


def sub_path_server(site: Path):
    return serving(site, handler=_SubPathHandler, base_path=SUB_PATH)


@pytest.mark.parametrize("missing", ["no-such-page/", "deploying-a-model/no-such-page/", "typo.html"])
def test_404_page_under_a_sub_path_is_styled_and_links_into_the_site(
    browser, site_dir: Path, missing
) -> None:
    with sub_path_server(site_dir) as root:
        ctx = browser.new_context()
        page = ctx.new_page()
        statuses: dict[str, int] = {}
        page.on("response", lambda r: statuses.setdefault(r.url, r.status))
        response = page.goto(root + missing, wait_until="load")
        assert response is not None and response.status == 404
        assert page.locator("h1#page-not-found").count() == 1
        # Material's stylesheet applied (its header is sticky), and every stylesheet and
        # script the page uses came from the site root with status 200. (Chromium's preload
        # scanner may first try a few at the missing page's folder, before <base> is set.)
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        used = page.evaluate(
            "[...document.querySelectorAll('link[rel=stylesheet], script[src]')].map(e => e.href || e.src)"
        )
        assert len(used) >= 3
        assert {url: statuses.get(url) for url in used} == {url: 200 for url in used}
        assert all(url.startswith(root) and "no-such-page" not in url for url in used)
        home = page.locator("article a", has_text="Troubleshooting Deployment Errors")
        assert home.evaluate("(a) => a.href") == root + TROUBLESHOOTING
        home.click()
        page.wait_for_load_state("load")
        assert page.url == root + TROUBLESHOOTING
        ctx.close()


def test_screenshots_are_sized_lazy_below_the_fold_and_open_full_size(context, base_url: str) -> None:
    page = context.new_page()
    page.goto(base_url + TROUBLESHOOTING, wait_until="load")
    images = page.locator("article figure.merlin-shot img")
    assert images.count() >= 4
    for index in range(images.count()):
        image = images.nth(index)
        assert image.get_attribute("width") and image.get_attribute("height")
        assert image.get_attribute("loading") == "lazy"
        assert image.evaluate("(img) => img.closest('a') && img.closest('a').href") == image.evaluate(
            "(img) => img.src"
        )
    first = images.first
    first.scroll_into_view_if_needed()
    first.evaluate("(img) => img.decode()")
    natural, shown = first.evaluate("(img) => [img.naturalWidth, img.getBoundingClientRect().width]")
    assert natural >= 1.9 * shown, "screenshots are rendered at 2x the size they are shown"
    first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(".png")
    page.close()
