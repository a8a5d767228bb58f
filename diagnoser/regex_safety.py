"""Keep catalog regexes linear-time, and find the literal text each one needs.

Python's ``re`` backtracks. A pattern such as ``(a+)+b`` or ``x.*y.*z`` can take
minutes on a line a user pastes by accident (a 5 MB minified JSON, a run of the same
character). We do not try to prove patterns safe in general; we allow only a shape
that is safe by construction: every repeat bounded (at most ``MAX_REPEAT``), no
repeat or alternation inside another repeat, no two long repeats side by side, no
backreferences, no lookarounds. With those rules the work per starting position is
bounded by the pattern's size times MAX_ADJACENT_WORK, so a search stays linear in
the length of the line.

``required_literal`` extracts text that every match must contain, so the engine can
skip, with a fast ``str.find``, the lines that cannot match.
"""

from __future__ import annotations

import re
from itertools import takewhile

try:  # CPython 3.11+ and Pyodide; the module is private, so degrade gracefully.
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older or unusual runtimes
    sre_parse = None
    sre_constants = None

MAX_REPEAT = 1000
# Two repeats side by side multiply: x[^y]{0,1000}[^y]{0,1000}y tries a million splits.
MAX_ADJACENT_WORK = 10_000
MIN_LITERAL = 3


class RegexRuleError(ValueError):
    """The regex is valid but could backtrack badly; the message says how to fix it."""


def check_linear(pattern: str) -> None:
    """Raise ``RegexRuleError`` if ``pattern`` breaks the linear-time rules."""
    if sre_parse is None:
        return
    _walk(sre_parse.parse(pattern), pattern, inside_repeat=False)


def _walk(items, pattern: str, inside_repeat: bool) -> None:
    c = sre_constants
    repeats = {c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)}
    previous_high = 0  # upper bound of the repeat just before, if the last item was one
    for op, arg in items:
        if op in repeats:
            _low, high, body = arg
            if high == c.MAXREPEAT or high > MAX_REPEAT:
                raise RegexRuleError(
                    f"unbounded repeat in {pattern!r}: write an upper bound such as {{1,300}} "
                    f"(at most {MAX_REPEAT}) instead of *, + or {{n,}}"
                )
            if inside_repeat and high > 1:
                raise RegexRuleError(f"repeat inside a repeat in {pattern!r}: unroll it or merge the repeats")
            if previous_high * high > MAX_ADJACENT_WORK:
                raise RegexRuleError(
                    f"two long repeats side by side in {pattern!r}: put literal text between them "
                    "or merge them (each split between them is tried when a line does not match)"
                )
            # An optional part (at most once) cannot multiply the ways to split a line.
            _walk(body, pattern, inside_repeat=inside_repeat or high > 1)
            previous_high = high
            continue
        previous_high = 0
        if op in (c.GROUPREF, c.GROUPREF_EXISTS):
            raise RegexRuleError(f"backreference in {pattern!r}: not allowed (it can make matching slow)")
        elif op in (c.ASSERT, c.ASSERT_NOT):
            raise RegexRuleError(f"lookaround in {pattern!r}: not allowed; match the text itself")
        elif op == c.SUBPATTERN:
            _walk(arg[-1], pattern, inside_repeat)
        elif op == getattr(c, "ATOMIC_GROUP", None):
            _walk(arg, pattern, inside_repeat)
        elif op == c.BRANCH:
            if inside_repeat:
                raise RegexRuleError(
                    f"alternation inside a repeat in {pattern!r}: its branches can split a line in "
                    "exponentially many ways; use a character class or separate signals"
                )
            for branch in arg[1]:
                _walk(branch, pattern, inside_repeat)


def required_literal(pattern: str) -> str | None:
    """Longest run of literal characters every match must contain, if at least 3 long.

    Only the top-level sequence (and plain groups in it) is considered; anything
    optional, repeated or alternated ends a run. Case-insensitive patterns get none.
    """
    if sre_parse is None:
        return None
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags & sre_constants.SRE_FLAG_IGNORECASE:
        return None
    runs: list[str] = []
    current: list[str] = []
    _collect(parsed, runs, current)
    runs.append("".join(current))
    best = max(runs, key=len)
    return best if len(best) >= MIN_LITERAL else None


