"""The "Wrong or missing answer?" report: its form, its Markdown, "Copy report" and "Open an issue".

The report is made in the page from the engine's redacted paste; nothing is sent by the
page. The tests read the report back from the clipboard, open "Open an issue" on a second
build of the site with a ``report_url`` template (the plugin option), intercept the new
tab's navigation to that external tracker with a route, and prove that it carries only the
redacted report while no other request carries any part of the paste. The opened form is
checked with axe-core in the light and the dark scheme.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_helpers import (
    ANALYZE_LOGS,
    BOOT_TIMEOUT_MS,
    REPO,
    AnalyzerPage,
    NetworkLog,
    SiteBuildError,
    build_site,
    fixture_text,
    serving,
    variant_config,
)
from test_accessibility import AXE, axe_violations

pytestmark = pytest.mark.browser

TRACKER = "https://tracker.example/org/docs/issues/new"
TEMPLATE = TRACKER + "?title={title}&body={body}"
CRASHLOOP = "container-crash/match-history-crashloop.txt"
SHORT = "missing-secret-or-configmap/match-history-mlp-secret.txt"  # a one-line History message
SHORT_SECRETS = ("churn-model-8-r1", "feast-api-token", "retention")
SECRETS = ("fraud-scorer", "fraud-scorer-7-r1-predictor-00001")  # names the redaction replaces
# A few KB of JSON lines that percent-encoding makes longer still: a report too long for a link.
LONG_NOISE = "\n".join(json.dumps({"n": n, "digest": zlib.crc32(str(n).encode()) * 7919}) for n in range(400))
STAGE_LABELS = [
    "Before deployment (API validation)",
    "Image building",
    "Deployment",
    "Image building or deployment",
    "Platform",
]


def catalog(site: Path) -> dict:
    return json.loads((site / "catalog.json").read_text(encoding="utf-8"))


def paste_pieces(text: str) -> list[str]:
    """Distinctive parts of a paste: every line of 12 characters or more, stripped."""
    return sorted({line.strip() for line in text.splitlines() if len(line.strip()) >= 12})


def assert_no_request_carries(requests, text: str) -> None:
    for request in requests:
        for piece in paste_pieces(text):
            assert not request.carries(piece), f"{request.url} carries {piece[:40]!r}"


def grant_clipboard(context, base_url: str) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def report_section(analyzer: AnalyzerPage):
    return analyzer.results.locator(".merlin-analyzer__report")


def open_form(analyzer: AnalyzerPage):
    """Open the form from the keyboard and wait until the report is shown."""
    section = report_section(analyzer)
    toggle = section.get_by_role("button", name="Wrong or missing answer?")
    toggle.focus()
    analyzer.page.keyboard.press("Enter")
    section.locator("select").wait_for()
    analyzer.page.wait_for_function(
        "(el) => el.dataset.reportLength !== undefined", arg=section.element_handle()
    )
    assert toggle.get_attribute("aria-expanded") == "true"
    return section


def preview_text(section) -> str:
    return section.locator(".merlin-analyzer__report-preview").inner_text()


def test_the_report_form_works_from_the_keyboard_and_copies_the_redacted_report(
    analyzer: AnalyzerPage, context, base_url: str, network: NetworkLog, site_dir: Path
) -> None:
    grant_clipboard(context, base_url)
    text = fixture_text(CRASHLOOP)
    report = analyzer.analyze(text)
    mark = network.mark()
    section = open_form(analyzer)
    page = analyzer.page

    # The select is labelled, focused, and lists every known error by stage, then "Something else".
    select = section.get_by_label("What was the real cause?")
    assert select.evaluate("(el) => el === document.activeElement")
    groups = select.locator("optgroup")
    labels = [groups.nth(i).get_attribute("label") for i in range(groups.count())]
    assert labels == [label for label in STAGE_LABELS if label in labels] and len(labels) >= 4
    errors = catalog(site_dir)["errors"]
    assert select.locator("optgroup option").count() == len(errors)
    assert select.locator("option").last.inner_text() == "Something else"
    assert section.get_by_role("button", name="Open an issue").count() == 0  # no report_url here

    # Choose with the keyboard: the first known error, then the real one, then words.
    page.keyboard.press("ArrowDown")
    first = select.input_value()
    assert first in {e["id"] for e in errors}
    select.select_option("image-not-found")
    page.keyboard.press("Tab")
    assert section.get_by_label("In your own words").evaluate("(el) => el === document.activeElement")
    page.keyboard.type("the tag was never pushed")
    page.keyboard.press("Tab")  # the preview, which scrolls
    page.keyboard.press("Tab")
    copy = section.get_by_role("button", name="Copy report")
    assert copy.evaluate("(el) => el === document.activeElement")
    page.wait_for_function(
        "(el) => el.textContent.includes('never pushed')",
        arg=section.locator(".merlin-analyzer__report-preview").element_handle(),
    )
    page.keyboard.press("Enter")
    section.locator(".merlin-analyzer__share-status").filter(has_text="Copied the report").wait_for()

    copied = clipboard(page)
    assert copied.strip() == preview_text(section).strip()
    title = next(e["title"] for e in errors if e["id"] == "image-not-found")
    assert f"**What was the real cause?** {title} (`image-not-found`)" in copied
    assert "> the tag was never pushed" in copied
    for finding in report["findings"]:
        assert f"(`{finding['id']}`): {finding['confidence']} confidence" in copied
    assert report["share"]["redacted_text"].rstrip("\n") in copied
    assert f"- Page: {base_url}{ANALYZE_LOGS}\n" in copied
    versions = catalog(site_dir).get("versions") or {}
    assert f"- Catalog: {versions.get('catalog') or catalog(site_dir)['version']}" in copied
    assert "- Runtime: Pyodide" in copied and "(started from: " in copied
    for secret in SECRETS:
        assert secret in text and secret not in copied

    # Escape closes the form and gives the focus back to its button.
    select.focus()
    page.keyboard.press("Escape")
    toggle = section.get_by_role("button", name="Wrong or missing answer?")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.evaluate("(el) => el === document.activeElement")
    assert_no_request_carries(network.since(mark), text)


def test_a_report_is_offered_when_nothing_matched(analyzer: AnalyzerPage, context, base_url: str) -> None:
    grant_clipboard(context, base_url)
    text = (
        "2026-01-01 ERROR worker crashed in namespace team-alpha\n"
        "Traceback (most recent call last):\n"
        '  File "app.py", line 3, in handle\n'
        "ValueError: bad thing at s3://acme-secret-bucket/models/x\n"
    )
    report = analyzer.analyze(text)
    assert report["findings"] == []
    section = open_form(analyzer)

    section.locator("select").select_option(label="Something else")
    section.get_by_label("In your own words").fill("a typo in the predictor's entry point")
    analyzer.page.wait_for_function(
        "(el) => el.textContent.includes('entry point')",
        arg=section.locator(".merlin-analyzer__report-preview").element_handle(),
    )
    shown = preview_text(section)

    assert "**What was the real cause?** something else" in shown
    assert "> a typo in the predictor's entry point" in shown
    assert "No known error matched." in shown
    assert "looked like a failure" in shown
    assert "acme-secret-bucket" not in shown and "team-alpha" not in shown
    assert "s3://<bucket-path-1>" in shown


# Built in the page and pasted from the clipboard, as a reader would: the page keeps text
# this big out of the text box (a box holding megabytes slows every later test's typing).
BIG_LOG_JS = """async (tail) => {
  const lines = [];
  for (let n = 0; n < 60000; n += 1) {
    lines.push(`2026-01-01T00:00:${String(n % 60).padStart(2, "0")}Z INFO serving request ${n} ok`);
  }
  const text = lines.join("\\n") + "\\n" + tail;
  await navigator.clipboard.writeText(text);
  return text.length;
}"""


def test_a_paste_too_big_for_a_redacted_copy_reports_its_evidence_lines_redacted(
    analyzer: AnalyzerPage, context, base_url: str
) -> None:
    grant_clipboard(context, base_url)
    page = analyzer.page
    assert page.evaluate(BIG_LOG_JS, fixture_text(CRASHLOOP)) > 2 * 1024 * 1024  # the page's share limit
    previous = analyzer.result_at()
    analyzer.input.fill("")
    analyzer.input.focus()
    page.keyboard.press("Control+V")
    report = analyzer.wait_result(previous)
    try:
        assert "share" not in report and report["findings"]
        section = open_form(analyzer)
        shown = preview_text(section)
    finally:
        analyzer.root.locator(".merlin-analyzer__held").get_by_role("button", name="Clear").click()

    assert "### Evidence lines, redacted" in shown
    assert "too big to include" in shown
    evidence_lines = sorted({e["line"] for f in report["findings"] for e in f["evidence"]})
    assert evidence_lines and evidence_lines[0] > 60_000
    for line in evidence_lines:
        assert f"line {line}: " in shown
    assert "INFO serving request" not in shown  # only the lines the analyzer pointed at
    for secret in SECRETS:
        assert secret not in shown
    assert "<model-1>" in shown


def test_the_linking_page_documents_both_link_forms(site_dir: Path) -> None:
    page = (site_dir / "reference" / "linking-from-merlin-ui" / "index.html").read_text(encoding="utf-8")
    assert "#found=" in page and "catalog.json" in page
    assert "#paste=" in page and 'CompressionStream("deflate")' in page.replace("&quot;", '"')
    assert "zlib" in page and "8 KB" in page


# ---------------------------------------------------------------------------- with report_url


@pytest.fixture(scope="module")
def report_site(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site built with ``report_url`` set (after ``site_dir``, so the runtime cache is warm)."""
    work = tmp_path_factory.mktemp("report-site")
    config = variant_config(work, runtime_dir=str(REPO / "node_modules" / "pyodide"), report_url=TEMPLATE)
    site = work / "site"
    try:
        build_site(site, config)
    except SiteBuildError as problem:
        pytest.fail(f"mkdocs build with report_url failed:\n{problem}", pytrace=False)
    return site


