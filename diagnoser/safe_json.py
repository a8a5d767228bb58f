"""``json.loads`` that cannot overflow the WebAssembly stack.

CPython's JSON decoder recurses once per nesting level in C. Natively, CPython raises
``RecursionError`` in time; in Pyodide the WebAssembly stack can overflow first and the
whole runtime dies ("Maximum call stack size exceeded"). So nesting is measured first,
without recursion, and text nested deeper than ``MAX_DEPTH`` is never handed to the
decoder: the caller gets ``TooDeep`` and reads the text line by line instead. Kubernetes
objects nest about 15 levels; 64 leaves room and stays far below what the worker's stack holds.
"""

from __future__ import annotations

import json
import re

MAX_DEPTH = 64
_STRING = re.compile(r'"(?:[^"\\\n]|\\.){0,1000000}"')
_BRACKET = re.compile(r"[\[\]{}]")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_AS_PARENS = str.maketrans("[{]}", "(())")
_HEAD_CHARS = 4096  # counted bracket by bracket before the passes in C
_SLOW_PASS_CHARS = 10_000  # a pass over more than this that deletes under a tenth: count instead


class TooDeep(ValueError):
    """The text nests brackets deeper than ``MAX_DEPTH``."""


def too_deep(text: str) -> bool:
    """True when brackets outside strings nest deeper than ``MAX_DEPTH``; linear."""
    if text.count("{") + text.count("[") <= MAX_DEPTH:
        return False  # too few brackets to nest that deep: no scan needed
    bare = _STRING.sub("", text) if '"' in text else text
    # Nesting too deep shows in the first brackets of a hostile paste: counted there first.
    if _deepest(bare, _HEAD_CHARS) > MAX_DEPTH:
        return True
    if not _may_nest_deep(bare):
        return False
    return _deepest(bare, len(bare)) > MAX_DEPTH


def _deepest(bare: str, end: int) -> int:
    """The deepest level in ``bare[:end]`` (stopping once past ``MAX_DEPTH``)."""
    level = deepest = 0
    for match in _BRACKET.finditer(bare, 0, end):
        if match.group(0) in "[{":
            level += 1
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                break
        elif level:
            level -= 1
    return deepest


def _may_nest_deep(bare: str) -> bool:
    """False when the brackets surely nest at most ``MAX_DEPTH`` deep; found in C.

    Each pass deletes the innermost pairs, so ``MAX_DEPTH`` passes delete every pair at most
    that tall. When no opening bracket is left, no point was nested deeper. Otherwise (a
    deep or unclosed text) the caller counts levels bracket by bracket; so does a text
    whose passes delete little (deep nesting: the count then stops at the first level
    too deep, while 64 passes over it would each copy it whole).
    """
    brackets = _NOT_BRACKET.sub("", bare).translate(_AS_PARENS)
    for _ in range(MAX_DEPTH):
        reduced = brackets.replace("()", "")
        if len(reduced) == len(brackets):
            break
        if len(reduced) > _SLOW_PASS_CHARS and len(reduced) * 10 > len(brackets) * 9:
            return True
        brackets = reduced
    return "(" in brackets


def loads(text: str) -> object:
    """``json.loads``, or ``TooDeep`` (a ``ValueError``) for text nested too deeply."""
    if too_deep(text):
        raise TooDeep(f"nested more than {MAX_DEPTH} levels")
    try:
        return json.loads(text)
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise TooDeep(f"nested more than {MAX_DEPTH} levels") from None


_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\r\n]*")


def loads_stream(text: str) -> list[tuple[object, int]]:
    """Several JSON values one after another (``jq '.items[] | {...}'`` prints one object per
    item): each value and the offset where it starts. ``ValueError`` when any part is not
    JSON, ``TooDeep`` as ``loads``. One left-to-right pass: each value is decoded once."""
    if too_deep(text):
        raise TooDeep(f"nested more than {MAX_DEPTH} levels")
    values: list[tuple[object, int]] = []
    position = _SPACE.match(text).end()
    while position < len(text):
        try:
            value, end = _DECODER.raw_decode(text, position)
        except RecursionError:  # pragma: no cover - the depth check comes first
            raise TooDeep(f"nested more than {MAX_DEPTH} levels") from None
        values.append((value, position))
        position = _SPACE.match(text, end).end()
    return values
