"""Sharing a diagnosis: answer-only #found= links, compressed #paste= links, the Markdown copy.

Links are opened in a fresh browser context whose every request is recorded and whose
only reachable host is the local site server, and the tests prove that no request
carries the fragment or any part of the paste. The Markdown and the redacted paste come
from the engine (``share`` in the report, asked for with ``{"share": true}``); the tests
of those two read the engine's own output back from the clipboard.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from browser_helpers import ANALYZE_LOGS, BOOT_TIMEOUT_MS, AnalyzerPage, NetworkLog, fixture_text

pytestmark = pytest.mark.browser

RUNTIME_FILES = ("analyzer-worker.mjs", "pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip", ".whl")
SECRET_POD = "fraud-scorer-7-r1-predictor-00001"


def deflated_fragment(text: str) -> str:
    """``#paste=`` as the page's "Copy link" writes it: zlib-deflated UTF-8, URL-safe base64."""
    packed = zlib.compress(text.encode("utf-8"), 9)
    return "#paste=" + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def inflate_fragment(link: str) -> str:
    value = link.split("#paste=", 1)[1]
    return zlib.decompress(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))).decode("utf-8")


@pytest.fixture
def fresh(browser, base_url: str) -> Iterator:
    """Open a link in a new browser context with its own request log (only 127.0.0.1 answers)."""
    contexts = []

    def _open(fragment: str) -> tuple[AnalyzerPage, NetworkLog]:
        log = NetworkLog()
        ctx = browser.new_context(service_workers="block")
        ctx.set_default_timeout(BOOT_TIMEOUT_MS)
        ctx.route("**/*", log.handle)
        contexts.append(ctx)
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
        page.goto(base_url + ANALYZE_LOGS + fragment)
        return AnalyzerPage(page, base_url, errors), log

    yield _open
    for ctx in contexts:
        ctx.close()


def assert_private(log: NetworkLog, *needles: str) -> None:
    assert log.blocked == []
    for request in log.requests:
        assert "#" not in request.url, request.url  # a fragment never goes on the wire
        assert urlsplit(request.url).hostname in ("127.0.0.1", "localhost"), request.url
        for needle in needles:
            assert not request.carries(needle), f"{request.url} carries {needle[:40]!r}"


def clipboard(analyzer: AnalyzerPage) -> str:
    return analyzer.page.evaluate("navigator.clipboard.readText()")


@pytest.fixture
def with_clipboard(analyzer: AnalyzerPage, context, base_url: str) -> AnalyzerPage:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    return analyzer


def test_the_answer_only_link_names_the_errors_and_opens_offline_without_analysis(
    with_clipboard: AnalyzerPage, fresh, site_dir
) -> None:
    text = fixture_text("container-crash/match-history-crashloop.txt")
    report = with_clipboard.analyze(text)
    ids = [f["id"] for f in report["findings"]]
    share = with_clipboard.results.locator(".merlin-analyzer__share")

    share.get_by_role("button", name="Copy answer-only link").click()
    share.locator(".merlin-analyzer__share-status").filter(has_text="Copied").wait_for()
    link = clipboard(with_clipboard)

    assert link == with_clipboard.page.url.split("#")[0] + "#found=" + ",".join(ids)
    assert SECRET_POD in text and SECRET_POD not in link

    opened, log = fresh(link.split(with_clipboard.base_url + ANALYZE_LOGS, 1)[1])
    opened.page.wait_for_function("() => window.__merlinAnalyzer.shared")
    cards = opened.results.locator(".merlin-analyzer__finding")
    assert [cards.nth(i).get_attribute("data-id") for i in range(cards.count())] == ids
    first = cards.first
    assert first.locator(".merlin-analyzer__title").inner_text() == report["findings"][0]["title"]
    assert first.locator(".merlin-analyzer__link a").get_attribute("href").endswith("#" + ids[0])
    assert opened.results.locator("h3").inner_text().startswith("Shared answer: ")
    catalog = {
        e["id"]: e for e in json.loads((site_dir / "catalog.json").read_text(encoding="utf-8"))["errors"]
    }
    for index, error_id in enumerate(ids):
        entry = catalog[error_id]
        assert cards.nth(index).locator(".merlin-analyzer__summary").inner_text() == entry["summary"]
        if entry.get("steps"):  # catalog.json lists each error's steps (placeholders read as fallbacks)
            assert cards.nth(index).locator(".merlin-analyzer__steps li").count() == len(entry["steps"])
    assert opened.state() == "idle"  # no runtime was started: nothing to analyze
    assert not [r.url for r in log.requests if any(name in r.url for name in RUNTIME_FILES)]
    assert [r.url.split("?")[0] for r in log.requests if r.url.endswith("catalog.json")]
    assert_private(log, "found=", ",".join(ids))
    assert opened.errors == []


def test_a_found_link_with_unknown_or_malformed_ids_says_so(fresh) -> None:
    opened, log = fresh("#found=oomkilled,no-such-error,<script>")
    opened.page.wait_for_function("() => window.__merlinAnalyzer.shared")

    assert opened.page.evaluate("window.__merlinAnalyzer.shared") == {
        "ids": ["oomkilled"],
        "unknown": ["no-such-error"],
    }
    assert "no-such-error" in opened.results.locator(".merlin-analyzer__note").inner_text()
    assert opened.results.locator("script").count() == 0
    assert_private(log, "no-such-error")


