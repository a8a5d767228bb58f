"""A small, safe reader for the block-style YAML that kubectl prints.

PyYAML is not available at run time (the engine runs in Pyodide with the stdlib
only), and we want the line number of every mapping key anyway. This reads the
subset kubectl emits: block mappings and sequences (also zero-indented ``- `` items
under a key), plain and quoted scalars (also folded over several lines), ``|``/``>``
block scalars and simple flow ``{}``/``[]``.

Safety: anchors and aliases are never expanded (``*a`` stays the text "*a"), so an
alias bomb is just a few strings; nesting is bounded (``MAX_DEPTH``) and reported
rather than crashing; every loop advances by at least one line.
"""

from __future__ import annotations

import json
import re

from diagnoser import safe_json

MAX_DEPTH = 100
MAX_QUOTED_LINES = 2000

_INT = re.compile(r"[-+]?\d{1,18}")
_FLOAT = re.compile(r"[-+]?\d{1,30}\.\d{1,30}")


class YMap(dict):
    """A mapping that remembers its own line and the line of each key."""

    line: int | None = None

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[str, int] = {}


class YList(list):
    """A sequence that remembers its own line and the line of each item."""

    line: int | None = None

    def __init__(self) -> None:
        super().__init__()
        self.item_lines: list[int] = []


class TooDeep(Exception):
    """Nesting beyond MAX_DEPTH: the reader stops instead of recursing further."""


def read_yaml(lines: list[tuple[int, str]]) -> tuple[list[object], list[str]]:
    """Documents in ``lines`` ((line number, text) pairs) and notes on what was skipped."""
    reader = _Reader(lines)
    return reader.documents(), reader.notes


class _Reader:
    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.lines: list[list] = []  # [line number, indent, content, is_doc_separator]
        for number, raw in lines:
            content = raw.strip()
            if not content or content.startswith("#"):
                continue
            indent = len(raw) - len(raw.lstrip(" "))
            separator = indent == 0 and (content == "---" or content.startswith("--- ") or content == "...")
            self.lines.append([number, indent, content, separator])
        self.i = 0
        self.notes: list[str] = []

    # -- documents ----------------------------------------------------------------------

    def documents(self) -> list[object]:
        docs: list[object] = []
        lines = self.lines
        while self.i < len(lines):
            if lines[self.i][3]:
                self.i += 1
                continue
            before = self.i
            try:
                docs.append(self.block(lines[self.i][1], 0))
            except TooDeep:
                first = lines[before][0]
                self.notes.append(
                    f"The YAML starting at line {first} is nested more than {MAX_DEPTH} levels deep; "
                    "only its outer part was read."
                )
                # Skip to the next document separator or top-level line.
                self.i = max(self.i, before + 1)
                while self.i < len(lines) and not lines[self.i][3] and lines[self.i][1] > 0:
                    self.i += 1
            if self.i == before:
                self.i += 1
        return docs

    # -- blocks -------------------------------------------------------------------------

    def _at(self, indent: int) -> bool:
        return self.i < len(self.lines) and self.lines[self.i][1] == indent and not self.lines[self.i][3]

    def block(self, indent: int, depth: int) -> object:
        if depth > MAX_DEPTH:
            raise TooDeep
        content = self.lines[self.i][2]
        if content == "-" or content.startswith("- "):
            return self.sequence(indent, depth)
        if split_key(content) is not None:
            return self.mapping(indent, depth)
        number = self.lines[self.i][0]
        self.i += 1
        return self.value(content, indent - 1, number, depth)

    def mapping(self, indent: int, depth: int) -> YMap:
        result = YMap()
        result.line = self.lines[self.i][0]
        while self._at(indent):
            number, _, content, _ = self.lines[self.i]
            if content == "-" or content.startswith("- "):
                break
            pair = split_key(content)
            if pair is None:
                self.i += 1  # a stray line inside a mapping: skip it
                continue
            key, rest = pair
            self.i += 1
            result[key] = self.value(rest, indent, number, depth)
            result.key_lines[key] = number
        return result

    def sequence(self, indent: int, depth: int) -> YList:
        result = YList()
        result.line = self.lines[self.i][0]
        while self._at(indent):
            number, _, content, _ = self.lines[self.i]
            if not (content == "-" or content.startswith("- ")):
                break
            item = content[1:].lstrip(" ")
            if not item:
                self.i += 1
                value = self._nested(indent, depth, allow_same_indent_seq=False)
            else:
                offset = len(content) - len(item)
                self.lines[self.i] = [number, indent + offset, item, False]
                value = self.block(indent + offset, depth + 1)
            result.append(value)
            result.item_lines.append(number)
        return result

    def _nested(self, indent: int, depth: int, allow_same_indent_seq: bool) -> object:
        if self.i >= len(self.lines) or self.lines[self.i][3]:
            return None
        _, next_indent, next_content, _ = self.lines[self.i]
        if next_indent > indent:
            return self.block(next_indent, depth + 1)
        if (
            allow_same_indent_seq
            and next_indent == indent
            and (next_content == "-" or next_content.startswith("- "))
        ):
            return self.sequence(indent, depth + 1)
        return None

    # -- scalars ------------------------------------------------------------------------

    def value(self, rest: str, indent: int, number: int, depth: int) -> object:
        """The value after ``key:`` (``rest``), reading continuation lines as needed."""
        rest = rest.strip()
        if rest[:1] in ("&", "!") and " " in rest:
            rest = rest.split(" ", 1)[1].strip()  # an anchor/tag before the value: drop it, never expand
        if not rest or rest[0] in "&!":  # nothing, or only an anchor/tag: the value is nested
            return self._nested(indent, depth, allow_same_indent_seq=True)
        if rest[0] in "|>":
            return self._block_scalar(rest[0], indent)
        if rest[0] in "\"'":
            return self._quoted(rest, indent)
        if rest[0] in "[{":
            return _flow(rest)
        parts = [rest]
        while self.i < len(self.lines) and self.lines[self.i][1] > indent and not self.lines[self.i][3]:
            parts.append(self.lines[self.i][2])
            self.i += 1
        return _plain(" ".join(parts))

    def _block_scalar(self, style: str, indent: int) -> str:
        parts = []
        while self.i < len(self.lines) and self.lines[self.i][1] > indent and not self.lines[self.i][3]:
            parts.append(self.lines[self.i][2])
            self.i += 1
        return ("\n" if style == "|" else " ").join(parts)

    def _quoted(self, rest: str, indent: int) -> str:
        """A quoted scalar, folded over as many lines as it takes to close.

        Each line is searched for the closing quote once, on its own (a line never ends
        inside an escape, since folding joins lines with a space), so a long quoted value
        costs one pass over its text, not one pass per line.
        """
        quote = rest[0]
        parts = [rest]
        taken = 0
        closed = _closing_quote(rest, quote) is not None
        while not closed and taken < MAX_QUOTED_LINES:
            if self.i >= len(self.lines) or self.lines[self.i][1] <= indent or self.lines[self.i][3]:
                break
            part = self.lines[self.i][2]
            parts.append(part)
            self.i += 1
            taken += 1
            closed = _closing_quote(" " + part, quote) is not None
        text = " ".join(parts)
        end = _closing_quote(text, quote)
        body = text[1:end] if end is not None else text[1:]
        if quote == "'":
            return body.replace("''", "'")
        try:
            decoded = json.loads('"' + body + '"')
        except ValueError:
            return body
        return decoded if isinstance(decoded, str) else body


