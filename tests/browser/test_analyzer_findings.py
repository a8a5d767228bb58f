"""What a reader sees after pasting real-looking errors into the analyzer (one booted page, reused)."""

from __future__ import annotations

import random

import pytest
from browser_helpers import AnalyzerPage, fixture_text

from diagnoser.catalog import load_catalog
from diagnoser.catalog.pages import page_for

pytestmark = pytest.mark.browser

PASTES = [
    # (fixture, what it is, the id the reader should see first)
    ("oomkilled/match-history-model.txt", "history", "oomkilled"),
    ("model-load-error/match-describe-mlflow-exception.txt", "describe", "model-load-error"),
    ("container-crash/match-describe-transformer.txt", "describe-crashloop", "transformer-error"),
    ("image-not-found/match-events-transformer-manifest-unknown.txt", "events", "image-not-found"),
    ("dependency-resolution-failed/match-logs-tab-conflict.txt", "logs-tab", "dependency-resolution-failed"),
]


def shown_findings(analyzer: AnalyzerPage) -> list[dict]:
    """The finding cards as rendered: id, title, link, and the marked lines of the excerpt."""
    return analyzer.page.evaluate(
        """() => [...document.querySelectorAll('.merlin-analyzer__results .merlin-analyzer__finding')]
            .map((card) => ({
              id: card.dataset.id,
              title: card.querySelector('.merlin-analyzer__title').firstChild.textContent,
              href: card.querySelector('.merlin-analyzer__link a').href,
              marked: [...card.querySelectorAll('mark.merlin-analyzer__line')].map((row) => {
                const number = row.querySelector('.merlin-analyzer__lineno').textContent;
                return { line: Number(number.trim()), text: row.textContent.slice(number.length + 1) };
              }),
            }))"""
    )


def count_ids_on(analyzer: AnalyzerPage, href: str, element_id: str) -> int:
    """Fetch a page of the site in the browser and count the elements with that id."""
    return analyzer.page.evaluate(
        """async ([href, id]) => {
             const response = await fetch(href);
             if (!response.ok) return -response.status;
             const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
             return doc.querySelectorAll(`[id="${id}"]`).length;
           }""",
        [href, element_id],
    )


@pytest.mark.parametrize(("fixture", "kind", "expected"), PASTES, ids=[p[2] + "-" + p[1] for p in PASTES])
def test_pasted_error_shows_the_known_error_first_with_its_section_and_marked_evidence(
    analyzer: AnalyzerPage, fixture: str, kind: str, expected: str
) -> None:
    text = fixture_text(fixture)
    report = analyzer.analyze(text)

    assert report["findings"], f"{kind}: no finding for {fixture}: {report['message']}"
    top = report["findings"][0]
    found = [f["id"] for f in report["findings"]]
    assert top["id"] == expected, f"{kind}: expected {expected} first, got {found}"

    cards = shown_findings(analyzer)
    assert [card["id"] for card in cards] == [f["id"] for f in report["findings"]]
    first = cards[0]
    assert first["title"] == top["title"]
    heading = analyzer.results.locator("h3").inner_text()
    count = len(report["findings"])
    assert heading.startswith(f"Found {count} known error{'' if count == 1 else 's'}; most likely cause: ")

    # The "Read more" link goes to the known error's section on its stage's page.
    assert first["href"].endswith("#" + expected), first["href"]
    assert first["href"].split("#")[0] == analyzer.base_url + page_for(load_catalog().get(expected))
    assert count_ids_on(analyzer, first["href"], expected) == 1

    # The excerpt marks exactly the evidence lines, numbered as in the paste.
    evidence = sorted({e["line"] for e in top["evidence"][:8]})
    assert [row["line"] for row in first["marked"]] == evidence
    lines = text.splitlines()
    for row in first["marked"]:
        shown = row["text"].removesuffix(" …").removesuffix("…")
        assert lines[row["line"] - 1].startswith(shown), (row, lines[row["line"] - 1])


