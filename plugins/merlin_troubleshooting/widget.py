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
from merlin_troubleshooting.integrity import BootManifest

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


def download_note(boot: BootManifest | None, download_bytes: int) -> str:
    """The download budget, stated before anything is fetched (the snapshot path is the largest)."""
    if not download_bytes:
        return "from this site once (13 MB, about 6 MB if the server compresses it)"
    size = f"{download_bytes / 1e6:.0f} MB"
    if boot is not None and boot.snapshot is not None:
        snap = boot.snapshot.download / 1e6
        return (
            f"from this site once ({size}; {snap:.0f} MB of it is a ready-started copy of the engine "
            "that makes the first result come sooner)"
        )
    return f"from this site once ({size}, less if the server compresses it)"


def _integrity_attrs(boot: BootManifest | None, name: str) -> str:
    value = boot.sri.get(name) if boot is not None else None
    return f' integrity="{escape(value, quote=True)}"' if value else ""


def render_widget(
    urls: WidgetUrls, boot: BootManifest | None = None, download_bytes: int = 0, report_url: str = ""
) -> str:
    """The form, status line and result area; no blank lines, so Markdown keeps it as one raw block.

    With ``boot`` the markup carries every hash the worker checks (``data-integrity``, also
    in the worker URL's ``#boot=`` fragment so the worker finds it whatever the page passes)
    and Subresource Integrity on the stylesheet and the script. A ``report_url`` template
    (the plugin option) becomes ``data-report-url``: the page then offers "Open an issue".
    """
    a = {k: escape(v, quote=True) for k, v in vars(urls).items()}
    worker = f"{a['assets']}analyzer-worker.mjs?v={a['build']}"
    integrity = ""
    if boot is not None:
        worker += f"#boot={boot.fragment()}"
        integrity = f' data-integrity="{escape(boot.to_json(), quote=True)}"'
        if "analyzer-worker.mjs" in boot.sri:
            integrity += f' data-worker-integrity="{escape(boot.sri["analyzer-worker.mjs"], quote=True)}"'
    report = f' data-report-url="{escape(report_url, quote=True)}"' if report_url else ""
    return "\n".join(
        [
            f'<div class="merlin-analyzer" data-root="{a["root"]}" data-pyodide="{a["pyodide"]}" '
            f'data-lock="{a["lock"]}" data-worker="{worker}"{integrity}{report} '
            f'data-cli="{CLI_NAME}">',
            f'<link rel="stylesheet" href="{a["assets"]}analyzer.css?v={a["build"]}"'
            f"{_integrity_attrs(boot, 'analyzer.css')}>",
            # Hidden until analyzer.js runs: without JavaScript the form could only reload the page.
            '<form class="merlin-analyzer__form" novalidate hidden>',
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
            f"{escape(download_note(boot, download_bytes))}.</p>",
            '<p class="merlin-analyzer__status" role="status" aria-live="polite"></p>',
            "</form>",
            '<section class="merlin-analyzer__results" aria-label="Analysis result" hidden></section>',
            "<noscript><p>The analyzer needs JavaScript, which is turned off in this browser, so it "
            "cannot run here. Every error it recognises is described, with its fix, on "
            f'<a href="{a["root"]}deploying-a-model/troubleshooting-deployment-errors/">Troubleshooting '
            f"Deployment Errors</a>; the CLI <code>{CLI_NAME}</code> runs the same analysis offline.</p>"
            "</noscript>",
            f'<script src="{a["assets"]}analyzer.js?v={a["build"]}"{_integrity_attrs(boot, "analyzer.js")} '
            "async></script>",
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