@pytest.fixture(scope="module")
def tracker_page(browser, report_site: Path) -> Iterator[tuple[AnalyzerPage, NetworkLog, list[str]]]:
    """A booted analyzer on the report_url site; the tracker answers through a route and records."""
    with serving(report_site) as url:
        log = NetworkLog()
        opened: list[str] = []
        ctx = browser.new_context(service_workers="block")
        ctx.set_default_timeout(BOOT_TIMEOUT_MS)
        grant_clipboard(ctx, url)

        def route(route) -> None:
            if route.request.url.startswith(TRACKER):
                opened.append(route.request.url)
                route.fulfill(status=200, content_type="text/html", body="<title>new issue</title>")
            else:
                log.handle(route)

        ctx.route("**/*", route)
        yield AnalyzerPage.booted(ctx.new_page(), url), log, opened
        ctx.close()


def issue_fields(url: str) -> dict[str, str]:
    assert url.startswith(TRACKER + "?"), url
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_open_an_issue_navigates_only_to_the_tracker_with_the_redacted_report(tracker_page) -> None:
    analyzer, log, opened = tracker_page
    text = fixture_text(SHORT)
    analyzer.analyze(text)
    section = open_form(analyzer)
    section.locator("select").select_option("oomkilled")
    analyzer.page.wait_for_function(
        "(el) => el.textContent.includes('(`oomkilled`)')",
        arg=section.locator(".merlin-analyzer__report-preview").element_handle(),
    )
    shown = preview_text(section)
    before = len(opened)

    with analyzer.page.context.expect_page() as new_tab:
        section.get_by_role("button", name="Open an issue").click()
    tab = new_tab.value
    tab.wait_for_load_state()

    assert len(opened) == before + 1
    fields = issue_fields(opened[-1])
    assert fields["title"] == "Analyzer answered missing-secret-or-configmap; real cause: oomkilled"
    assert fields["body"].strip() == shown.strip()
    assert len(opened[-1]) <= 8000
    assert "<secret-name-1>" in fields["body"]
    for secret in SHORT_SECRETS:
        assert secret in text and secret not in opened[-1] and secret not in fields["body"]
    assert log.blocked == []
    assert all(urlsplit(r.url).hostname in ("127.0.0.1", "localhost") for r in log.requests)
    assert_no_request_carries(log.requests, text)
    assert analyzer.errors == []
    tab.close()