def test_healthy_paste_says_no_known_error_and_shows_what_was_recognised(analyzer: AnalyzerPage) -> None:
    report = analyzer.analyze(fixture_text("_healthy/nomatch-running-ready-describe.txt"))

    assert report["findings"] == []
    results = analyzer.results
    assert results.locator(".merlin-analyzer__finding").count() == 0
    assert "No known error matched" in results.locator("h3").inner_text()
    recognised = results.locator(".merlin-analyzer__recognised").inner_text()
    assert "kubectl describe pod" in recognised
    assert "kubectl-describe-pod" not in recognised
    for container in report["input"]["containers"]:
        assert container in recognised
    assert f"Lines: {report['input']['lines']}" in recognised
    general = results.get_by_role("link", name="General troubleshooting steps")
    assert general.get_attribute("href").endswith("#general-troubleshooting-steps")


def test_ctrl_enter_in_the_text_box_analyzes_and_the_status_is_announced(analyzer: AnalyzerPage) -> None:
    status = analyzer.status
    assert status.get_attribute("aria-live") == "polite"
    assert status.get_attribute("role") == "status"

    report = analyzer.analyze(fixture_text("oomkilled/match-history-builder-short.txt"), keyboard=True)

    assert report["findings"][0]["id"] == "oomkilled"
    assert status.inner_text().startswith("Analysis finished in")


def one_megabyte_log(failure: str) -> str:
    rng = random.Random(1)
    pod = "churn-model-4-r2-predictor-00001-deployment-6f7c9d8b5-q8x2m"
    lines: list[str] = []
    size = 0
    while size < 1024 * 1024 - len(failure):
        minute, second, latency = rng.randrange(60), rng.randrange(60), rng.randrange(3, 90)
        line = (
            f"[{pod}][kserve-container] 2024-05-14T06:{minute:02d}:{second:02d}Z "
            f"INFO:root:predict request id={rng.getrandbits(48):012x} latency_ms={latency} status=200"
        )
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines) + "\n" + failure


def test_second_analysis_of_a_one_megabyte_paste_completes(analyzer: AnalyzerPage) -> None:
    pod = "churn-model-4-r2-predictor-00001-deployment-6f7c9d8b5-q8x2m"
    failure = "\n".join(
        [
            f"[{pod}][kserve-container] 2024-05-14T07:00:00Z Traceback (most recent call last):",
            f'[{pod}][kserve-container] 2024-05-14T07:00:00Z   File "/opt/model/main.py", line 41, in load',
            f"[{pod}][kserve-container] 2024-05-14T07:00:00Z ModuleNotFoundError: No module named 'xgboost'",
        ]
    )
    text = one_megabyte_log(failure)
    assert len(text.encode()) >= 1024 * 1024 - 200

    report = analyzer.analyze(text)

    assert report["input"]["lines"] == text.count("\n") + 1
    assert "model-load-error" in [f["id"] for f in report["findings"]], report["message"]
    marked = analyzer.results.locator("mark.merlin-analyzer__line").first.inner_text()
    assert "ModuleNotFoundError" in marked or "Traceback" in marked or "File" in marked


COLOURS_JS = """() => {
  // For each part: its text colour and every background from the element up to the first
  // opaque one (semi-transparent layers are composited in Python).
  const layers = (node) => {
    const found = [];
    for (; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (colour === 'transparent' || colour === 'rgba(0, 0, 0, 0)') continue;
      found.push(colour);
      if (!colour.startsWith('rgba')) break;
    }
    return found;
  };
  const pick = (selector) => {
    const node = document.querySelector(selector);
    return { fg: getComputedStyle(node).color, layers: layers(node) };
  };
  return {
    scheme: document.body.getAttribute('data-md-color-scheme'),
    summary: pick('.merlin-analyzer__summary'),
    title: pick('.merlin-analyzer__title'),
    fact: pick('.merlin-analyzer__facts dd'),
    mark: pick('mark.merlin-analyzer__line'),
    line: pick('.merlin-analyzer__excerpt span.merlin-analyzer__line'),
    input: pick('.merlin-analyzer__input'),
    status: pick('.merlin-analyzer__status'),
    badge: pick('.merlin-analyzer__confidence'),
    lineno: pick('.merlin-analyzer__lineno'),
    hint: pick('.merlin-analyzer__privacy'),
  };
}"""
# WCAG AA for normal text is 4.5:1. Line numbers use Material's own code line-number colour,
# which measures 4.497:1 on the light code background; allow that rounding.
MIN_CONTRAST = {"lineno": 4.45}
READABLE = ("summary", "title", "fact", "mark", "line", "input", "status", "badge", "lineno", "hint")


