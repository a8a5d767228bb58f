"""When the runtime loads, #paste= links, and the page without WebAssembly (fresh pages each)."""

from __future__ import annotations

import base64
import json

import pytest
from browser_helpers import (
    ANALYZE_LOGS,
    BOOT_TIMEOUT_MS,
    FIXTURES,
    TROUBLESHOOTING,
    fixture_text,
    paste_fragment,
)

from diagnoser.catalog import load_catalog
from diagnoser.catalog.pages import url_for

pytestmark = pytest.mark.browser

# What the fastest (snapshot) path fetches; the stock python_stdlib.zip only on the plain path.
RUNTIME_FILES = ("analyzer-worker.mjs", "pyodide.mjs", "pyodide.asm.wasm", ".pyc.zip", "snapshot-", ".whl")


def runtime_requests(urls: list[str]) -> list[str]:
    return [url for url in urls if any(name in url.split("?")[0] for name in RUNTIME_FILES)]


def test_runtime_is_not_downloaded_at_page_load_and_starts_on_focus(open_page, network) -> None:
    mark = network.mark()
    analyzer = open_page(TROUBLESHOOTING, wait="networkidle")
    analyzer.page.wait_for_timeout(500)

    assert analyzer.state() == "idle"
    assert runtime_requests(network.urls_since(mark)) == []
    assert analyzer.status.inner_text() == ""

    # An earlier page of this session may have stored the unpacked snapshot (Cache API),
    # which a boot then reads instead of downloading it: forget it, as a first visit.
    analyzer.page.evaluate("() => caches.delete('merlin-analyzer-snapshot')")
    analyzer.input.focus()
    assert analyzer.state() == "booting"
    analyzer.wait_ready()

    fetched = runtime_requests(network.urls_since(mark))
    for name in RUNTIME_FILES:
        assert any(name in url for url in fetched), f"{name} was not fetched after focus: {fetched}"
    assert analyzer.errors == []

    # The analyzer at the top of the troubleshooting page links to sections of the same page.
    report = analyzer.analyze(fixture_text("evicted/" + first_match("evicted")))
    link = analyzer.results.locator(".merlin-analyzer__link a").first
    href = link.get_attribute("href")
    error_id = report["findings"][0]["id"]
    assert href.endswith("#" + error_id)
    link.click()
    analyzer.page.wait_for_url("**/" + url_for(load_catalog().get(error_id)))
    target = analyzer.page.locator(f"h2[id='{error_id}']")
    target.wait_for(state="visible")


def first_match(error_id: str) -> str:
    return sorted(p.name for p in (FIXTURES / error_id).glob("match-*.txt"))[0]


def test_paste_link_fills_the_box_and_analyzes_without_a_click(open_page) -> None:
    text = fixture_text("oomkilled/match-history-model.txt")  # box-drawing characters: real UTF-8
    analyzer = open_page(ANALYZE_LOGS + paste_fragment(text))

    report = analyzer.wait_result(None)

    assert analyzer.input.input_value() == text
    assert report["findings"][0]["id"] == "oomkilled"
    assert analyzer.results.locator(".merlin-analyzer__finding").first.get_attribute("data-id") == "oomkilled"
    assert analyzer.errors == []


BAD_LINKS = {
    "not-base64": "#paste=this*is%20not(base64)",
    "broken-percent": "#paste=%E0%A4%A",
    "not-utf8": "#paste=" + base64.urlsafe_b64encode(b"\xff\xfe\xfd bytes").decode().rstrip("="),
}


@pytest.mark.parametrize("fragment", BAD_LINKS.values(), ids=BAD_LINKS.keys())
def test_bad_paste_link_shows_a_clear_message_and_nothing_breaks(open_page, network, fragment: str) -> None:
    mark = network.mark()
    analyzer = open_page(ANALYZE_LOGS + fragment)
    analyzer.page.wait_for_timeout(300)

    assert "not valid URL-safe base64 of UTF-8 text" in analyzer.status.inner_text()
    assert analyzer.state() == "idle"
    assert analyzer.input.input_value() == ""
    assert analyzer.results.is_hidden()
    assert runtime_requests(network.urls_since(mark)) == []
    assert analyzer.errors == []


def test_after_a_bad_paste_link_pasting_by_hand_still_works(open_page) -> None:
    analyzer = open_page(ANALYZE_LOGS + BAD_LINKS["not-utf8"])
    analyzer.input.focus()
    analyzer.wait_ready()

    report = analyzer.analyze(fixture_text("oomkilled/match-events-oomkilling.txt"))

    assert report["findings"][0]["id"] == "oomkilled"
    assert analyzer.errors == []


NO_WASM = "delete window.WebAssembly;"


def test_without_webassembly_the_page_explains_and_the_docs_remain(open_page, network, site_dir) -> None:
    mark = network.mark()
    analyzer = open_page(TROUBLESHOOTING, init_script=NO_WASM)
    assert analyzer.page.evaluate("typeof WebAssembly") == "undefined"

    analyzer.input.focus()
    analyzer.page.wait_for_function("() => window.__merlinAnalyzer.state === 'unsupported'")
    analyzer.input.fill("Reason: OOMKilled")
    analyzer.root.get_by_role("button", name="Analyze").click()

    status = analyzer.status.inner_text()
    assert "This browser cannot run the analyzer" in status
    assert "merlin-diagnose" in status
    assert analyzer.state() == "unsupported"
    assert analyzer.results.is_hidden()
    assert runtime_requests(network.urls_since(mark)) == []
    assert analyzer.errors == []

    # The documentation and every known-error section are still there.
    page = analyzer.page
    assert page.get_by_role("heading", name="Known Errors").first.is_visible()
    catalog = json.loads((site_dir / "catalog.json").read_text(encoding="utf-8"))
    for entry in catalog["errors"]:
        row = page.locator(f"tr:has([id='{entry['id']}'])")
        assert row.count() == 1, entry["id"]
        assert entry["title"] in row.inner_text()


def test_a_tampered_engine_wheel_is_refused_with_a_clear_message(open_page, context) -> None:
    def tampered(route) -> None:
        route.fulfill(
            status=200, body=b"PK\x03\x04 not the wheel the lock file names", content_type="application/zip"
        )

    context.route("**/*.whl", tampered)
    try:
        analyzer = open_page(ANALYZE_LOGS)
        analyzer.input.focus()
        analyzer.page.wait_for_function(
            "() => ['ready', 'failed'].includes(window.__merlinAnalyzer.state)", timeout=BOOT_TIMEOUT_MS
        )
        assert analyzer.state() == "failed"
        status = analyzer.status.inner_text()
        assert "sha256" in status
        assert "merlin-diagnose" in status  # the way out: the same analysis on the command line
    finally:
        context.unroute("**/*.whl", tampered)
