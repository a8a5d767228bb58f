"""``merlin-diagnose``: the engine for terminals and scripts.

    kubectl describe pod churn-model-3-predictor-0 | merlin-diagnose
    merlin-diagnose history.txt --json

Exit codes: 0 when the analysis completed (whether or not a known error was found),
2 for usage errors (unreadable file, no input), 1 for an internal error, which is
reported as a one-line message asking for a bug report rather than a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
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
    stdout = stdout or sys.stdout
    data = _read_input(args.file, stdin, parser)
    try:
        report = diagnose(data)
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
        stdout.write(report.to_json() + "\n")
    else:
        base = args.docs_url.rstrip("/") + "/" if args.docs_url else ""
        stdout.write(to_text(report, color=_use_color(stdout, args.no_color), base_url=base))
    return EXIT_OK


def _read_input(name: str, stdin: BinaryIO | None, parser: argparse.ArgumentParser) -> bytes:
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
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_READ_BYTES:  # a regular file: jump to its last MAX_READ_BYTES
                handle.seek(size - MAX_READ_BYTES)
                _say_cut()
            return handle.read() if size else _read_tail(handle)  # size 0: maybe a FIFO
    except OSError as error:
        parser.error(f"cannot read {name}: {error.strerror or error}")
    raise AssertionError("unreachable")  # parser.error exits


def _read_tail(stream: BinaryIO) -> bytes:
    """Read a pipe, keeping only its last MAX_READ_BYTES: failures are at the end of logs."""
    chunks: list[bytes] = []
    kept = 0
    dropped = False
    while chunk := stream.read(1024 * 1024):
        chunks.append(chunk)
        kept += len(chunk)
        while kept - len(chunks[0]) >= MAX_READ_BYTES:
            kept -= len(chunks.pop(0))
            dropped = True
    data = b"".join(chunks)
    if len(data) > MAX_READ_BYTES:
        data = data[-MAX_READ_BYTES:]
        dropped = True
    if dropped:
        _say_cut()
    return data


def _say_cut() -> None:
    print(f"merlin-diagnose: input over {MAX_READ_BYTES >> 20} MB; reading only its end", file=sys.stderr)


def _use_color(stream: TextIO, disabled: bool) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if disabled or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


if __name__ == "__main__":
    raise SystemExit(main())