def test_dark_palette_keeps_the_result_readable(analyzer: AnalyzerPage) -> None:
    page = analyzer.page
    analyzer.analyze(fixture_text("model-load-error/match-describe-mlflow-exception.txt"))

    def toggle() -> None:
        page.locator("form.md-header__option label:visible").first.click()

    light = page.evaluate(COLOURS_JS)
    toggle()
    page.wait_for_function(
        f"() => document.body.getAttribute('data-md-color-scheme') !== {light['scheme']!r}"
    )
    dark = page.evaluate(COLOURS_JS)
    print(
        {p: round(contrast(light[p]), 1) for p in READABLE},
        {p: round(contrast(dark[p]), 1) for p in READABLE},
    )
    try:
        assert {light["scheme"], dark["scheme"]} == {"default", "slate"}
        for palette in (light, dark):
            for part in READABLE:
                ratio = contrast(palette[part])
                where = f"{palette['scheme']}: {part} contrast {ratio:.2f}: {palette[part]}"
                assert ratio >= MIN_CONTRAST.get(part, 4.5), where
        assert background(dark["summary"]) != background(light["summary"])
    finally:
        toggle()


def _rgba(css: str) -> tuple[float, float, float, float]:
    values = css[css.index("(") + 1 : css.index(")")].replace(",", " ").replace("/", " ").split()
    r, g, b = (float(v) for v in values[:3])
    return r, g, b, float(values[3]) if len(values) > 3 else 1.0


def _over(top: str, below: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b, a = _rgba(top)
    return (r * a + below[0] * (1 - a), g * a + below[1] * (1 - a), b * a + below[2] * (1 - a))


def background(part: dict) -> tuple[float, float, float]:
    colour = (255.0, 255.0, 255.0)  # the canvas, if nothing is opaque
    for layer in reversed(part["layers"]):
        colour = _over(layer, colour)
    return colour


def _luminance(rgb: tuple[float, float, float]) -> float:
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(part: dict) -> float:
    """WCAG contrast ratio of a part's text over its composited background."""
    bg = background(part)
    fg = _over(part["fg"], bg)
    high, low = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_a_picked_file_is_read_locally_and_analyzed(analyzer: AnalyzerPage, network) -> None:
    text = fixture_text("image-not-found/match-events-transformer-manifest-unknown.txt")
    previous = analyzer.result_at()
    mark = network.mark()

    analyzer.root.locator('input[type="file"]').set_input_files(
        {"name": "events.txt", "mimeType": "text/plain", "buffer": text.encode()}
    )
    report = analyzer.wait_result(previous)

    assert report["findings"][0]["id"] == "image-not-found"
    assert analyzer.input.input_value() == text
    assert network.urls_since(mark) == [], "reading a file must not make a request"


def test_a_dropped_file_is_analyzed(analyzer: AnalyzerPage) -> None:
    text = fixture_text("oomkilled/match-history-builder-short.txt")
    previous = analyzer.result_at()

    analyzer.page.evaluate(
        """(text) => {
             const zone = document.querySelector('.merlin-analyzer [data-drop-zone]');
             const data = new DataTransfer();
             data.items.add(new File([text], 'history.txt', { type: 'text/plain' }));
             for (const type of ['dragenter', 'dragover', 'drop']) {
               const init = { dataTransfer: data, bubbles: true, cancelable: true };
               zone.dispatchEvent(new DragEvent(type, init));
             }
           }""",
        text,
    )
    report = analyzer.wait_result(previous)

    assert report["findings"][0]["id"] == "oomkilled"
