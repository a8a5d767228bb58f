"""``merlin-troubleshooting``: the project's build commands, with no MkDocs needed.

``build-analyzer OUT/`` writes the standalone analyzer (``standalone.build_analyzer``).
Problems a user can fix (no runtime, no Node, an invalid catalog) are one line on stderr
and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from diagnoser.catalog import CatalogError
from merlin_troubleshooting.options import check_pyodide_source, check_report_url
from merlin_troubleshooting.precompile import PrecompileProblem
from merlin_troubleshooting.runtime import RuntimeProblem


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="merlin-troubleshooting", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build-analyzer",
        help="write the analyzer and the known-error sections into a folder, for any static site",
    )
    build.add_argument("out", type=Path, help="folder to write (created; existing files are overwritten)")
    build.add_argument(
        "--runtime",
        type=Path,
        default=Path("node_modules/pyodide"),
        help="the pinned Pyodide from `npm ci` (default: node_modules/pyodide)",
    )
    build.add_argument(
        "--pyodide",
        default="self-hosted",
        help="'self-hosted' (copy the runtime into OUT, works offline) or a Pyodide folder URL ending in '/'",
    )
    build.add_argument("--catalog", type=Path, default=None, help="folder of known-error YAML files")
    build.add_argument(
        "--base-url",
        default="./",
        help="where OUT will be served, as the snippet's script should name it (default: ./)",
    )
    build.add_argument(
        "--report-url",
        default="",
        help="URL template with {title}/{body} for the 'Open an issue' button of a wrong-answer report "
        "(default: none; the report is only copied)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        pyodide = check_pyodide_source(args.pyodide)
        report_url = check_report_url(args.report_url)
    except ValueError as problem:
        print(f"merlin-troubleshooting: {problem}", file=sys.stderr)
        return 2
    from merlin_troubleshooting.standalone import build_analyzer

    started = time.perf_counter()
    try:
        result = build_analyzer(
            args.out, args.runtime, pyodide, args.catalog, args.base_url, report_url=report_url
        )
    except (CatalogError, RuntimeProblem, PrecompileProblem, FileNotFoundError, ValueError) as problem:
        print(f"merlin-troubleshooting: {problem}", file=sys.stderr)
        return 1
    v = result.versions
    paths = "precompiled stdlib and snapshot" if result.precompiled else "runtime from a URL: plain path only"
    print(
        f"Wrote the analyzer to {result.out} in {time.perf_counter() - started:.1f} s "
        f"(engine {v['engine']}, catalog {v['catalog']}, runtime Pyodide {v['runtime']}; "
        f"{paths}). "
        f"Paste {result.out / 'snippet.html'} into a page."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
