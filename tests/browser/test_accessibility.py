"""Accessibility of the static build: axe-core in light and dark, Lighthouse on phone and desktop.

Lighthouse audits the light scheme only, so axe-core (pinned in package.json) is injected
with Playwright and run in both colour schemes, at desktop and phone widths: WCAG 2.x A
and AA rules, including colour contrast and links told apart by more than colour.

Lighthouse (pinned ``lighthouse@12.2.3``) gates accessibility, best practices and SEO at
95 on every page, phone and desktop. Performance depends on the machine's speed, so it is
not gated here: ``make lighthouse`` prints all four categories as figures.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from browser_helpers import ANALYZE_LOGS, REPO, TROUBLESHOOTING
from localsite import find_chromium

from diagnoser.catalog.pages import KNOWN_ERRORS_DIR

pytestmark = pytest.mark.browser

STAGE_PAGES = [
    f"{KNOWN_ERRORS_DIR}{stage}/" for stage in ("api-validation", "image-build", "deployment", "platform")
]
REFERENCE = [
    "reference/linking-from-merlin-ui/",
    "reference/offline-runtime/",
    "reference/adding-a-known-error/",
]
PAGES = ["", TROUBLESHOOTING, *STAGE_PAGES, ANALYZE_LOGS, *REFERENCE, "deploying-a-model/", "404.html"]
PHONE_PAGES = ["", TROUBLESHOOTING, f"{KNOWN_ERRORS_DIR}deployment/", ANALYZE_LOGS]  # the layouts that differ
LIGHTHOUSE_PAGES = ["", TROUBLESHOOTING, *STAGE_PAGES, ANALYZE_LOGS]
GATED = ("accessibility", "best-practices", "seo")
MINIMUM = 95
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
LIGHTHOUSE_RUNNER = REPO / "scripts" / "lighthouse.mjs"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The gate reads the loaded page (axe, meta tags, console): no performance trace needed, so
# short quiet windows and no full-page screenshot halve the time of each run.
QUICK = {
    "pauseAfterFcpMs": 0,
    "pauseAfterLoadMs": 250,
    "networkQuietThresholdMs": 250,
    "cpuQuietThresholdMs": 250,
    "disableFullPageScreenshot": True,
}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _require(path: Path) -> None:
    if not path.is_file():
        pytest.fail(f"{path.relative_to(REPO)} is missing: run `make setup` (npm ci)", pytrace=False)


def render_every_section(page) -> None:
    """Scroll through the page once, as a reader would, then back to the top.

    The known-error pages render each section's text only near the screen (CSS
    content-visibility, estimated height until then). axe-core measures an element and then
    looks at what is drawn at that point; a section rendering in between moves what follows
    (it once read the footer's text against a section's white). After one pass every
    section has its real, remembered height and the layout holds still for axe.
    """
    page.evaluate(
        """async () => {
            const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
                scrollTo(0, y);
                await frames();
            }
            scrollTo(0, 0);
            await frames();
        }"""
    )


def axe_violations(page) -> list[str]:
    """axe-core's WCAG A/AA violations on the page as loaded, one readable line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, { runOnly: { type: "tag", values: tags } });
            return r.violations.map(v => `${v.id} (${v.impact}): ` +
                v.nodes.slice(0, 4).map(n => n.target.join(" ") + (n.failureSummary ?
                    " - " + n.failureSummary.split("\\n").slice(1, 2).join("") : "")).join("; "));
        }""",
        AXE_TAGS,
    )
    return result


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_violation(browser, base_url: str, scheme: str, viewport: str) -> None:
    _require(AXE)
    # bypass_csp: the site's Content-Security-Policy allows no injected script, and axe-core is one.
    ctx = browser.new_context(
        color_scheme=scheme, viewport=VIEWPORTS[viewport], service_workers="block", bypass_csp=True
    )
    ctx.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort()
    )
    page = ctx.new_page()
    found = {}
    for path in PAGES if viewport == "desktop" else PHONE_PAGES:
        page.goto(base_url + path, wait_until="load")
        shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert shown == ("slate" if scheme == "dark" else "default"), f"{path}: scheme {shown}"
        render_every_section(page)
        violations = axe_violations(page)
        if violations:
            found[path or "(home)"] = violations
    ctx.close()
    assert found == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_links_in_text_are_underlined_and_footer_text_has_contrast(browser, base_url: str, scheme) -> None:
    """The two failures Lighthouse found before the fix, checked directly as well."""
    ctx = browser.new_context(color_scheme=scheme)
    page = ctx.new_page()
    page.goto(base_url + TROUBLESHOOTING, wait_until="load")
    decoration = page.evaluate(
        "getComputedStyle(document.querySelector('article li a[href]')).textDecorationLine"
    )
    assert decoration == "underline"
    assert page.evaluate("document.querySelector('.md-search').getAttribute('aria-label')")
    ctx.close()


def run_lighthouse(urls: list[str], categories: tuple[str, ...]) -> list[dict]:
    _require(LIGHTHOUSE_RUNNER)
    _require(REPO / "node_modules" / "lighthouse" / "package.json")
    request = {"chrome": find_chromium(), "urls": urls, "categories": list(categories), "settings": QUICK}
    result = subprocess.run(
        ["node", str(LIGHTHOUSE_RUNNER), json.dumps(request)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_lighthouse_scores_at_least_95_on_every_page_phone_and_desktop(base_url: str) -> None:
    runs = run_lighthouse([base_url + path for path in LIGHTHOUSE_PAGES], GATED)
    assert len(runs) == 2 * len(LIGHTHOUSE_PAGES)
    low = {}
    for run in runs:
        assert run["runtimeError"] is None, run
        page = run["url"].removeprefix(base_url) or "(home)"
        for category in GATED:
            score = run["scores"][category]
            if score is None or score < MINIMUM:
                low[f"{page} {run['formFactor']} {category}"] = (score, run["lost"][category])
    assert low == {}