def _collect(items, runs: list[str], current: list[str]) -> None:
    c = sre_constants
    for op, arg in items:
        if op == c.LITERAL:
            current.append(chr(arg))
        elif op == c.SUBPATTERN and not (arg[1] & sre_constants.SRE_FLAG_IGNORECASE):
            _collect(arg[-1], runs, current)
        elif op == c.AT:
            continue  # anchors (^, $, \b) match no characters: the run goes on
        else:
            runs.append("".join(current))
            current.clear()


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Literals of which every match must contain at least one, for a fast prefilter.

    The longest required literal when there is one; otherwise, for a pattern whose
    top-level sequence holds an alternation (``(?P<x>CPU request is too large|memory
    request too large)``), the required literal of each branch, when every branch has one.
    """
    single = required_literal(pattern)
    if single is not None:
        return (single,)
    if sre_parse is None:
        return None
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags & sre_constants.SRE_FLAG_IGNORECASE:
        return None
    best: tuple[str, ...] | None = None
    for branches in _top_level_branches(parsed):
        literals = []
        for branch in branches:
            runs: list[str] = []
            current: list[str] = []
            _collect(branch, runs, current)
            runs.append("".join(current))
            longest = max(runs, key=len)
            if len(longest) < MIN_LITERAL:
                break
            literals.append(longest)
        else:
            if best is None or min(map(len, literals)) > min(map(len, best)):
                best = tuple(literals)
    return best


MAX_EDGE_ALTERNATIVES = 24


def edge_literals(pattern: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The literal texts a pattern can start with and end with (``exec ``, ``: exec format
    error``), through groups and alternations of plain words:
    ``(?P<probe>Readiness|Liveness) probe failed`` starts with ``Readiness probe failed`` or
    ``Liveness probe failed``.

    A two-letter case class (``[Cc]``) counts as its lower-case letter. The matcher uses
    these to complete a line cut mid-word by a mouse selection: ``ded quota: ...`` is the end
    of ``exceeded quota: ...``; ``iness probe failed: ...`` of ``Readiness probe failed: ...``.
    """
    if sre_parse is None:
        return (), ()
    try:
        items = list(sre_parse.parse(pattern))
    except re.error:
        return (), ()
    return _edge(items, from_end=False), _edge(items, from_end=True)


def _edge(items: list, from_end: bool) -> tuple[str, ...]:
    """The literal alternatives the sequence ``items`` starts (or ends) with.

    Groups are opened with an explicit stack (a catalog pattern, but no recursion anyway);
    the walk stops at the first item that is neither a plain character, a plain group nor an
    alternation of plain words, or when the alternatives would exceed MAX_EDGE_ALTERNATIVES.
    """
    c = sre_constants
    alternatives = [""]
    pending = [iter(reversed(items) if from_end else items)]
    while pending:
        item = next(pending[-1], None)
        if item is None:
            pending.pop()
            continue
        op, arg = item
        char = _plain_char(item)
        if char is not None:
            alternatives = [char + alt if from_end else alt + char for alt in alternatives]
            continue
        if op == c.SUBPATTERN and not (arg[1] & c.SRE_FLAG_IGNORECASE):
            body = list(arg[-1])
            pending.append(iter(reversed(body) if from_end else body))
            continue
        words, whole = _branch_edges(item, from_end) if op == c.BRANCH else ([], False)
        if not words or len(words) * len(alternatives) > MAX_EDGE_ALTERNATIVES:
            break
        alternatives = [w + alt if from_end else alt + w for alt in alternatives for w in words]
        if not whole:
            break  # a branch went on past its plain characters: the edge ends here
    found = tuple(alt for alt in alternatives if alt)
    return found


def _branch_edges(branch, from_end: bool) -> tuple[list[str], bool]:
    """The plain characters each branch of an alternation starts (or ends) with, and whether
    every branch is plain throughout. A branch with no plain edge (``40[13]`` from the
    end) gives none: completion through it is left to the regex."""
    words, whole = [], True
    for branch_items in branch[1][1]:
        chars = [_plain_char(item) for item in branch_items]
        if from_end:
            chars.reverse()
        run = list(takewhile(lambda char: char is not None, chars))
        whole = whole and len(run) == len(chars) and bool(chars)
        if run:
            words.append("".join(reversed(run) if from_end else run))
    return words, whole


def _plain_char(item) -> str | None:
    op, arg = item
    if op == sre_constants.LITERAL:
        return chr(arg)
    if op == sre_constants.IN and len(arg) == 2 and all(kind == sre_constants.LITERAL for kind, _ in arg):
        first, second = (chr(code) for _, code in arg)
        if first != second and first.lower() == second.lower():
            return first.lower()
    return None


def _top_level_branches(items) -> list[list]:
    """The branch lists of alternations in the top-level sequence (through plain groups)."""
    c = sre_constants
    found = []
    for op, arg in items:
        if op == c.BRANCH:
            found.append(arg[1])
        elif op == c.SUBPATTERN and not (arg[1] & sre_constants.SRE_FLAG_IGNORECASE):
            found.extend(_top_level_branches(arg[-1]))
    return found
