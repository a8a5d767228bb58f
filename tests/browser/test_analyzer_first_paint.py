"""The analyzer's form is laid out from the first paint, before its async script runs.

Why: the form used to appear only when analyzer.js ran, pushing everything below the widget
down (Lighthouse measured a 0.31-0.40 layout shift on a phone). These tests hold the script
back (its request never answered) and check the page as it is before the script arrives.
"""

from __future__ import annotations

from browser_helpers import ANALYZE_LOGS


def _held_back(browser, base_url: str, *, javascript: bool = True):
    """A page whose analyzer.js request never gets an answer (the script is "still loading")."""
    ctx = browser.new_context(java_script_enabled=javascript, viewport={"width": 390, "height": 844})
    ctx.route("**/analyzer.js*", lambda route: None)  # never fulfilled: the script stays pending
    page = ctx.new_page()
    page.goto(base_url + ANALYZE_LOGS, wait_until="domcontentloaded")
    return ctx, page


def test_form_takes_its_place_before_the_analyzer_script_runs(browser, base_url: str) -> None:
    ctx, page = _held_back(browser, base_url)
    try:
        form = page.locator(".merlin-analyzer__form")
        assert page.locator(".merlin-analyzer").get_attribute("data-merlin-setup") is None
        assert form.is_visible()
        assert page.locator("#merlin-analyzer-input").is_visible()
    finally:
        ctx.close()


def test_analyze_takes_no_click_before_the_script_runs(browser, base_url: str) -> None:
    """A click then would submit the plain form and reload the page, emptying the box."""
    ctx, page = _held_back(browser, base_url)
    try:
        button = page.locator(".merlin-analyzer__submit")
        button.scroll_into_view_if_needed()
        hit = button.evaluate(
            """(button) => {
              const box = button.getBoundingClientRect();
              const target = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
              return button.contains(target);
            }"""
        )
        assert hit is False
    finally:
        ctx.close()


def test_without_javascript_the_form_stays_hidden(browser, base_url: str) -> None:
    ctx, page = _held_back(browser, base_url, javascript=False)
    try:
        assert page.locator(".merlin-analyzer__form").is_hidden()
        assert page.locator("noscript").count() >= 1
    finally:
        ctx.close()