def test_a_report_too_long_for_a_link_is_copied_and_the_issue_says_so(tracker_page) -> None:
    analyzer, log, opened = tracker_page
    text = LONG_NOISE + "\n" + fixture_text(CRASHLOOP)
    analyzer.analyze(text)
    section = open_form(analyzer)
    shown = preview_text(section)

    with analyzer.page.context.expect_page() as new_tab:
        section.get_by_role("button", name="Open an issue").click()
    new_tab.value.wait_for_load_state()

    fields = issue_fields(opened[-1])
    assert "copied it to the clipboard: paste it here" in fields["body"]
    assert len(opened[-1]) <= 8000 < len(TEMPLATE) + 3 * len(shown)
    assert section.get_attribute("data-issue-shortened") == "true"
    assert clipboard(analyzer.page).strip() == shown.strip()
    assert_no_request_carries(log.requests, text)
    new_tab.value.close()


def test_where_the_clipboard_is_refused_the_long_report_is_selected_for_copying(tracker_page) -> None:
    analyzer, log, opened = tracker_page
    page = analyzer.page
    text = LONG_NOISE + "\n" + fixture_text(SHORT)
    analyzer.analyze(text)
    section = open_form(analyzer)
    shown = preview_text(section)
    # As on a plain-http intranet host, where the page may not write the clipboard.
    page.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new Error('not allowed')); }")
    try:
        with page.context.expect_page() as new_tab:
            section.get_by_role("button", name="Open an issue").click()
        new_tab.value.wait_for_load_state()
        selected = page.evaluate("window.getSelection().toString()")
    finally:
        page.evaluate("() => { delete navigator.clipboard.writeText; }")

    assert "copy it from the analyzer page (it is selected there)" in issue_fields(opened[-1])["body"]
    manual = section.locator(".merlin-analyzer__share-manual")
    assert manual.is_visible() and manual.inner_text().strip() == shown.strip()
    assert selected.strip() == shown.strip()
    assert "press Ctrl+C" in section.locator(".merlin-analyzer__share-status").inner_text()
    assert_no_request_carries(log.requests, text)
    new_tab.value.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_opened_report_form_has_no_axe_violation(browser, base_url: str, scheme: str) -> None:
    # bypass_csp: axe-core is an injected script, which the site's policy does not allow.
    ctx = browser.new_context(color_scheme=scheme, service_workers="block", bypass_csp=True)
    ctx.set_default_timeout(BOOT_TIMEOUT_MS)
    ctx.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort()
    )
    page = ctx.new_page()
    page.goto(base_url + ANALYZE_LOGS)
    analyzer = AnalyzerPage(page, base_url, [])
    analyzer.input.focus()
    analyzer.wait_ready()
    analyzer.analyze(fixture_text(CRASHLOOP))
    section = open_form(analyzer)
    section.locator("select").select_option("oomkilled")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
        "slate" if scheme == "dark" else "default"
    )
    assert AXE.is_file(), "node_modules/axe-core is missing: run `make setup`"
    violations = axe_violations(page)
    ctx.close()
    assert violations == [], "\n".join(violations)
