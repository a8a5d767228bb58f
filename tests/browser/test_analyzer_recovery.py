"""The page survives a dead, throwing or stuck runtime: it restarts the worker and says so.

One page, whose worker is the real one wrapped by ``faulty_worker`` (real Pyodide, real
engine, plus faults on request). Every test ends with the analyzer ready and a real
analysis answered by the replacement worker, so a spinner left behind would fail it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_helpers import ANALYZE_LOGS, BOOT_TIMEOUT_MS, AnalyzerPage, fixture_text
from faulty_worker import HOLD_BOOT, WITHOUT_WORKER_CHECK, WORKER_NAME, serve_wrapper

pytestmark = pytest.mark.browser

OOM = "oomkilled/match-history-model.txt"
PATTERN = f"**/{WORKER_NAME}*"


@pytest.fixture(scope="module")
def faulty(context, base_url: str) -> Iterator[AnalyzerPage]:
    context.route(PATTERN, serve_wrapper)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.goto(base_url + ANALYZE_LOGS)
    page.evaluate(WITHOUT_WORKER_CHECK)
    analyzer = AnalyzerPage(page, base_url, errors)
    analyzer.input.focus()
    analyzer.wait_ready()
    yield analyzer
    page.close()
    context.unroute(PATTERN, serve_wrapper)


def workers_started(analyzer: AnalyzerPage) -> int:
    return analyzer.page.evaluate("window.__merlinAnalyzer.workersStarted")


def start_analysis(analyzer: AnalyzerPage, text: str) -> None:
    analyzer.fill(text)
    analyzer.root.get_by_role("button", name="Analyze").click()


def wait_state(analyzer: AnalyzerPage, *states: str) -> None:
    analyzer.page.wait_for_function(
        "(states) => states.includes(window.__merlinAnalyzer.state)",
        arg=list(states),
        timeout=BOOT_TIMEOUT_MS,
    )


def assert_recovered(analyzer: AnalyzerPage, before: int) -> None:
    """A new worker was started, booted, and answers a real paste."""
    wait_state(analyzer, "ready", "failed")
    assert analyzer.state() == "ready", analyzer.status.inner_text()
    assert workers_started(analyzer) == before + 1
    report = analyzer.analyze(fixture_text(OOM))
    assert report["findings"][0]["id"] == "oomkilled"
    assert analyzer.root.get_by_role("button", name="Cancel").is_hidden()


def test_a_fatal_runtime_error_restarts_the_worker_with_a_clear_message(faulty: AnalyzerPage) -> None:
    before = workers_started(faulty)
    previous = faulty.result_at()

    start_analysis(faulty, "#merlin-test:fatal\n" + fixture_text(OOM))
    wait_state(faulty, "booting", "ready", "failed")

    status = faulty.status.inner_text()
    assert "The analysis stopped" in status
    assert "fatal error" in status
    assert "restarted" in status
    assert faulty.result_at() == previous  # nothing pretends to be a result
    assert_recovered(faulty, before)


def test_an_uncaught_worker_error_after_boot_restarts_the_worker(faulty: AnalyzerPage) -> None:
    before = workers_started(faulty)

    start_analysis(faulty, "#merlin-test:throw\n" + fixture_text(OOM))
    wait_state(faulty, "booting", "ready", "failed")

    status = faulty.status.inner_text()
    assert "The analysis stopped" in status
    assert "injected worker failure" in status
    assert_recovered(faulty, before)


def test_a_worker_that_stops_answering_is_replaced_at_the_time_limit(faulty: AnalyzerPage) -> None:
    faulty.page.evaluate("window.__merlinAnalyzer.timeLimitMs = 2000")
    try:
        before = workers_started(faulty)
        start_analysis(faulty, "#merlin-test:hang\n" + fixture_text(OOM))
        assert faulty.state() == "analyzing"
        assert faulty.root.get_by_role("button", name="Cancel").is_visible()

        wait_state(faulty, "booting", "ready", "failed")
        status = faulty.status.inner_text()
        assert "time limit" in status
        assert "restarted" in status
    finally:
        faulty.page.evaluate("window.__merlinAnalyzer.timeLimitMs = null")
    assert_recovered(faulty, before)


def test_cancel_stops_a_stuck_analysis_and_restarts_the_runtime(faulty: AnalyzerPage) -> None:
    before = workers_started(faulty)
    start_analysis(faulty, "#merlin-test:hang\n" + fixture_text(OOM))
    assert faulty.state() == "analyzing"

    faulty.root.get_by_role("button", name="Cancel").click()

    assert faulty.state() == "booting"
    assert "Analysis cancelled" in faulty.status.inner_text()
    assert faulty.root.get_by_role("button", name="Cancel").is_hidden()
    assert_recovered(faulty, before)


def test_a_new_analysis_replaces_a_stuck_one(faulty: AnalyzerPage) -> None:
    before = workers_started(faulty)
    start_analysis(faulty, "#merlin-test:hang\n" + fixture_text(OOM))
    assert faulty.state() == "analyzing"
    previous = faulty.result_at()

    text = fixture_text("image-not-found/match-events-transformer-manifest-unknown.txt")
    report = faulty.analyze(text)

    assert report["findings"][0]["id"] == "image-not-found"
    assert report["input"]["lines"] == len(text.splitlines())
    assert faulty.result_at() != previous
    assert workers_started(faulty) == before + 1
    assert faulty.state() == "ready"


def test_a_new_paste_replaces_a_stuck_analysis(faulty: AnalyzerPage, context, base_url: str) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    text = fixture_text("oomkilled/match-history-builder-short.txt")
    faulty.page.evaluate("(text) => navigator.clipboard.writeText(text)", text)
    before = workers_started(faulty)
    start_analysis(faulty, "#merlin-test:hang\n" + fixture_text(OOM))
    assert faulty.state() == "analyzing"
    previous = faulty.result_at()

    faulty.input.press("Control+A")
    faulty.input.press("Control+V")  # no click: the paste itself replaces the analysis
    report = faulty.wait_result(previous)

    assert faulty.input.input_value() == text
    assert report["input"]["lines"] == len(text.splitlines())
    assert report["findings"][0]["id"] == "oomkilled"
    assert workers_started(faulty) == before + 1


def test_results_and_errors_of_an_older_request_are_ignored(faulty: AnalyzerPage) -> None:
    faulty.page.evaluate(
        """() => {
             window.__shownMessages = [];
             const shown = (event) => window.__shownMessages.push(event.detail.message);
             document.addEventListener('merlin-analyzer:result', shown);
           }"""
    )
    report = faulty.analyze("#merlin-test:stale\n" + fixture_text(OOM))

    assert report["message"] != "STALE"
    assert report["findings"][0]["id"] == "oomkilled"
    shown = faulty.page.evaluate("window.__shownMessages")
    assert shown == [report["message"]]
    assert "STALE" not in faulty.status.inner_text()
    assert "STALE" not in faulty.results.inner_text()


def test_while_booting_the_progress_is_determinate_and_analyze_is_queued(open_page, context) -> None:
    context.route(PATTERN, serve_wrapper)
    try:
        analyzer = open_page(ANALYZE_LOGS)
        page = analyzer.page
        page.evaluate(WITHOUT_WORKER_CHECK)
        page.evaluate(HOLD_BOOT)
        analyzer.fill(fixture_text(OOM))  # focus starts the (held) boot
        assert analyzer.state() == "booting"
        bar = analyzer.root.locator("progress")
        assert bar.is_visible()

        # Posted until the worker (still loading its module) is there to receive it.
        page.wait_for_function(
            """() => {
                 new BroadcastChannel('merlin-test-worker')
                   .postMessage({ op: 'progress', message: 'Downloading the runtime…', fraction: 0.4 });
                 return document.querySelector('.merlin-analyzer progress').value > 0;
               }""",
            polling=200,
        )
        assert bar.evaluate("(node) => [node.value, node.max, node.position]") == [0.4, 1, 0.4]
        assert "40%" in analyzer.root.locator(".merlin-analyzer__progress").inner_text()

        button = analyzer.root.locator("button[type=submit]")
        assert "loading" in button.inner_text()
        button.click()
        assert "queued" in button.inner_text()
        assert analyzer.state() == "booting"
        assert analyzer.root.get_by_role("button", name="Cancel").is_visible()

        page.evaluate("() => new BroadcastChannel('merlin-test-worker').postMessage({ op: 'release' })")
        report = analyzer.wait_result(None)
        assert report["findings"][0]["id"] == "oomkilled"
        assert button.inner_text() == "Analyze"
        assert bar.is_hidden()
        assert analyzer.errors == []
    finally:
        context.unroute(PATTERN, serve_wrapper)
