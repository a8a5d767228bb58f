"""The widget markup: page-relative URLs, a configured Pyodide URL, and no blank lines."""

from __future__ import annotations

from merlin_troubleshooting.widget import render_disabled, render_widget, widget_urls


def test_self_hosted_urls_are_relative_to_the_page():
    html = render_widget(widget_urls("../../", "self-hosted", "abc123"))
    assert 'data-root="../../"' in html
    assert 'data-pyodide="../../assets/merlin-analyzer/pyodide/"' in html
    assert 'data-lock="../../assets/merlin-analyzer/pyodide-lock.json?v=abc123"' in html
    assert 'data-worker="../../assets/merlin-analyzer/analyzer-worker.mjs?v=abc123"' in html
    assert "\n\n" not in html  # one raw HTML block for Markdown
    assert 'aria-live="polite"' in html and "<label" in html and 'type="file"' in html


def test_configured_pyodide_url_is_used_as_is():
    html = render_widget(widget_urls("./", "https://cdn.example/pyodide/v314.0.7/full/", "b"))
    assert 'data-pyodide="https://cdn.example/pyodide/v314.0.7/full/"' in html
    assert 'data-lock="./assets/merlin-analyzer/pyodide-lock.json?v=b"' in html  # the lock stays site-local


def test_disabled_note_points_to_the_cli():
    assert "merlin-diagnose" in render_disabled()
