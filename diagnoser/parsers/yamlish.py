"""A small, safe reader for the block-style YAML that kubectl prints.

PyYAML is not available at run time (the engine runs in Pyodide with the stdlib
only), and we want the line number of every mapping key anyway. This reads the
subset kubectl emits: block mappings and sequences (also zero-indented ``- `` items
under a key), plain and quoted scalars (also folded over several lines), ``|``/``>``
block scalars and simple flow ``{}``/``[]``.

Safety: anchors and aliases are never expanded (``*a`` stays the text "*a"), so an
alias bomb is just a few strings; nesting is read with an explicit stack, bounded
(``MAX_DEPTH``) and reported rather than crashing; every loop advances by at least one line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

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
    """Nesting beyond MAX_DEPTH: the reader stops there and says so."""


@dataclass(slots=True)
class _Frame:
    """An open mapping or sequence of the block reader, and the indent its entries have."""

    node: YMap | YList
    indent: int
    depth: int


def _put(target: YMap | YList, key: str | None, value: object) -> None:
    """A node's value into its parent: under ``key`` in a mapping, appended to a sequence."""
    if key is None:
        target.append(value)  # type: ignore[union-attr]
    else:
        target[key] = value  # type: ignore[index]


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

    def _is_item(self) -> bool:
        content = self.lines[self.i][2]
        return content == "-" or content.startswith("- ")

    def block(self, indent: int, depth: int) -> object:
        """The block node at the current line and everything nested in it.

        Read with an explicit stack of open mappings and sequences, not by recursion: each
        nested block is put in its parent's slot when it opens (so keys and items keep
        their order) and filled while its frame is on top. Nesting deeper than MAX_DEPTH
        raises TooDeep.
        """
        holder = YList()  # the slot the node is put in
        frames: list[_Frame] = []
        self._open(indent, depth, holder, None, frames)
        while frames:
            if not self._step(frames[-1], frames):
                frames.pop()
        return holder[0] if holder else None

    def _open(
        self, indent: int, depth: int, target: YMap | YList, key: str | None, frames: list[_Frame]
    ) -> None:
        """Start the node at the current line: a sequence or mapping frame, or a scalar."""
        if depth > MAX_DEPTH:
            raise TooDeep
        content = self.lines[self.i][2]
        if self._is_item():
            self._push(YList(), indent, depth, target, key, frames)
        elif split_key(content) is not None:
            self._push(YMap(), indent, depth, target, key, frames)
        else:
            number = self.lines[self.i][0]
            self.i += 1
            self._value(content, indent - 1, number, depth, target, key, frames)

    def _push(
        self,
        node: YMap | YList,
        indent: int,
        depth: int,
        target: YMap | YList,
        key: str | None,
        frames: list[_Frame],
    ) -> None:
        node.line = self.lines[self.i][0]
        _put(target, key, node)
        frames.append(_Frame(node, indent, depth))

    def _step(self, frame: _Frame, frames: list[_Frame]) -> bool:
        """Read one entry of the frame's mapping or sequence; False when it has ended."""
        if not self._at(frame.indent):
            return False
        number, _, content, _ = self.lines[self.i]
        node, indent, depth = frame.node, frame.indent, frame.depth
        if isinstance(node, YMap):
            if self._is_item():
                return False
            pair = split_key(content)
            if pair is None:
                self.i += 1  # a stray line inside a mapping: skip it
                return True
            key, rest = pair
            self.i += 1
            node.key_lines[key] = number
            self._value(rest, indent, number, depth, node, key, frames)
            return True
        if not self._is_item():
            return False
        item = content[1:].lstrip(" ")
        node.item_lines.append(number)
        if not item:
            self.i += 1
            self._nested(indent, depth, False, node, None, frames)
        else:
            offset = len(content) - len(item)
            self.lines[self.i] = [number, indent + offset, item, False]
            self._open(indent + offset, depth + 1, node, None, frames)
        return True

    def _nested(
        self,
        indent: int,
        depth: int,
        same_indent_seq: bool,
        target: YMap | YList,
        key: str | None,
        frames: list[_Frame],
    ) -> None:
        """The block under a key or an item dash: more indented, or a ``- `` list at the key's
        own indent (``same_indent_seq``); None when there is none."""
        if self.i >= len(self.lines) or self.lines[self.i][3]:
            _put(target, key, None)
            return
        next_indent = self.lines[self.i][1]
        if next_indent > indent:
            self._open(next_indent, depth + 1, target, key, frames)
        elif same_indent_seq and next_indent == indent and self._is_item():
            if depth + 1 > MAX_DEPTH:
                raise TooDeep
            self._push(YList(), indent, depth + 1, target, key, frames)
        else:
            _put(target, key, None)

    # -- scalars ------------------------------------------------------------------------

    def _value(
        self,
        rest: str,
        indent: int,
        number: int,
        depth: int,
        target: YMap | YList,
        key: str | None,
        frames: list[_Frame],
    ) -> None:
        """The value after ``key:`` (``rest``), reading continuation lines as needed."""
        rest = rest.strip()
        if rest[:1] in ("&", "!") and " " in rest:
            rest = rest.split(" ", 1)[1].strip()  # an anchor/tag before the value: drop it, never expand
        if not rest or rest[0] in "&!":  # nothing, or only an anchor/tag: the value is nested
            self._nested(indent, depth, True, target, key, frames)
            return
        if rest[0] in "|>":
            value: object = self._block_scalar(rest[0], indent)
        elif rest[0] in "\"'":
            value = self._quoted(rest, indent)
        elif rest[0] in "[{":
            value = _flow(rest)
        else:
            parts = [rest]
            while self.i < len(self.lines) and self.lines[self.i][1] > indent and not self.lines[self.i][3]:
                parts.append(self.lines[self.i][2])
                self.i += 1
            value = _plain(" ".join(parts))
        _put(target, key, value)

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
