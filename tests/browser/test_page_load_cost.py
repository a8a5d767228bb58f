"""What the site does at load to stay fast on a phone, checked for what the reader sees.

Performance itself is a benchmark figure (``make lighthouse``, benchmarks/bench_main_thread.py),
never a timing assertion here. These tests pin the two changes that removed main-thread
work, so that neither comes back nor changes what the reader gets:

- The light/dark toggle is set up by docs/javascripts/palette.js while the header is
  parsed, not by Material's palette component (whose set-up forced two full-page style
  recalculations): same first choice (the system's), same stored preference (Material's
  key and format), same labels, meta tags, click and Enter behaviour.
- Each known error's text under its heading is ``content-visibility: auto``: off-screen
  sections are not rendered at load, come in when scrolled to, an anchor still lands on
  its heading, and printing shows everything.
"""

from __future__ import annotations

import json

import pytest

from diagnoser.catalog import load_catalog
from diagnoser.catalog.pages import KNOWN_ERRORS_DIR, url_for

pytestmark = pytest.mark.browser

DEPLOYMENT = f"{KNOWN_ERRORS_DIR}deployment/"
PHONE = {"width": 390, "height": 844}
STATE = """() => ({
    scheme: document.body.getAttribute('data-md-color-scheme'),
    media: document.body.getAttribute('data-md-color-media'),
    shown: [...document.querySelectorAll('.md-header__option label')].filter(l => !l.hidden)
        .map(l => l.getAttribute('for')),
    themeColor: [...document.querySelectorAll('meta[name=theme-color]')].map(m => m.content),
    colorScheme: [...document.querySelectorAll('meta[name=color-scheme]')].map(m => m.content),
    stored: Object.entries(localStorage).filter(([k]) => k.endsWith('.__palette')).map(([, v]) => v),
    materialComponent: document.querySelectorAll('[data-md-component=palette]').length,
})"""
# The other scheme's toggle is the one shown: "Switch to dark mode" in light, and back.
LIGHT = {"scheme": "default", "media": "(prefers-color-scheme: light)", "shown": ["__palette_1"]}
DARK = {"scheme": "slate", "media": "(prefers-color-scheme: dark)", "shown": ["__palette_0"]}


def _palette(page) -> dict:
    state = page.evaluate(STATE)
    assert state["materialComponent"] == 0, "Material's palette component is mounted again"
    assert len(state["themeColor"]) == 1 and state["themeColor"][0].startswith("#"), state
    assert state["colorScheme"] == ["dark" if state["scheme"] == "slate" else "light"], state
    assert len(state["stored"]) == 1, state
    stored = json.loads(state["stored"][0])
    assert stored["color"] == {
        "media": state["media"],
        "scheme": state["scheme"],
        "primary": "indigo",
        "accent": "indigo",
    }
    assert stored["index"] == (1 if state["scheme"] == "slate" else 0)
    return {key: state[key] for key in ("scheme", "media", "shown")}


@pytest.mark.parametrize("system", ["light", "dark"])
def test_colour_toggle_starts_from_the_system_scheme_and_keeps_the_readers_choice(
    browser, base_url: str, system: str
) -> None:
    first, other = (LIGHT, DARK) if system == "light" else (DARK, LIGHT)
    ctx = browser.new_context(color_scheme=system, service_workers="block")
    page = ctx.new_page()
    page.goto(base_url + "deploying-a-model/", wait_until="load")
    assert _palette(page) == first

    page.click(".md-header__option label:not([hidden])")
    assert _palette(page) == other
    page.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching')")

    # The choice holds on the next page, against the system's scheme, from the first paint.
    page.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => { window.__schemeAtParse ="
        " document.body.getAttribute('data-md-color-scheme'); });"
    )
    page.goto(base_url + "analyze-logs/", wait_until="load")
    assert _palette(page) == other
    assert page.evaluate("window.__schemeAtParse") == other["scheme"]

    # Keyboard: Enter on the toggle switches back and keeps the focus on it.
    page.focus("#__palette_0")
    page.keyboard.press("Enter")
    assert _palette(page) == first
    assert page.evaluate("document.activeElement.id") == ("__palette_0" if first is LIGHT else "__palette_1")
    ctx.close()