def test_a_compressed_paste_link_opens_offline_and_analyzes_the_text(fresh) -> None:
    text = fixture_text("oomkilled/match-history-model.txt")
    fragment = deflated_fragment(text)
    plain = base64.urlsafe_b64encode(text.encode()).decode()
    assert len(fragment) < len(plain) / 2  # deflate earns its place

    opened, log = fresh(fragment)
    report = opened.wait_result(None)

    assert opened.input.input_value() == text
    assert report["findings"][0]["id"] == "oomkilled"
    assert_private(log, text, "churn-model-3-r2", fragment[len("#paste=") :][:60])
    assert opened.errors == []


def test_a_paste_link_that_inflates_past_the_limit_is_refused(fresh) -> None:
    bomb = deflated_fragment("\0" * (65 * 1024 * 1024))
    assert len(bomb) < 200_000

    opened, _log = fresh(bomb)
    opened.page.wait_for_function(
        "() => document.querySelector('.merlin-analyzer [role=status]').textContent"
    )

    assert "more than 67.1 MB" in opened.status.inner_text()
    assert opened.state() == "idle"
    assert opened.input.input_value() == ""


def needs_share(report: dict) -> dict:
    if not isinstance(report.get("share"), dict):
        pytest.skip("the engine returns no report.share yet (diagnoser.browser.analyze, share: true)")
    return report["share"]


def test_markdown_copy_is_the_engines_redacted_markdown_and_the_preview_shows_replacements(
    with_clipboard: AnalyzerPage,
) -> None:
    text = fixture_text("container-crash/match-history-crashloop.txt")
    report = with_clipboard.analyze(text)
    share = needs_share(report)
    section = with_clipboard.results.locator(".merlin-analyzer__share")

    preview = section.locator("details")
    preview.locator("summary").click()
    assert preview.locator("pre").inner_text() == share["markdown"]
    assert preview.locator("table tr").count() >= 2  # a header and at least one replacement
    section.get_by_role("button", name="Copy as Markdown").click()
    section.locator(".merlin-analyzer__share-status").filter(has_text="Markdown").wait_for()

    copied = clipboard(with_clipboard)
    assert copied == share["markdown"]
    assert SECRET_POD not in copied


def test_the_paste_link_carries_the_redacted_text_compressed(with_clipboard: AnalyzerPage, fresh) -> None:
    text = fixture_text("container-crash/match-history-crashloop.txt")
    report = with_clipboard.analyze(text)
    share = needs_share(report)
    section = with_clipboard.results.locator(".merlin-analyzer__share")

    section.get_by_role("button", name="Copy link with the redacted paste").click()
    status = section.locator(".merlin-analyzer__share-status")
    status.filter(has_text="Copied").wait_for()
    link = clipboard(with_clipboard)

    assert inflate_fragment(link) == share["redacted_text"]
    assert SECRET_POD not in share["redacted_text"]
    assert "over 8 KB" not in status.inner_text()

    opened, log = fresh(link.split(with_clipboard.base_url + ANALYZE_LOGS, 1)[1])
    reopened = opened.wait_result(None)
    assert opened.input.input_value() == share["redacted_text"]
    assert [f["id"] for f in reopened["findings"]] == [f["id"] for f in report["findings"]]
    assert_private(log, share["redacted_text"], SECRET_POD)


def test_a_paste_link_over_8_kb_comes_with_a_warning(with_clipboard: AnalyzerPage) -> None:
    noise = "\n".join(
        json.dumps({"n": n, "digest": zlib.crc32(str(n).encode()) * 7919}) for n in range(1500)
    )  # incompressible enough
    report = with_clipboard.analyze(noise + "\n" + fixture_text("oomkilled/match-history-builder-short.txt"))
    needs_share(report)
    section = with_clipboard.results.locator(".merlin-analyzer__share")

    section.get_by_role("button", name="Copy link with the redacted paste").click()
    status = section.locator(".merlin-analyzer__share-status")
    status.filter(has_text="Copied").wait_for()

    assert int(status.get_attribute("data-link-length")) > 8 * 1024
    assert "over 8 KB" in status.inner_text()


# Records, as the page announces them, the report without its share part and then the
# share part arriving for it (the worker's second message, {type: "share"}).
SHARE_ORDER = """() => {
  window.__shareOrder = [];
  const note = () => Boolean(document.querySelector(".merlin-analyzer__share-pending"));
  const markdown = () => [...document.querySelectorAll(".merlin-analyzer__share button")]
    .some((button) => button.textContent === "Copy as Markdown");
  document.addEventListener("merlin-analyzer:result", (event) => window.__shareOrder.push(
    { event: "result", share: Boolean(event.detail.share), pending: window.__merlinAnalyzer.sharePending,
      note: note(), markdown: markdown() }), { once: true });
  document.addEventListener("merlin-analyzer:share", (event) => window.__shareOrder.push(
    { event: "share", share: Boolean(event.detail.share), pending: window.__merlinAnalyzer.sharePending,
      note: note(), markdown: markdown() }), { once: true });
}"""


def test_the_report_is_shown_before_its_redacted_copy_which_follows_for_the_same_analysis(
    analyzer: AnalyzerPage,
) -> None:
    text = fixture_text("container-crash/match-history-crashloop.txt")
    analyzer.page.evaluate(SHARE_ORDER)

    report = analyzer.analyze(text)  # waits for the share part too

    first, second = analyzer.page.evaluate("window.__shareOrder")
    assert first == {"event": "result", "share": False, "pending": True, "note": True, "markdown": False}
    assert second == {"event": "share", "share": True, "pending": False, "note": False, "markdown": True}
    assert SECRET_POD in text and SECRET_POD not in report["share"]["markdown"]
    assert SECRET_POD not in report["share"]["redacted_text"]
