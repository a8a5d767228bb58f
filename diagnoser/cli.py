"""``merlin-diagnose``: the engine for terminals and scripts.

    kubectl describe pod churn-model-3-predictor-0 | merlin-diagnose
    merlin-diagnose history.txt --format json        (--json is the same)
    merlin-diagnose history.txt --format markdown    (what the page's "Copy as Markdown" gives)
    merlin-diagnose history.txt --redact             (the paste with names and secrets replaced)
    merlin-diagnose history.txt --redact --format markdown   (a report of the redacted paste)

Text and Markdown output never carry the paste's terminal controls (ESC, BEL, BS, C1 such as
U+009B): a crafted log cannot move the cursor or retitle the terminal; JSON escapes them.

Exit codes: 0 when the analysis completed (whether or not a known error was found; an
empty file or pipe completes with "the input is empty"), 2 for usage errors (unreadable
file, a directory, nothing piped in on a terminal), 1 for an internal error, which is
reported as a one-line message asking for a bug report rather than a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import os
import re
import sys
from collections import deque
from typing import Any, BinaryIO, TextIO

from diagnoser import __version__
from diagnoser.catalog import CatalogError
from diagnoser.engine import diagnose
from diagnoser.markdown import to_markdown
from diagnoser.redact import Redaction, redact
from diagnoser.report import Report, to_text

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
DOCS_URL_ENV = "MERLIN_TROUBLESHOOTING_URL"
# Reading more than this from a file or pipe would only be cut by the engine anyway.
MAX_READ_BYTES = 256 * 1024 * 1024
READ_CHUNK = 1024 * 1024
FORMATS = ("text", "json", "markdown")
# What a terminal would act on: ANSI escape sequences, then any other C0 control (but tab and
# newline), DEL and C1 controls (U+0080-U+009F; U+009B is an 8-bit CSI).
_ANSI = re.compile(
    r"\x1b\[[0-9;?]{0,40}[ -/]{0,5}[@-~]|\x1b\][^\x07\x1b\n]{0,400}(?:\x07|\x1b\\)?|\x1b[@-_]?"
)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_C1 = re.compile("[\x80-\x9f]")


class _VersionAction(argparse.Action):
    """``--version``: the engine, catalog and runtime versions (``diagnoser.versions``), computed
    only when asked (hashing the catalog means compiling it)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        from diagnoser.versions import versions

        print(f"{parser.prog} {__version__} ({versions().describe()})")  # stdout, like argparse's own
        parser.exit()


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
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="report format: text (default, readable), json, or markdown (for sharing)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the report as JSON (same as --format json)"
    )
    parser.add_argument(
        "--redact",
        action="store_true",
        help=(
            "replace names, addresses, paths and secrets with placeholders: print the redacted text, "
            "or with --format/--json, the report of the redacted text"
        ),
    )
    parser.add_argument(
        "--docs-url",
        default=os.environ.get(DOCS_URL_ENV, ""),
        help=f"base URL of the troubleshooting site, for links (default: ${DOCS_URL_ENV})",
    )
    parser.add_argument("--no-color", action="store_true", help="never colour the output")
    parser.add_argument(
        "--version", action=_VersionAction, help="print the engine, catalog and runtime versions"
    )
    return parser


