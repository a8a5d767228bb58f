"""The analyzer widget's HTML, inserted where a page has ``<!-- merlin:analyzer -->``.

Only static markup and URLs go in here; everything the user pastes is rendered later by
``analyzer.js`` with ``textContent``. The URLs are relative to the page (the site has no
fixed ``site_url``: intranets host it under varying paths), and carry a build id as a
query string so a browser never mixes a cached old worker or lock with a new build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from merlin_troubleshooting import SITE_ASSETS_DIR, SITE_LOCK_NAME, SITE_RUNTIME_DIR

MARKER = re.compile(r"<!--\s*merlin:analyzer\s*-->")
CLI_NAME = "merlin-diagnose"


@dataclass(frozen=True)
class WidgetUrls:
    """Everything the browser side needs, relative to the page that shows the widget."""

    root: str  # the site root, e.g. "../../"
    assets: str  # folder of analyzer.js / .css / worker
    pyodide: str  # Pyodide distribution folder (self-hosted or a configured URL), ends with "/"
    lock: str  # the site's pyodide-lock.json (lists the diagnoser wheel)
    build: str  # changes whenever the wheel does


def widget_urls(root: str, pyodide_option: str, build: str) -> WidgetUrls:
    root = root if root.endswith("/") else root + "/"
    assets = f"{root}{SITE_ASSETS_DIR}/"
    pyodide = f"{root}{SITE_RUNTIME_DIR}/" if pyodide_option == "self-hosted" else pyodide_option
    return WidgetUrls(
        root=root, assets=assets, pyodide=pyodide, lock=f"{assets}{SITE_LOCK_NAME}?v={build}", build=build
    )


def render_widget(urls: WidgetUrls) -> str:
    """The form, status line and result area; no blank lines, so Markdown keeps it as one raw block."""
    a = {k: escape(v, quote=True) for k, v in vars(urls).items()}
    return "\n".join(
        [
            f'<div class="merlin-analyzer" data-root="{a["root"]}" data-pyodide="{a["pyodide"]}" '
            f'data-lock="{a["lock"]}" data-worker="{a["assets"]}analyzer-worker.mjs?v={a["build"]}" '
            f'data-cli="{CLI_NAME}">',
            f'<link rel="stylesheet" href="{a["assets"]}analyzer.css?v={a["build"]}">',
            '<form class="merlin-analyzer__form" novalidate>',
            '<label class="merlin-analyzer__label" for="merlin-analyzer-input">'
            "Paste a History error message, "
            "Logs tab output or <code>kubectl describe pod</code> output</label>",
            '<textarea id="merlin-analyzer-input" class="merlin-analyzer__input" rows="10" '
            'spellcheck="false" wrap="off" '
            'autocomplete="off" autocapitalize="off" aria-describedby="merlin-analyzer-privacy"></textarea>',
            '<div class="merlin-analyzer__drop" data-drop-zone>',
            "<span>Or drop a log file here, or</span>",
            '<label class="merlin-analyzer__file md-button">Choose a file'
            '<input type="file" class="merlin-analyzer__file-input" '
            'accept=".txt,.log,.json,.yaml,.yml,text/*"></label>',
            "</div>",
            '<div class="merlin-analyzer__actions">',
            '<button type="submit" class="md-button md-button--primary merlin-analyzer__submit">'
            "Analyze</button>",
            '<span class="merlin-analyzer__hint">Ctrl+Enter (⌘+Enter) analyzes from the text box.</span>',
            "</div>",
            '<p id="merlin-analyzer-privacy" class="merlin-analyzer__privacy">The analyzer runs entirely in '
            "your browser: what you paste is never sent anywhere. The first analysis downloads its runtime "
            "from this site once (13 MB, about 6 MB if the server compresses it).</p>",
            '<p class="merlin-analyzer__status" role="status" aria-live="polite"></p>',
            "</form>",
            '<section class="merlin-analyzer__results" aria-label="Analysis result" hidden></section>',
            "<noscript><p>The analyzer needs JavaScript. The known errors below describe every error it "
            f"recognises; the CLI <code>{CLI_NAME}</code> runs the same analysis offline.</p></noscript>",
            f'<script src="{a["assets"]}analyzer.js?v={a["build"]}" async></script>',
            "</div>",
        ]
    )


def render_disabled() -> str:
    """What the marker becomes with ``enabled: false``: a note, the docs still work."""
    return (
        '!!! note "The in-browser analyzer is turned off on this site"\n\n'
        "    Find your error in the known errors below by its message, or run the same analysis "
        f"locally with the CLI: `{CLI_NAME} < error.txt`.\n"
    )


def replace_marker(markdown: str, html: str) -> str:
    return MARKER.sub(lambda _match: html, markdown)
