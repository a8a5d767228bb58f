"""Browser fixtures: the real site, built once, served on 127.0.0.1 and driven by Debian's Chromium.

Everything is session-scoped because booting Pyodide takes seconds: one build, one server,
one browser, one browser context whose every request goes through ``NetworkLog`` (only
127.0.0.1 / localhost is allowed; anything else is aborted and recorded), and one
"analyzer page" that boots the runtime once and is reused by the tests that only analyze.
Tests that need a fresh page (lazy loading, #paste= links, no WebAssembly) open their own
page in the same context, so their requests are recorded too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import (
    BOOT_TIMEOUT_MS,
    CHROMIUM_ARGS,
    AnalyzerPage,
    NetworkLog,
    SiteBuildError,
    build_site,
    chromium_or_fail,
    serving,
)

# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    try:
        build_site(site)
    except SiteBuildError as problem:
        pytest.fail(str(problem), pytrace=False)
    return site


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    with serving(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator:
    executable = chromium_or_fail()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def network() -> NetworkLog:
    return NetworkLog()


@pytest.fixture(scope="session")
def context(browser, network: NetworkLog) -> Iterator:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    ctx.set_default_timeout(BOOT_TIMEOUT_MS)
    ctx.route("**/*", network.handle)
    yield ctx
    ctx.close()


@pytest.fixture
def open_page(context, base_url: str, network: NetworkLog) -> Iterator:
    """Open a fresh page on a site path (optionally with an init script) as an ``AnalyzerPage``.

    Teardown closes the page and fails the test if the page raised an uncaught error or
    tried to reach anything but this server.
    """
    opened: list[AnalyzerPage] = []
    blocked_before = len(network.blocked)

    def _open(path: str, *, init_script: str | None = None, wait: str = "load") -> AnalyzerPage:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
        page.on("console", lambda msg: msg.type == "error" and errors.append(f"console: {msg.text}"))
        if init_script:
            page.add_init_script(init_script)
        page.goto(base_url + path, wait_until=wait)
        analyzer = AnalyzerPage(page, base_url, errors)
        opened.append(analyzer)
        return analyzer

    yield _open
    for analyzer in opened:
        analyzer.page.close()
    assert network.blocked[blocked_before:] == [], "requests to other hosts were attempted"


@pytest.fixture(scope="session")
def analyzer(context, base_url: str) -> Iterator[AnalyzerPage]:
    """One analyze-logs page with a booted runtime, shared by the tests that only analyze."""
    page = context.new_page()
    yield AnalyzerPage.booted(page, base_url)
    page.close()