def main(argv: list[str] | None = None, stdin: BinaryIO | None = None, stdout: TextIO | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 with a usage message on bad arguments
    if args.json and args.format not in (None, "json"):
        parser.error(f"--json and --format {args.format} disagree; give one of them")
    report_format = "json" if args.json else args.format
    stdout = _tolerant(stdout or sys.stdout)
    data, lines_before, notes = _read_input(args.file, stdin, parser)
    redaction: Redaction | None = None
    if args.redact:
        redaction = redact(data)
        if report_format is None:  # --redact alone: the redacted text itself
            return _write(stdout, _terminal_safe(redaction.text))
        data = redaction.text
    try:
        report = _diagnose(data, lines_before, notes)
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
    base = args.docs_url.rstrip("/") + "/" if args.docs_url else ""
    if report_format == "json":
        # C1 characters are valid raw in JSON strings but act on terminals: write them escaped
        output = _C1.sub(lambda m: f"\\u{ord(m.group(0)):04x}", report.to_json()) + "\n"
    elif report_format == "markdown":
        output = to_markdown(_safe_report(report), base_url=base, redaction=redaction)
    else:
        output = to_text(_safe_report(report), color=_use_color(stdout, args.no_color), base_url=base)
    return _write(stdout, output)


def _write(stdout: TextIO, output: str) -> int:
    try:
        stdout.write(output)
        stdout.flush()
    except BrokenPipeError:  # `merlin-diagnose x | head`: the reader has what it wanted
        sys.stderr.close()
    return EXIT_OK


def _diagnose(data: bytes | str, lines_before: int, notes: list[str]) -> Report:
    """The engine's report, with the reader's notes (a cut line) in it.

    ``diagnose(notes=...)`` puts them with the engine's own notes; an engine without that
    keyword gets them appended to the report's notes afterwards.
    """
    if not notes:
        return diagnose(data, lines_before=lines_before)
    if "notes" in inspect.signature(diagnose).parameters:
        return diagnose(data, lines_before=lines_before, notes=notes)
    report = diagnose(data, lines_before=lines_before)
    report.input.notes = [*notes, *report.input.notes]
    return report


def _terminal_safe(text: str) -> str:
    """Pasted text with nothing a terminal acts on: escape sequences and control characters go."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    return _CONTROLS.sub("", text) if _CONTROLS.search(text) else text


def _safe_report(report: Report) -> Any:
    """A copy of the report whose every string is terminal-safe (the renderers add their own colour).

    Walks the report's own fixed structure (dataclasses, lists, dicts a few levels deep), not
    anything shaped by the input, so whatever fields the engine adds are cleaned too.
    """

    def clean(value: Any, depth: int = 0) -> Any:
        if isinstance(value, str):
            return _terminal_safe(value)
        if depth > 6:
            return value
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {f.name: clean(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value)}
            return dataclasses.replace(value, **changes)
        if isinstance(value, list):
            return [clean(item, depth + 1) for item in value]
        if isinstance(value, tuple):
            return tuple(clean(item, depth + 1) for item in value)
        if isinstance(value, dict):
            return {key: clean(item, depth + 1) for key, item in value.items()}
        return value

    return clean(report)


def _tolerant(stream: TextIO) -> TextIO:
    """stdout that replaces what its encoding cannot show (box-drawing tables on a Windows
    code page) instead of failing with UnicodeEncodeError."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
    return stream


def _read_input(
    name: str, stdin: BinaryIO | None, parser: argparse.ArgumentParser
) -> tuple[bytes, int, list[str]]:
    """The input's bytes (its end, when huge), how many lines came before them, notes on the cut."""
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


def _read_tail(stream: BinaryIO) -> tuple[bytes, int, list[str]]:
    """Read a file or pipe, keeping only its last MAX_READ_BYTES from a line start.

    The failure is at the end of a log. The lines dropped are counted, so evidence line
    numbers still count from the top of the whole input. A single line longer than that is
    cut inside (at a character boundary), and the report says so.
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
    notes: list[str] = []
    if dropped or len(data) > MAX_READ_BYTES:
        cut = max(0, len(data) - MAX_READ_BYTES)
        newline = data.find(b"\n", cut)  # start at a whole line
        if newline != -1 and newline + 1 < len(data):
            cut = newline + 1
        else:  # one line longer than the limit: cut inside it, at a UTF-8 character start
            while cut < len(data) and 0x80 <= data[cut] < 0xC0:
                cut += 1
            line = skipped_lines + data.count(b"\n", 0, cut) + 1
            notes.append(
                f"Line {line} of the input is longer than "
                f"{MAX_READ_BYTES >> 20} MB; only its last {MAX_READ_BYTES >> 20} MB were analysed."
            )
        skipped_lines += data.count(b"\n", 0, cut)
        data = data[cut:]
        print(
            f"merlin-diagnose: input over {MAX_READ_BYTES >> 20} MB; analysing its end, from line "
            f"{skipped_lines + 1}",
            file=sys.stderr,
        )
    return data, skipped_lines, notes


def _use_color(stream: TextIO, disabled: bool) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if disabled or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


if __name__ == "__main__":
    raise SystemExit(main())
