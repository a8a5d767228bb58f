"""``merlin-diagnose``: the engine for terminals and scripts.

    kubectl describe pod churn-model-3-predictor-0 | merlin-diagnose
    merlin-diagnose history.txt --json

Exit codes: 0 when the analysis completed (whether or not a known error was found; an
empty file or pipe completes with "the input is empty"), 2 for usage errors (unreadable
file, a directory, nothing piped in on a terminal), 1 for an internal error, which is
reported as a one-line message asking for a bug report rather than a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import deque
from typing import BinaryIO, TextIO

from diagnoser import __version__
from diagnoser.catalog import CatalogError
from diagnoser.engine import diagnose
from diagnoser.report import to_text

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
DOCS_URL_ENV = "MERLIN_TROUBLESHOOTING_URL"
# Reading more than this from a file or pipe would only be cut by the engine anyway.
MAX_READ_BYTES = 256 * 1024 * 1024
READ_CHUNK = 1024 * 1024


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="merlin-diagnose",
        description=(
            "Find known errors in what a failed Merlin build or deployment printed: the History "
            "tab's error message, Logs tab output, or kubectl describe/events/-o yaml output."
        ),
        epilog="Example: kubectl describe pod my-model-1-predictor-abc | merlin-diagnose",
    )
    parser.add_argument("file", nargs="?", default="-", help="file to analyse; '-' or nothing reads stdin")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--docs-url",
        default=os.environ.get(DOCS_URL_ENV, ""),
        help=f"base URL of the troubleshooting site, for links (default: ${DOCS_URL_ENV})",
    )
    parser.add_argument("--no-color", action="store_true", help="never colour the output")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: list[str] | None = None, stdin: BinaryIO | None = None, stdout: TextIO | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 with a usage message on bad arguments
    stdout = _tolerant(stdout or sys.stdout)
    data, lines_before = _read_input(args.file, stdin, parser)
    try:
        report = diagnose(data, lines_before=lines_before)
    except CatalogError as error:
        print(f"merlin-diagnose: the known-error catalog is invalid: {error}", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as error:  # a bug in the engine: say so plainly, no traceback
        print(
            f"merlin-diagnose: internal error ({type(error).__name__}: {error}). "
            "Please report it with the input that caused it.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    if args.json:
        output = report.to_json() + "\n"
    else:
        base = args.docs_url.rstrip("/") + "/" if args.docs_url else ""
        output = to_text(report, color=_use_color(stdout, args.no_color), base_url=base)
    try:
        stdout.write(output)
        stdout.flush()
    except BrokenPipeError:  # `merlin-diagnose x | head`: the reader has what it wanted
        sys.stderr.close()
    return EXIT_OK


def _tolerant(stream: TextIO) -> TextIO:
    """stdout that replaces what its encoding cannot show (box-drawing tables on a Windows
    code page) instead of failing with UnicodeEncodeError."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
    return stream


def _read_input(name: str, stdin: BinaryIO | None, parser: argparse.ArgumentParser) -> tuple[bytes, int]:
    """The input's bytes (its end, when huge) and how many lines came before them."""
    if name == "-":
        if stdin is None and sys.stdin.isatty():
            parser.error(
                "no input: give a file, or pipe text in (e.g. kubectl describe pod NAME | merlin-diagnose)"
            )
        return _read_tail(stdin or sys.stdin.buffer)
    if os.path.isdir(name):
        parser.error(f"{name} is a directory; give the file holding the pasted text")
    try:
        with open(name, "rb") as handle:
            return _read_tail(handle)
    except OSError as error:
        parser.error(f"cannot read {name}: {error.strerror or error}")
    raise AssertionError("unreachable")  # parser.error exits


def _read_tail(stream: BinaryIO) -> tuple[bytes, int]:
    """Read a file or pipe, keeping only its last MAX_READ_BYTES from a line start.

    The failure is at the end of a log. The lines dropped are counted, so evidence line
    numbers still count from the top of the whole input.
    """
    chunks: deque[bytes] = deque()
    kept = skipped_lines = 0
    dropped = False
    while chunk := stream.read(READ_CHUNK):
        chunks.append(chunk)
        kept += len(chunk)
        while kept - len(chunks[0]) >= MAX_READ_BYTES:
            first = chunks.popleft()
            kept -= len(first)
            skipped_lines += first.count(b"\n")
            dropped = True
    data = b"".join(chunks)
    if dropped or len(data) > MAX_READ_BYTES:
        cut = max(0, len(data) - MAX_READ_BYTES)
        newline = data.find(b"\n", cut)  # start at a whole line
        cut = newline + 1 if newline != -1 else cut
        skipped_lines += data.count(b"\n", 0, cut)
        data = data[cut:]
        print(
            f"merlin-diagnose: input over {MAX_READ_BYTES >> 20} MB; analysing its end, from line "
            f"{skipped_lines + 1}",
            file=sys.stderr,
        )
    return data, skipped_lines


def _use_color(stream: TextIO, disabled: bool) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if disabled or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


if __name__ == "__main__":
    raise SystemExit(main())
