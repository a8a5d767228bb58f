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


def boot_manifest():
    from merlin_troubleshooting.integrity import BootManifest, SnapshotEntry

    return BootManifest(
        runtime={"pyodide.asm.wasm": "a" * 64, "pyodide.mjs": "b" * 64},
        assets={"pyodide-lock.json": "c" * 64, "w.whl": "d" * 64, "s.pyc.zip": "e" * 64},
        wheel="w.whl",
        build_id="f" * 64,
        stdlib_pyc="s.pyc.zip",
        snapshot=SnapshotEntry(file="snap.bin.gz", sha256="1" * 64, bytes=31_000_000, download=5_500_000),
        sri={"analyzer.js": "sha384-AAA", "analyzer.css": "sha384-BBB", "analyzer-worker.mjs": "sha384-CCC"},
    )


def test_the_page_carries_every_hash_the_worker_checks_and_sri_on_its_scripts():
    import base64
    import html as html_module
    import json
    import re

    boot = boot_manifest()
    html = render_widget(widget_urls("../", "self-hosted", "abc"), boot, 21_000_000)

    data = json.loads(html_module.unescape(re.search(r'data-integrity="([^"]*)"', html).group(1)))
    assert data == boot.worker_data()
    assert data["snapshot"]["sha256"] == "1" * 64 and data["assets"]["w.whl"] == "d" * 64
    fragment = re.search(r'data-worker="[^"#]*#boot=([A-Za-z0-9_-]+)"', html).group(1)
    assert json.loads(base64.urlsafe_b64decode(fragment + "=" * (-len(fragment) % 4))) == data
    assert 'analyzer.js?v=abc" integrity="sha384-AAA"' in html
    assert 'analyzer.css?v=abc" integrity="sha384-BBB"' in html
    assert 'data-worker-integrity="sha384-CCC"' in html
    assert "<script>" not in html  # no inline script: the CSP allows none
    assert "21 MB" in html and "6 MB of it is a ready-started copy of the engine" in html
    assert "\n\n" not in html