def split_key(content: str) -> tuple[str, str] | None:
    """("key", "rest") for a ``key: rest`` / ``key:`` line, else None."""
    if content[0] in "\"'":
        end = _closing_quote(content, content[0])
        if end is None or not content.startswith(":", end + 1):
            return None
        after = content[end + 2 :]
        if after and not after.startswith((" ", "\t")):
            return None
        return content[1:end], after
    dash_word = content[0] == "-" and len(content) > 1 and content[1] not in " \t"  # "-x: 1" is a key
    if content[0] in "[{-?!&*|>%@`," and not dash_word:
        return None
    pos = content.find(": ")
    if pos == -1:
        if content.endswith(":"):
            return content[:-1].rstrip(), ""
        return None
    return content[:pos].rstrip(), content[pos + 2 :]


def _closing_quote(text: str, quote: str) -> int | None:
    """Index of the quote closing the one at text[0], or None if unterminated."""
    pos = 1
    while True:
        pos = text.find(quote, pos)
        if pos == -1:
            return None
        if quote == "'":
            if text.startswith("''", pos):
                pos += 2
                continue
            return pos
        backslashes = 0
        back = pos - 1
        while back > 0 and text[back] == "\\":
            backslashes += 1
            back -= 1
        if backslashes % 2 == 0:
            return pos
        pos += 1


def _plain(text: str) -> object:
    """Plain scalar to Python: ints, true/false, null; everything else stays text."""
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("null", "~"):
        return None
    if _INT.fullmatch(text):
        return int(text)
    return text


def _flow(text: str) -> object:
    if text in ("[]", "{}"):
        return YList() if text == "[]" else YMap()
    try:
        return safe_json.loads(text)
    except (ValueError, RecursionError):
        pass
    if text.startswith("[") and text.endswith("]") and "[" not in text[1:-1] and "{" not in text[1:-1]:
        result = YList()
        for item in text[1:-1].split(","):
            if item.strip():
                result.append(_plain(item.strip().strip("\"'")))
        return result
    if text.startswith("{") and text.endswith("}") and "{" not in text[1:-1] and "[" not in text[1:-1]:
        mapping = YMap()
        for item in text[1:-1].split(","):
            pair = split_key(item.strip()) if item.strip() else None
            if pair is not None:
                value = pair[1].strip()
                mapping[pair[0].strip("\"'")] = (
                    value[1:-1] if value[:1] in "\"'" and len(value) > 1 else _plain(value)
                )
        return mapping
    return text
