"""Pasted text stays inert and private: no HTML from the paste runs, and nothing leaves the page."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import pytest
from browser_helpers import LOCAL_HOSTS, AnalyzerPage, fixture_text

pytestmark = pytest.mark.browser


def _describe_with_html_in_the_exception() -> str:
    text = fixture_text("model-load-error/match-describe-mlflow-exception.txt")
    return text.replace(
        'Could not find an "MLmodel" configuration file at "/mnt/models/model"',
        '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>',
    )


def _history_with_html_container_name() -> str:
    text = fixture_text("oomkilled/match-history-model.txt")
    # Not a tag of the markup ``normalise`` takes off a copied page (<b>, <td>, ...): kept as pasted.
    return text.replace("│ kserve-container │", "│ <marquee>x</marquee> │")


def _events_with_svg_image() -> str:
    text = fixture_text("image-not-found/match-events-transformer-manifest-unknown.txt")
    return text.replace(
        "asia-docker.pkg.dev/acme-ml/transformers/basket-enricher:1.4.0", "<svg/onload=window.__pwned=3>"
    )


HOSTILE = {
    # name: (paste, the finding, the fact whose value is HTML)
    "img-script-in-exception-message": (
        _describe_with_html_in_the_exception,
        "model-load-error",
        '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>',
    ),
    "tag-as-container-name": (_history_with_html_container_name, "oomkilled", "<marquee>x</marquee>"),
    "svg-onload-in-event-message": (
        _events_with_svg_image,
        "image-not-found",
        "<svg/onload=window.__pwned=3>",
    ),
}


@pytest.mark.parametrize(("make_paste", "error_id", "html"), HOSTILE.values(), ids=HOSTILE.keys())
def test_html_in_the_paste_is_shown_as_text_and_never_runs(
    analyzer: AnalyzerPage, make_paste, error_id: str, html: str
) -> None:
    report = analyzer.analyze(make_paste())
    analyzer.page.wait_for_timeout(300)  # give an injected onerror/onload the chance to fire

    finding = next(f for f in report["findings"] if f["id"] == error_id)
    assert html in finding["facts"].values(), "the engine should keep the value as pasted"

    assert analyzer.page.evaluate("typeof window.__pwned") == "undefined"
    results = analyzer.results
    assert results.locator("img, script, svg, b, iframe, object, embed").count() == 0
    card = results.locator(f".merlin-analyzer__finding[data-id='{error_id}']")
    facts = card.locator(".merlin-analyzer__facts dd").all_inner_texts()
    assert html in facts, facts
    excerpt = card.locator(".merlin-analyzer__excerpt").inner_text()
    assert html in excerpt
    assert analyzer.errors == []


def test_no_request_carries_the_pasted_text(analyzer: AnalyzerPage, network) -> None:
    marker = f"merlin-secret-{uuid.uuid4().hex}"
    text = fixture_text("oomkilled/match-history-model.txt").replace("churn-model-3-r2", marker)
    mark = network.mark()

    report = analyzer.analyze(text)
    analyzer.page.wait_for_timeout(500)  # anything sent after the result would show up now

    assert marker in report["message"] or any(marker in str(f["facts"]) for f in report["findings"])
    assert marker in analyzer.results.inner_text()
    assert network.since(mark) == [], "analyzing made requests: " + ", ".join(network.urls_since(mark))
    leaks = [request.url for request in network.requests if request.carries(marker) or request.carries(text)]
    assert leaks == []


def test_no_request_left_this_server_during_the_session(network) -> None:
    """Runs last (file order): every request of every page and worker above went to 127.0.0.1."""
    assert network.requests, "no request was recorded: the routing is not working"
    assert any("pyodide.asm.wasm" in request.url for request in network.requests), (
        "worker requests were not recorded"
    )
    assert network.blocked == []
    elsewhere = [
        request.url
        for request in network.requests
        if urlsplit(request.url).scheme in ("http", "https")
        and urlsplit(request.url).hostname not in LOCAL_HOSTS
    ]
    assert elsewhere == []
