"""Helpers for the browser tests: fixture pastes, #paste= links, the network log, the analyzer page."""

from __future__ import annotations

import base64
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, quote_plus, unquote, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
# The site build, server and Chromium lookup are shared with the benchmark and the
# screenshot script (scripts/localsite.py); the fixtures import them from here.
from localsite import (  # noqa: E402
    CHROMIUM_ARGS,
    ChromiumNotFound,
    SiteBuildError,
    build_site,
    find_chromium,
    serving,
    variant_config,
)

__all__ = ["CHROMIUM_ARGS", "SiteBuildError", "build_site", "serving", "variant_config"]
FIXTURES = REPO / "diagnoser" / "catalog" / "fixtures"
ANALYZE_LOGS = "analyze-logs/"
TROUBLESHOOTING = "deploying-a-model/troubleshooting-deployment-errors/"
BOOT_TIMEOUT_MS = 60_000
RESULT_TIMEOUT_MS = 60_000
FILL_LIMIT = 20_000  # characters; longer texts are pasted in one go (see AnalyzerPage.fill)
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
INERT_SCHEMES = {"data", "blob", "about"}


def fixture_text(relative: str) -> str:
    """A catalog fixture without its ``# expect...`` header lines, as a user would paste it."""
    lines = (FIXTURES / relative).read_text(encoding="utf-8").splitlines(keepends=True)
    while lines and lines[0].startswith("# expect"):
        lines.pop(0)
    return "".join(lines)


def paste_fragment(text: str) -> str:
    """``#paste=`` as the Merlin UI writes it: URL-safe base64 of the UTF-8 text."""
    return "#paste=" + base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def chromium_or_fail() -> str:
    """Debian's Chromium, or a failed (not skipped) test run that says how to get it."""
    try:
        return find_chromium()
    except ChromiumNotFound as problem:
        pytest.fail(str(problem), pytrace=False)


@dataclass
class Request:
    url: str
    method: str
    headers: dict[str, str]
    body: bytes | None
    resource_type: str

    def carries(self, needle: str) -> bool:
        """Whether ``needle`` (or its URL/base64 forms) is anywhere in the URL, headers or body."""
        raw = needle.encode("utf-8")
        forms = {
            needle,
            quote(needle),
            quote_plus(needle),
            base64.b64encode(raw).decode().rstrip("="),
            base64.urlsafe_b64encode(raw).decode().rstrip("="),
        }
        sent = self.url.split("#", 1)[0]  # a #fragment never leaves the browser
        haystack = " ".join([unquote(sent), sent, *self.headers.keys(), *self.headers.values()])
        body = self.body or b""
        return any(form in haystack or form.encode() in body for form in forms)


@dataclass
class NetworkLog:
    """Every request the browser context made, and the non-local ones it refused."""

    requests: list[Request] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def mark(self) -> int:
        with self.lock:
            return len(self.requests)

    def since(self, mark: int) -> list[Request]:
        with self.lock:
            return list(self.requests[mark:])

    def urls_since(self, mark: int) -> list[str]:
        return [request.url for request in self.since(mark)]

    def handle(self, route) -> None:
        request = route.request
        try:
            headers = request.all_headers()
        except Exception:  # the page went away mid-request
            headers = dict(request.headers)
        with self.lock:
            self.requests.append(
                Request(request.url, request.method, headers, request.post_data_buffer, request.resource_type)
            )
        parts = urlsplit(request.url)
        local = parts.scheme in ("http", "https") and parts.hostname in LOCAL_HOSTS
        if local or parts.scheme in INERT_SCHEMES:
            route.continue_()
        else:
            with self.lock:
                self.blocked.append(request.url)
            route.abort("blockedbyclient")


class AnalyzerPage:
    """A page showing the analyzer, with the few actions the tests repeat."""

    def __init__(self, page, base_url: str, errors: list[str]) -> None:
        self.page = page
        self.base_url = base_url
        self.errors = errors  # uncaught page errors and console errors
        self.root = page.locator(".merlin-analyzer").first
        self.input = self.root.locator("textarea")
        self.status = self.root.locator('[role="status"]')
        self.results = self.root.locator(".merlin-analyzer__results")

    @classmethod
    def booted(cls, page, base_url: str) -> AnalyzerPage:
        """*Analyze logs* opened on ``page`` with its runtime booted, page errors recorded."""
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
        page.goto(base_url + ANALYZE_LOGS)
        analyzer = cls(page, base_url, errors)
        analyzer.input.focus()
        analyzer.wait_ready()
        return analyzer

    def state(self) -> str:
        return self.page.evaluate("window.__merlinAnalyzer.state")

    def wait_ready(self) -> None:
        self.page.wait_for_function(
            "() => ['ready', 'failed', 'unsupported'].includes(window.__merlinAnalyzer.state)",
            timeout=BOOT_TIMEOUT_MS,
        )
        state = self.page.evaluate("window.__merlinAnalyzer")
        assert state["state"] == "ready", f"the analyzer did not boot: {state}"

    def result_at(self):
        return self.page.evaluate("window.__merlinAnalyzer.resultAt")

    def wait_result(self, previous) -> dict:
        """The next report shown, with its share part (which the worker posts just after it)."""
        self.page.wait_for_function(
            """(previous) => ![null, previous].includes(window.__merlinAnalyzer.resultAt)
                             && !window.__merlinAnalyzer.sharePending""",
            arg=previous,
            timeout=RESULT_TIMEOUT_MS,
        )
        return self.page.evaluate("window.__merlinAnalyzer.lastResult")

    def fill(self, text: str) -> None:
        """Put text in the box: typed by Playwright when short, as one paste when long.

        Playwright's ``fill`` inserts text through the editing machinery, which takes
        tens of seconds for a few hundred KB of multi-line text; a real paste does not.
        """
        if len(text) <= FILL_LIMIT:
            self.input.fill(text)
            return
        self.input.evaluate(
            """(box, text) => {
                 box.focus();
                 box.value = text;
                 box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
               }""",
            text,
        )

    def analyze(self, text: str, *, keyboard: bool = False) -> dict:
        """Fill the text box, analyze (button or Ctrl+Enter) and return the JSON report shown."""
        previous = self.result_at()
        self.fill(text)
        if keyboard:
            self.input.press("Control+Enter")
        else:
            self.root.get_by_role("button", name="Analyze").click()
        return self.wait_result(previous)