def _rendered(page, selector_index: int) -> bool:
    """Whether the browser renders that section's text (its first paragraph is not skipped)."""
    return page.evaluate(
        """(i) => document.querySelectorAll('.merlin-known-error__body')[i].firstElementChild
            .checkVisibility({contentVisibilityAuto: true})""",
        selector_index,
    )


def test_known_error_text_off_screen_is_rendered_only_when_it_comes_near(browser, base_url: str) -> None:
    ctx = browser.new_context(viewport=PHONE, service_workers="block")
    page = ctx.new_page()
    page.goto(base_url + DEPLOYMENT, wait_until="load")
    count = page.locator(".merlin-known-error__body").count()
    assert count == page.locator(".merlin-known-errors h2[id]").count() >= 10
    assert page.evaluate(
        "[...document.querySelectorAll('.merlin-known-error__body')].every(b =>"
        " b.previousElementSibling.matches('h2[id]'))"
    )
    page.wait_for_function(
        "() => document.querySelectorAll('.merlin-known-error__body')[0].firstElementChild"
        ".checkVisibility({contentVisibilityAuto: true})"
    )
    assert not _rendered(page, count - 1), "the last section was rendered at load"

    page.locator(".merlin-known-errors h2[id]").nth(count - 1).scroll_into_view_if_needed()
    page.wait_for_function(
        f"() => document.querySelectorAll('.merlin-known-error__body')[{count - 1}].firstElementChild"
        ".checkVisibility({contentVisibilityAuto: true})"
    )
    page.emulate_media(media="print")
    assert page.evaluate(
        "[...document.querySelectorAll('.merlin-known-error__body')].every(b =>"
        " getComputedStyle(b).contentVisibility === 'visible')"
    )
    ctx.close()


def test_a_link_to_the_last_deployment_error_stays_on_its_heading_as_the_page_renders(
    browser, base_url: str
) -> None:
    catalog = load_catalog()
    deployment = [e for e in catalog.errors if url_for(e).startswith(DEPLOYMENT)]
    ctx = browser.new_context(viewport=PHONE, service_workers="block")
    page = ctx.new_page()
    wrong = {}
    for error in (deployment[0], deployment[len(deployment) // 2], deployment[-1]):
        page.goto("about:blank")
        page.goto(base_url + url_for(error), wait_until="load")
        # Let the sections around it render (two frames, then a quiet moment), as a reader would.
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        page.wait_for_timeout(300)
        top = page.evaluate(f"document.getElementById({json.dumps(error.id)}).getBoundingClientRect().top")
        if not 0 <= top < PHONE["height"] / 2:
            wrong[error.id] = top
    ctx.close()
    assert wrong == {}


@pytest.mark.parametrize("how", ["click", "keyboard"])
def test_search_index_loads_when_the_reader_goes_to_search_and_search_finds_a_known_error(
    browser, base_url: str, how: str
) -> None:
    ctx = browser.new_context(viewport=PHONE if how == "click" else {"width": 1280, "height": 900})
    requested: list[str] = []
    ctx.on("request", lambda request: requested.append(request.url))
    page = ctx.new_page()
    page.goto(base_url + DEPLOYMENT, wait_until="load")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "search_index.json" in url], "index fetched before use"

    if how == "click":
        page.click('label.md-header__button[for="__search"]')
    else:
        page.keyboard.press("/")  # Material's shortcut: opens search and focuses the box
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.matches('.md-search__input')"
    )
    title = next(e.title for e in load_catalog().errors if url_for(e).startswith(DEPLOYMENT))
    page.keyboard.type(title.split()[-1])
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    assert [url for url in requested if "search_index.json" in url]
    ctx.close()
