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


class TooDeep(ValueError):
    """The text nests brackets deeper than ``MAX_DEPTH``."""


def too_deep(text: str) -> bool:
    """True when brackets outside strings nest deeper than ``MAX_DEPTH``; linear."""
    if text.count("{") + text.count("[") <= MAX_DEPTH:
        return False  # too few brackets to nest that deep: no scan needed
    bare = _STRING.sub("", text) if '"' in text else text
    level = 0
    for match in _BRACKET.finditer(bare):
        if match.group(0) in "[{":
            level += 1
            if level > MAX_DEPTH:
                return True
        elif level:
            level -= 1
    return False


def loads(text: str) -> object:
    """``json.loads``, or ``TooDeep`` (a ``ValueError``) for text nested too deeply."""
    if too_deep(text):
        raise TooDeep(f"nested more than {MAX_DEPTH} levels")
    try:
        return json.loads(text)
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise TooDeep(f"nested more than {MAX_DEPTH} levels") from None
