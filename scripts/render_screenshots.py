#!/usr/bin/env python3
"""Render the documentation screenshots into ``images/``.

Two kinds of screenshots:

* UI views (default): HTML pages in the style of the Merlin console, built from the
  plain-Python templates in ``scripts/screenshot_views/`` with made-up example data,
  rendered offline (no network, no web fonts) in headless Chromium.
* The analyzer on the built site (``--site site/ --analyzer``): serves the built MkDocs
  site on 127.0.0.1, pastes an example into the analyzer on the troubleshooting page,
  waits for the result and captures the analyzer area as ``analyzer-result.png``.

Output is deterministic: fixed 960x800 viewport, device scale factor 2 (sharp on the
site's ~700 px column and on phones), animations off, local fonts only. Each UI view is
cropped to the part the docs talk about (``screenshot_views.CROPS``).

Usage::

    python scripts/render_screenshots.py                 # all UI views
    python scripts/render_screenshots.py --only history-crashloopbackoff.png
    mkdocs build && python scripts/render_screenshots.py --site site/ --analyzer

Needs ``pip install playwright`` and a Chromium: Debian's by default (override with
--chromium or $CHROMIUM_PATH). Never runs ``playwright install``.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from localsite import CHROMIUM_ARGS, ChromiumNotFound, find_chromium, serving  # noqa: E402
from screenshot_views import CROPS, VIEWS  # noqa: E402

VIEWPORT = {"width": 960, "height": 800}
SCALE = 2  # device pixels per CSS pixel: the PNGs are twice the size they are shown at
CROP_MARGIN = 8  # CSS pixels around the cropped part
# The shared flags, plus what makes the pixels repeatable from one run to the next.
SCREENSHOT_ARGS = [
    *CHROMIUM_ARGS,
    "--font-render-hinting=none",
    "--force-color-profile=srgb",
    "--hide-scrollbars",
]
TROUBLESHOOTING_PAGE = "deploying-a-model/troubleshooting-deployment-errors/"
ANALYZER_EXAMPLE = "history-oomkilled-image-build"  # which made-up error text to paste
ANALYZER_TIMEOUT_MS = 120_000  # first run loads Pyodide (several MB) from the local site


class ScreenshotError(RuntimeError):
    """A clear, user-facing reason why a screenshot could not be taken."""


@contextmanager
def browser(chromium: str):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ScreenshotError("Playwright is not installed: pip install playwright") from None
    try:
        executable = find_chromium(chromium)
    except ChromiumNotFound as problem:
        raise ScreenshotError(str(problem)) from None
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, headless=True, args=SCREENSHOT_ARGS)
        try:
            yield b
        finally:
            b.close()


def new_page(b, *, offline: bool):
    context = b.new_context(
        viewport=VIEWPORT,
        device_scale_factor=SCALE,
        color_scheme="light",
        reduced_motion="reduce",
        locale="en-US",
        timezone_id="UTC",
    )
    if offline:
        # The UI views are self-contained; any request would be a bug (or a web font).
        context.route("**/*", lambda route: route.abort())
    return context.new_page()


def crop_box(page, selectors: tuple[str, ...]) -> dict[str, float]:
    """The union of the page boxes of ``selectors`` (first match each), plus ``CROP_MARGIN``."""
    boxes = []
    for selector in selectors:
        found = page.locator(selector).first
        if found.count() == 0:
            raise ScreenshotError(f"crop selector {selector!r} matches nothing in the view")
        boxes.append(
            found.evaluate(
                """(el) => { const r = el.getBoundingClientRect();
                return [r.left + scrollX, r.top + scrollY, r.right + scrollX, r.bottom + scrollY]; }"""
            )
        )
    left = max(0, min(b[0] for b in boxes) - CROP_MARGIN)
    top = max(0, min(b[1] for b in boxes) - CROP_MARGIN)
    right = max(b[2] for b in boxes) + CROP_MARGIN
    bottom = max(b[3] for b in boxes) + CROP_MARGIN
    return {"x": left, "y": top, "width": round(right - left), "height": round(bottom - top)}


def render_views(b, out_dir: Path, only: list[str] | None) -> list[Path]:
    names = only or list(VIEWS)
    unknown = [n for n in names if n not in VIEWS]
    if unknown:
        raise ScreenshotError(f"unknown view(s) {unknown}; known: {sorted(VIEWS)}")
    written = []
    for name in names:
        page = new_page(b, offline=True)
        page.set_content(VIEWS[name](), wait_until="load")
        page.evaluate("document.fonts.ready")
        path = out_dir / name
        clip = crop_box(page, CROPS.get(name, ("body",)))
        page.screenshot(path=str(path), full_page=True, clip=clip, animations="disabled", caret="hide")
        page.context.close()
        written.append(path)
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return written


# ---------------------------------------------------------------------------------------
# Screenshots of the built site
# ---------------------------------------------------------------------------------------


def check_site(site_dir: Path) -> None:
    page = site_dir / TROUBLESHOOTING_PAGE / "index.html"
    if not site_dir.is_dir() or not page.is_file():
        raise ScreenshotError(
            f"the site is not built: {page} does not exist. Run `mkdocs build` first "
            f"(or pass the right folder with --site)."
        )
    if "merlin:analyzer" in page.read_text(encoding="utf-8"):
        raise ScreenshotError(
            f"{page} still contains the raw analyzer marker: the merlin-troubleshooting plugin "
            "did not run (is it installed and enabled in mkdocs.yml?)."
        )


# Listens for the analyzer's completion signal before any page script runs.
_RESULT_LISTENER = """
window.__shotResult = null;
document.addEventListener('merlin-analyzer:result', (e) => { window.__shotResult = e.detail || true; });
"""
_DONE = "() => window.__shotResult !== null"


def render_analyzer(b, site_dir: Path, out_dir: Path, root_selector: str) -> Path:
    from screenshot_views import data

    check_site(site_dir)
    example = {
        "history-oomkilled-image-build": data.OOMKILLED_IMAGE_BUILD,
        "history-crashloopbackoff": data.CRASHLOOPBACKOFF,
        "history-image-not-found": data.IMAGE_NOT_FOUND,
    }[ANALYZER_EXAMPLE]
    with serving(site_dir) as base:
        page = new_page(b, offline=False)
        # Only the local server: an analyzer that reaches out to the internet is a bug here.
        page.context.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(base) else route.abort(),
        )
        page.add_init_script(_RESULT_LISTENER)
        page.goto(base + TROUBLESHOOTING_PAGE, wait_until="load")
        root = page.locator(root_selector).first
        if root.count() == 0:
            raise ScreenshotError(
                f"no analyzer found on {TROUBLESHOOTING_PAGE} (selector {root_selector!r}); "
                "pass --analyzer-selector if the plugin uses another one."
            )
        root.scroll_into_view_if_needed()
        textarea = root.locator("textarea").first
        if textarea.count() == 0:
            raise ScreenshotError(f"the analyzer ({root_selector!r}) has no <textarea> to paste into")
        textarea.fill(example)
        button = root.get_by_role("button", name="Analy", exact=False).first
        if button.count():
            button.click()
        else:  # no visible button: fall back to the keyboard shortcut
            textarea.press("Control+Enter")
        try:
            page.wait_for_function(_DONE, timeout=ANALYZER_TIMEOUT_MS)
        except Exception as error:  # playwright's TimeoutError
            state = page.evaluate("() => window.__merlinAnalyzer && window.__merlinAnalyzer.state")
            raise ScreenshotError(
                f"the analyzer did not finish within {ANALYZER_TIMEOUT_MS // 1000}s "
                f"(window.__merlinAnalyzer.state = {state!r}): {error}"
            ) from None
        page.evaluate("document.fonts.ready")
        # The analyzer moves focus to the results heading (for screen readers); blur it so
        # nothing scrolls while we shoot, and clip a full-page shot to the widget so the
        # theme's sticky header does not cover its top.
        page.evaluate("document.activeElement && document.activeElement.blur()")
        textarea.evaluate("(box) => { box.scrollTop = 0; }")  # show the paste from its first line
        box = page.evaluate(
            """(el) => { const r = el.getBoundingClientRect();
            return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height }; }""",
            root.element_handle(),
        )
        box = finding_crop(page, box)
        path = out_dir / "analyzer-result.png"
        page.screenshot(path=str(path), full_page=True, clip=box, animations="disabled", caret="hide")
        page.context.close()
    print(f"wrote {path}")
    return path


# The part of the analyzer's result that matters: the first finding, from its title to the
# end of its evidence (the steps below are long and are the same text as the docs).
FINDING = ".merlin-analyzer__finding"
FINDING_END = ".merlin-analyzer__evidence"


def finding_crop(page, widget: dict[str, float]) -> dict[str, float]:
    """Crop box of the first finding's head and evidence; the whole widget if the markup differs."""
    finding = page.locator(FINDING).first
    end = finding.locator(FINDING_END).first
    if finding.count() == 0 or end.count() == 0:
        return widget
    top_box = finding.bounding_box()
    end_box = end.bounding_box()
    scroll_y = page.evaluate("scrollY")
    top = top_box["y"] + scroll_y - CROP_MARGIN
    bottom = end_box["y"] + end_box["height"] + scroll_y + 2 * CROP_MARGIN
    return {
        "x": max(0, top_box["x"] - CROP_MARGIN),
        "y": max(0, top),
        "width": round(top_box["width"] + 2 * CROP_MARGIN),
        "height": round(bottom - top),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "images", help="output folder (default: images/)")
    parser.add_argument(
        "--only", action="append", metavar="NAME.png", help="render only this view (repeatable)"
    )
    parser.add_argument("--list", action="store_true", help="list the UI views and exit")
    parser.add_argument("--site", type=Path, help="built MkDocs site folder (for --analyzer)")
    parser.add_argument("--analyzer", action="store_true", help="screenshot the analyzer on the built site")
    parser.add_argument(
        "--analyzer-selector",
        default="[data-merlin-analyzer], .merlin-analyzer, #merlin-analyzer",
        help="CSS selector of the analyzer's root element on the page",
    )
    parser.add_argument("--chromium", help="Chromium binary (default: $CHROMIUM_PATH, then Debian's)")
    args = parser.parse_args(argv)

    if args.list:
        print("\n".join(VIEWS))
        return 0
    if args.analyzer and not args.site:
        parser.error("--analyzer needs --site (the built site, e.g. site/)")
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        with browser(args.chromium) as b:
            if args.analyzer:
                render_analyzer(b, args.site.resolve(), args.out, args.analyzer_selector)
            else:
                render_views(b, args.out, args.only)
    except ScreenshotError as error:
        print(f"render_screenshots: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
