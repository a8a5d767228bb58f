"""Extra views of the paste's text for message matching: decoded escapes and joined wraps.

The same error reaches users in many wrappers. Inside an API error body or a JSON log it
is JSON-escaped (``\\"``, ``\\n``, ``\\u003c``), sometimes twice; in Go ``%q`` output it is
quoted; in a link's query it is URL-encoded (``%3A``, ``+``); copied from a terminal it is
cut at the terminal's width, mid-word. The message signals are matched on the paste's own
lines and on these views, so a message written once in the catalog is found in all of them.
Every line of a view comes from one paste line, which stays the evidence line. Work is
linear: lines are found with ``str.find``, decoded with one ``re.sub`` each, and the views
are capped in size.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from heapq import merge
from urllib.parse import unquote

from diagnoser.model import TextView, in_spans
from diagnoser.normalise import (
    RECORD_LINE_JOINER,
    RECORD_START,
    Document,
    record_line,
    starts_of_lines_holding,
)

MAX_VIEW_CHARS = 8 * 1024 * 1024
MAX_JOINED_LINES = 64  # a 4 KB termination message is 52 lines of an 80-column terminal
MAX_WORD_WRAP_CHARS = 64 * 1024  # word-wrapped prose is a short paste (a box, a form): look no further
MAX_PARAGRAPH_LINES = 8
MIN_PARAGRAPH_WIDTH = 40

_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|([\"\\/'bfnrt]))")
_SIMPLE = {'"': '"', "\\": "\\", "/": "/", "'": "'", "b": "", "f": "", "n": "\n", "r": "", "t": " "}


def build_view(doc: Document, claimed: list[tuple[int, int]] | None = None) -> TextView | None:
    """The views of the lines not read as structure (``claimed``: sorted line ranges). The
    matcher never takes a free-text hit on a claimed line, so their views would only be
    built and scanned for nothing (a 1 MB JSON array is 1 MB of joined lines otherwise)."""
    skip = in_spans(claimed or [])
    pieces = decoded_lines(doc, skip) + joined_wraps(doc, skip) + joined_word_wraps(doc, skip)
    pieces += python_literal_runs(doc, skip) + url_decoded_lines(doc, skip) + record_message_lines(doc, skip)
    pieces += folded_quoted_scalars(doc, skip) + continued_exceptions(doc, skip)
    return TextView.build(pieces + last_tab_fields(doc, skip))


def _never(_line: int) -> bool:
    return False


def decode_escapes(text: str) -> str:
    """JSON / Go escapes decoded; applied twice for doubly escaped text (``\\\\\\"``)."""
    for _ in range(2):
        if "\\" not in text:
            break
        text = _decode_once(text)
    return text


_HOLD = "\ue000"  # a private-use character standing in for an escaped backslash
_SIMPLE_PAIRS = tuple(("\\" + key, value) for key, value in _SIMPLE.items() if key != "\\")


def _decode_once(text: str) -> str:
    """One level of escapes. Without ``\\u`` escapes the decoding is a few ``str.replace``
    calls (C speed; the escaped backslash held aside first, so ``\\\\n`` stays a backslash and
    an n), which is what a YAML or JSON value full of ``\\"`` needs; else the regex."""
    if "\\u" in text or _HOLD in text:
        return _ESCAPE.sub(_replace, text)
    text = text.replace("\\\\", _HOLD)
    for escaped, plain in _SIMPLE_PAIRS:
        if escaped in text:
            text = text.replace(escaped, plain)
    return text.replace(_HOLD, "\\")


def _replace(match: re.Match[str]) -> str:
    code = match.group(1)
    if code is not None:
        char = chr(int(code, 16))
        return char if char.isprintable() or char == "\n" else " "
    return _SIMPLE[match.group(2)]


def rewritten_lines(
    doc: Document, marker: str, rewrite: Callable[[int], str | None], skip: Callable[[int], bool] = _never
) -> list[tuple[int, str]]:
    """(paste line, text) for the lines holding ``marker`` that ``rewrite`` reads another way
    (it returns None for a line it leaves alone), the rewritten text split at newlines. The
    one walk every line view shares: each marked line is visited once, and the view stops at
    ``MAX_VIEW_CHARS``."""
    pieces: list[tuple[int, str]] = []
    total = 0
    for start in starts_of_lines_holding(doc.text, marker):
        if total >= MAX_VIEW_CHARS:
            break
        line = doc.line_of(start)
        if skip(line):
            continue
        rewritten = rewrite(line)
        if rewritten is None:
            continue
        for part in rewritten.split("\n"):
            if part.strip():
                pieces.append((line, part))
                total += len(part) + 1
    return pieces


def decoded_lines(doc: Document, skip: Callable[[int], bool] = _never) -> list[tuple[int, str]]:
    """(paste line, decoded text) for every line holding an escape; embedded newlines split."""

    def decoded(line: int) -> str | None:
        raw = doc.line(line)
        text = decode_escapes(raw)
        return text if text != raw else None

    return rewritten_lines(doc, "\\", decoded, skip)


def record_message_lines(doc: Document, skip: Callable[[int], bool] = _never) -> list[tuple[int, str]]:
    """(paste line, text) of each line of a record's message that ``normalise`` joined onto
    the record's line (a JSON record, a CSV row's JSON cell), so a signal written for a line
    start (``KeyError: ...`` ending a traceback) reads the record's lines as the program
    printed them. Only lines ``normalise`` rewrote from a record whose text held escaped
    newlines are split: a log's own " | " (a shell pipe, a table) is left alone."""

    def split_record(line: int) -> str | None:
        text = doc.line(line)
        original = doc.original_line(line)
        if text == original or "\\n" not in original:
            return None
        return text.replace(RECORD_LINE_JOINER, "\n")

    return rewritten_lines(doc, RECORD_LINE_JOINER, split_record, skip)


# A percent escape of a URL's query (``%28``, ``%3A``, ``%0A``); a line needs a few of them to
# be read as an encoded text, not a log's "45%" or a printf format.
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
MIN_PERCENT_ESCAPES = 3
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def url_decoded_lines(doc: Document, skip: Callable[[int], bool] = _never) -> list[tuple[int, str]]:
    """(paste line, decoded text) for every line holding URL-encoded text: an incident or
    search link whose query carries the error (``desc=error+deploying+...%3A+timeout``),
    alone on its line or after other words (a chat message, a list item); embedded newlines split."""

    def decoded(line: int) -> str | None:
        raw = doc.line(line)
        if len(_PERCENT_ESCAPE.findall(raw)) < MIN_PERCENT_ESCAPES:
            return None
        return _CONTROL_CHARACTERS.sub(" ", url_decode(raw))

    return rewritten_lines(doc, "%", decoded, skip)


def url_decode(text: str) -> str:
    """Percent escapes decoded; ``+`` is a space only in form-encoded words (a link's query,
    a form body: words holding ``=``), as ``application/x-www-form-urlencoded`` writes it,
    so a link is read the same wherever it sits on its line, and a path's "+" stays one."""
    if "+" in text and "=" in text:
        text = " ".join([word.replace("+", " ") if "=" in word else word for word in text.split(" ")])
    return unquote(text)


# Where Python continues a string on the next line: a literal ends the line and another starts
# the next (``pprint`` and ``repr`` of an SDK object split a long value into adjacent literals).
# One pattern per closing quote: a pattern that starts with one literal character is searched
# at C speed (a class of two made the search four times slower on a 10 MB log).
_LITERAL_JUNCTIONS = (
    re.compile(r"'[ \t]{0,4}\n[ \t]{1,80}['\"]"),
    re.compile(r"\"[ \t]{0,4}\n[ \t]{1,80}['\"]"),
)
# One line of such a run: an optional ``'key': `` then one literal, and what may close it.
_LITERAL_LINE = re.compile(
    # Up to three openers, then up to three keys (a nested dict's ``{'endpoint': {'message': ``),
    # each key starting with its quote, so no two repetitions can read the same text.
    r"[ \t]{0,80}(?:[{\[(][ \t]{0,4}){0,3}"
    r"(?P<key>(?:(?:'[\w.-]{1,60}'|\"[\w.-]{1,60}\")[ \t]{0,2}:[ \t]{0,4}(?:[{\[(][ \t]{0,4}){0,2}){1,3})?"
    r"(?:'(?P<single>(?:[^'\\\n]|\\.){0,4000})'|\"(?P<double>(?:[^\"\\\n]|\\.){0,4000})\")"
    r"[ \t]{0,4}(?P<close>[,})\]]{0,3})[ \t]*$"
)
MAX_LITERAL_RUN_LINES = 400


def python_literal_runs(doc: Document, skip: Callable[[int], bool] = _never) -> list[tuple[int, str]]:
    """(paste line, text) of Python's adjacent string literals joined and unescaped: a
    pprint'ed endpoint's ``'message': 'error ... timeout waiting '`` / ``'inference service to
    be ready\\n'`` becomes the message's own lines, each kept on the line it starts on.

    Runs are found from their junctions (a quote ending one line, a quote starting the
    next) with one regex search, and each line is read once."""
    pieces: list[tuple[int, str]] = []
    total = 0
    done_to = 0
    junctions = merge(
        *((found.start() for found in pattern.finditer(doc.text)) for pattern in _LITERAL_JUNCTIONS)
    )
    for offset in junctions:
        if total >= MAX_VIEW_CHARS:
            break
        line = doc.line_of(offset)
        if line <= done_to or skip(line):
            continue
        # Back to the run's first line: the literal after a key, or after a line that closed;
        # never into lines an earlier run read, so each line is read at most twice.
        first = line
        floor = max(doc.first_line, done_to + 1)
        while first > floor and line - first < MAX_LITERAL_RUN_LINES:
            above = _LITERAL_LINE.match(doc.line(first - 1))
            if above is None or above.group("close"):
                break
            first -= 1
            if above.group("key"):
                break  # the value's first literal
        parts: list[tuple[int, str]] = []
        current = first
        while current <= doc.last_line and current - first < MAX_LITERAL_RUN_LINES:
            found = _LITERAL_LINE.match(doc.line(current))
            if found is None or (parts and found.group("key")):
                break  # not a literal, or the next key of the dict
            body = found.group("single")
            parts.append((current, body if body is not None else found.group("double")))
            current += 1
            if found.group("close"):
                break
        done_to = current - 1
        if len(parts) < 2:
            continue
        for start_line, text in _split_decoded(parts):
            pieces.append((start_line, text))
            total += len(text) + 1
    return pieces


def _split_decoded(parts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines of the joined, decoded literals, each on the paste line where its text starts."""
    lines: list[tuple[int, str]] = []
    pending: list[str] = []
    start_line: int | None = None
    for line, body in parts:
        for index, chunk in enumerate(decode_escapes(body).split("\n")):
            if index and pending:
                text = "".join(pending)
                if text.strip() and start_line is not None:
                    lines.append((start_line, text))
                pending, start_line = [], None
            if chunk:
                pending.append(chunk)
                start_line = line if start_line is None else start_line
    text = "".join(pending)
    if text.strip() and start_line is not None:
        lines.append((start_line, text))
    return lines


MIN_TAB_FIELD_CHARS = 12


# An exception whose message starts with a line break (``raise ImportError("\\n...")``, numpy's
# "A module that was compiled using NumPy 1.x" and "Importing the numpy C-extensions failed",
# XGBoost's "XGBoost Library (libxgboost.so) could not be loaded"): Python prints the class
# alone on its line ("ImportError: ") and the message on the lines below it.
_BARE_EXCEPTION = re.compile(r"[ \t]{0,8}[A-Za-z_][\w.]{0,200}(?:Error|Exception):")
MAX_BLANKS_IN_CONTINUED_MESSAGE = 2
_FRAME_OR_TRACEBACK = ("File ", "Traceback ", "During handling", "The above exception")


def continued_exception(lines: list[str], index: int) -> str | None:
    """``lines[index]`` joined to the first line of its message, when it is an exception
    class alone on its line ("xgboost.core.XGBoostError: ") and the message follows (after
    at most two blank lines); else None. Looks at no more than three lines after it."""
    head = lines[index].rstrip()
    if not head.endswith(":") or not _BARE_EXCEPTION.fullmatch(head):
        return None
    for following in lines[index + 1 : index + 2 + MAX_BLANKS_IN_CONTINUED_MESSAGE]:
        text = following.strip()
        if text:
            if text.startswith(_FRAME_OR_TRACEBACK) or _BARE_EXCEPTION.match(text):
                return None  # a frame, or the next exception: the class had no message
            return f"{head.strip()} {text}"
    return None


def continued_exceptions(doc: Document, skip: Callable[[int], bool] = _never) -> list[tuple[int, str]]:
    """(paste line, "<exception>: <first line of its message>") for every exception class
    printed alone on its line with its message below (``continued_exception``), found with
    ``str.find`` and read a few lines each."""
    pieces: list[tuple[int, str]] = []
    total = 0
    seen: set[int] = set()
    for keyword in ("Error:", "Exception:"):
        for start in starts_of_lines_holding(doc.text, keyword):
            if total >= MAX_VIEW_CHARS:
                break
            line = doc.line_of(start)
            if line in seen or skip(line):
                continue
            seen.add(line)
            window = doc.lines(line, line + 1 + MAX_BLANKS_IN_CONTINUED_MESSAGE)
            joined = continued_exception(window, 0)
            if joined is not None:
                pieces.append((line, joined))
                total += len(joined) + 1
    return pieces


# A YAML key whose quoted value goes on past its line: a flow scalar folded over several
# lines (Argo CD's operationState message, a long status message in ``-o yaml``).
_OPEN_QUOTED_VALUE = re.compile(r"\n([ \t]{0,40})(?:- )?[A-Za-z_][\w.-]{0,80}:[ \t]{1,4}(['\"])([^\n]*)")
_DOUBLED_QUOTE = re.compile("''")
_ESCAPED_CHARACTER = re.compile(r"\\.")
MAX_FOLDED_LINES = 40
MAX_FOLDED_CHARS = 16 * 1024


def folded_quoted_scalars(doc: Document, skip: Callable[[int], bool] = _never) -> list[tuple[int, str]]:
    """(first line, value) for each quoted YAML value folded over lines, folded back: the
    line breaks become spaces and the quoting is undone (``''`` in single quotes, escapes
    in double quotes), so a message cut by YAML's line folding reads as one line.

    Each value is followed for at most ``MAX_FOLDED_LINES`` lines and ``MAX_FOLDED_CHARS``
    characters, so the work stays linear however many values a paste opens and never closes.
    """
    if "'" not in doc.text and '"' not in doc.text:
        return []
    text = "\n" + doc.text
    pieces: list[tuple[int, str]] = []
    total = 0
    for match in _OPEN_QUOTED_VALUE.finditer(text):
        quote, first = match.group(2), match.group(3)
        if _closing(first, quote) != -1 or total >= MAX_VIEW_CHARS:
            continue
        line = doc.line_of(match.start())  # "\n" + text: the match's newline is the line's start
        if skip(line):
            continue
        parts, pos, indent = [first.rstrip()], match.end() + 1, len(match.group(1))
        closed = False
        while len(parts) < MAX_FOLDED_LINES and pos < len(text) and pos - match.end() < MAX_FOLDED_CHARS:
            end = text.find("\n", pos)
            end = len(text) if end == -1 else end
            following = text[pos:end]
            body = following.lstrip(" \t")
            if body and len(following) - len(body) <= indent:
                break  # back at the key's indentation: the value was never closed
            at = _closing(body, quote)
            parts.append(body.rstrip() if at == -1 else body[:at])
            pos = end + 1
            if at != -1:
                closed = True
                break
        if closed:
            value = " ".join(part if part else "\n" for part in parts).replace(" \n ", "\n")
            value = value.replace("''", "'") if quote == "'" else decode_escapes(value)
            pieces.append((line, value))
            total += len(value) + 1
    return pieces


def _closing(text: str, quote: str) -> int:
    """Where the quoted scalar that ``text`` continues ends (its closing quote), or -1."""
    hidden = _DOUBLED_QUOTE if quote == "'" else _ESCAPED_CHARACTER
    at = hidden.sub("__", text).find(quote)
    return at


def last_tab_fields(doc: Document, skip: Callable[[int], bool] = _never) -> list[tuple[int, str]]:
    """(paste line, its last tab-separated field) for every line with a tab before its text.

    A row copied from a log UI (Kibana Discover, OpenSearch's document view, Grafana's
    table, a spreadsheet) holds the message in a field of its own, after the timestamp, pod
    and container fields. Expanded to spaces, the message no longer starts a line, where a
    message signal may want it (``ModuleNotFoundError:`` at a line's start, not inside
    prose): the field is also matched as a line of its own.
    """
    original = doc.original
    pieces: list[tuple[int, str]] = []
    total = 0
    for start in starts_of_lines_holding(original, "\t"):
        if total >= MAX_VIEW_CHARS:
            break
        end = original.find("\n", start)
        before, _, field = original[start : end if end != -1 else len(original)].rpartition("\t")
        field = field.strip()
        line = doc.original_line_of(start)
        if before.strip() and len(field) >= MIN_TAB_FIELD_CHARS and not skip(line):
            pieces.append((line, field))
            total += len(field) + 1
    return pieces


def joined_wraps(doc: Document, skip: Callable[[int], bool] = _never) -> list[tuple[int, str]]:
    """Lines cut at a terminal's width, joined to the lines they continue on, without a
    separator (the cut falls mid-word). ``Document.wrapped_lines`` says which were cut.
    A run that starts on a ``skip`` line is passed over whole (its lines stay taken)."""
    wrapped = doc.wrapped_lines
    pieces: list[tuple[int, str]] = []
    done: set[int] = set()
    for line in sorted(wrapped):
        if line in done:
            continue
        wanted = not skip(line)
        parts = [doc.line(line)] if wanted else []
        current, count = line, 1
        while current in wrapped and count < MAX_JOINED_LINES:
            done.add(current)
            current += 1
            count += 1
            if wanted:
                parts.append(doc.continuation(current))
        if wanted:
            pieces.extend((line, text) for text in _read_again("".join(parts)))
    return pieces


def _read_again(joined: str) -> list[str]:
    """A line put back together, and what the line-level readings make of it: the message of
    the JSON record it is (each of its pieces was no record of its own), its escapes decoded.
    A wrapped log line's transports come off only once it is whole."""
    readings = [joined]
    message = record_line(joined)
    if message != joined:
        readings.extend(message.split(RECORD_LINE_JOINER))
    decoded = [decode_escapes(text) for text in readings if "\\" in text]
    readings.extend(part for text in decoded for part in text.split("\n"))
    return list(dict.fromkeys(text for text in readings if text.strip()))


def joined_word_wraps(doc: Document, skip: Callable[[int], bool] = _never) -> list[tuple[int, str]]:
    """Prose wrapped at word boundaries (Terraform's error boxes, a web form, a Markdown
    renderer, ``fold -s``), each wrapped run joined with spaces.

    A line was wrapped when the next line's first word would not have fitted after it
    within the paragraph's width (its longest line that has a space: a lone word longer
    than the width sits on a line of its own). Lines of one paragraph only (no blank line
    between), at the same indentation, without column gaps, the next one not starting a
    record of its own.
    """
    if len(doc.text) > MAX_WORD_WRAP_CHARS:
        return []
    lines = doc.text.split("\n")
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(lines):
        if not lines[start].strip():
            start += 1
            continue
        end = start
        while end < len(lines) and lines[end].strip():
            end += 1
        if end - start >= 2:
            pieces.extend(_wrapped_runs(lines, start, end, doc.first_line))
        start = end
    return [(line, text) for line, text in pieces if not skip(line)]


def _wrapped_runs(lines: list[str], start: int, end: int, first_line: int) -> list[tuple[int, str]]:
    """Joined runs of word-wrapped lines among ``lines[start:end]`` (one paragraph)."""
    width = max((len(line.rstrip()) for line in lines[start:end] if " " in line.strip()), default=0)
    if width < MIN_PARAGRAPH_WIDTH:
        return []
    pieces: list[tuple[int, str]] = []
    run: list[str] = []
    run_start = start
    for index in range(start, end):
        line = lines[index].rstrip()
        if not run:
            run, run_start = [line.strip()], index
        following = lines[index + 1] if index + 1 < end else ""
        if following and len(run) < MAX_PARAGRAPH_LINES and _continues(line, following, width):
            run.append(following.strip())
            continue
        if len(run) > 1:
            pieces.append((first_line + run_start, " ".join(run)))
        run = []
    return pieces


def _continues(line: str, following: str, width: int) -> bool:
    """``following`` holds the rest of ``line``, which a word wrap cut before its first word."""
    body = following.lstrip()
    if len(following) - len(body) != len(line) - len(line.lstrip()) or RECORD_START.match(body):
        return False
    if "  " in body.rstrip() or "  " in line.strip():
        return False  # columns (a table, an event row): prose wraps have single spaces
    first_word = body.split(" ", 1)[0]
    return len(line) + 1 + len(first_word) > width
