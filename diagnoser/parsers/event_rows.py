"""One grammar for Kubernetes event rows, in every layout kubectl has printed them.

* ``kubectl describe`` today: ``Type  Reason  Age  From  Message``;
* ``kubectl get events``: ``[NAMESPACE]  LAST SEEN  TYPE  REASON  OBJECT  MESSAGE`` (``-o wide``
  appends columns after MESSAGE, which only the header can tell apart);
* older kubectl and ``kubectl describe rs|deploy``: ``FirstSeen  LastSeen  Count  From
  SubObjectPath  Type  Reason  Message``, tab-separated.

A row is recognised by its TYPE cell (``Normal`` / ``Warning``), so rows read the same with
or without their header, one row or a thousand, whole describe output or two lines copied
from a terminal. Lines that are not rows and follow a row continue its message (a message
wrapped by the terminal or by kubectl's own line breaks).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

from diagnoser.model import Event, Facts
from diagnoser.narration import is_narration
from diagnoser.parsers._util import header_columns, split_row, to_int
from diagnoser.prompts import PROMPT

# A cell: runs of non-space characters joined by single spaces ("2m (x5 over 10m)").
_CELL_SRC = r"[^ \t](?:[^ \t]| (?=[^ \t]))*"
_CELL = re.compile(_CELL_SRC)
# What separates two cells: blanks that are not one single space.
_GAP = r"(?:[ \t]{2,}|\t)"
# The describe layout (Type Reason Age From Message, by far the most pasted) in one match:
# the same cells ``parse_row`` finds one by one, so a row costs one regex call, not thirteen.
_DESCRIBE_ROW = re.compile(
    rf"[ \t]*(Normal|Warning){_GAP}({_CELL_SRC}){_GAP}({_CELL_SRC}){_GAP}({_CELL_SRC}){_GAP}(?=[^ \t])"
)
# What an Age cell holds: kubectl's "3m", "2m (x5 over 10m)", "<unknown>", or a console's
# "3 mins ago". A third cell without a digit (``replicaset-controller``, ``kubelet``) is a From
# cell: the row is in the order consoles print (Headlamp, Lens: Type Reason From Message Age).
_AGE_LIKE = re.compile(r"\d|<unknown>|<invalid>")
# The Age cell such a row ends with, split off its message.
_TRAILING_AGE = re.compile(
    r"(?:[ \t]{2,64}|\t)(?:(?:\d{1,9}[smhdy]){1,4}|\d{1,4} ?(?:secs?|mins?|minutes?|hours?|days?)(?: ago)?"
    r"|an? (?:few seconds|minute|hour|day)(?: ago)?)[ \t]{0,64}$"
)
_CELL_WINDOW = 4096  # cells are looked for in a row's first characters only
_TYPES = ("Normal", "Warning")
_COUNT = re.compile(r"\(x(\d{1,9}) over [^)\n]{1,40}\)")
_AGE_PART = re.compile(r"(\d{1,9})([smhdy])")
_AGE = re.compile(r"(?:\d{1,9}[smhdy]){1,4}")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "y": 31536000}
_SUB_OBJECT = re.compile(r"spec\.(?:initContainers|containers)\{([^}\s]{1,253})\}")
# ``kubectl get events -o custom-columns=...``: column names the user chose, one word each,
# with TYPE and REASON side by side and MESSAGE after them ("LAST  TYPE  REASON  OBJECT
# MESSAGE", "TIME  TYPE  REASON  KIND  NAME  MESSAGE"). Names and gaps alternate disjoint
# character classes, so the repeats cannot backtrack into each other.
CUSTOM_HEADER_SRC = (
    r"(?:[A-Z][A-Z0-9_.]{0,30}[ \t]{2,64}){0,6}TYPE[ \t]{2,64}REASON[ \t]{2,64}"
    r"(?:[A-Z][A-Z0-9_.]{0,30}[ \t]{2,64}){0,4}MESSAGE[ \t]*$"
)
# A header row of any layout; its columns locate the cells of the rows under it.
HEADER = re.compile(
    r"^[ \t]{0,16}(?:Type[ \t]{1,}Reason[ \t]{1,}Age[ \t]{1,}From[ \t]{1,}Message"
    r"|(?:NAMESPACE[ \t]{1,})?LAST SEEN[ \t]{1,}TYPE[ \t]{1,}REASON[ \t]{1,}OBJECT"
    r"|FirstSeen[ \t]{1,}LastSeen[ \t]{1,}Count[ \t]{1,}From"
    rf"|{CUSTOM_HEADER_SRC})"
)
# Named layouts whose cells are read by the header's columns (the describe layout and a
# header-less row are read by their TYPE cell instead).
_NAMED_FIRST = ("TYPE", "LAST SEEN", "NAMESPACE", "FIRSTSEEN")
_NAMED_NEEDS = ("TYPE", "REASON", "MESSAGE")
# An event row of any layout, for finding rows in a paste. Each alternative alternates
# disjoint character classes (non-space cells, runs of blanks), so matching is linear.
ROW_SRC = (
    r"[ \t]{0,16}(?:Normal|Warning)[ \t]{1,64}[A-Z][A-Za-z0-9]{1,63}(?:[ \t]{2,64}|\t)[^ \t\n]"
    r"|[ \t]{0,4}(?:[^ \t\n]{1,64}[ \t]{2,64}){1,2}(?:Normal|Warning)[ \t]{2,64}[A-Z][A-Za-z]{1,63}"
    r"[ \t]{2,64}[^ \t\n]"
    r"|[ \t]{0,8}[^ \t\n]{1,20}[ \t]{1,64}[^ \t\n]{1,20}[ \t]{1,64}\d{1,9}[ \t]{1,64}\{[^}\n]{0,200}\}"
    r"|[ \t]{0,8}(?:[^ \t\n]{1,64}(?: [^ \t\n]{1,64}){0,2}[ \t]{2,64}){2,6}(?:Normal|Warning)[ \t]{2,64}"
    r"[A-Z][A-Za-z]{1,63}"
    r"[ \t]{2,64}[^ \t\n]"
)
ROW = re.compile("^(?:" + ROW_SRC + ")", re.MULTILINE)


class RowReader:
    """Reads a run of event lines; feed it lines in order with ``feed``."""

    def __init__(self, facts: Facts, obj: str | None = None, joiner=None) -> None:
        self.facts = facts
        self.joiner = joiner or (lambda line: " ")  # how a line continues on the next
        self.obj = obj
        self.starts: list[int] | None = None
        self.names: list[str] = []
        self.last: Event | None = None
        self.row_indent = 0

    def feed(self, line: int, raw: str) -> bool:
        """Read one line; False when it is neither a header, a row nor a continuation."""
        text = raw.strip()
        if not text:
            self.last = None
            return True
        if HEADER.match(raw):
            columns = header_columns(raw)
            self.names = [name for name, _ in columns]
            self.starts = [pos for _, pos in columns]
            self.last = None
            return True
        if not text.strip("- \t"):
            return True  # a header's underline
        event = self._row(raw, line)
        if event is not None:
            self.facts.add_event(event)
            self.last = event
            self.row_indent = len(raw) - len(raw.lstrip())
            return True
        if PROMPT.match(raw):
            self.last = None  # the next command: the rows' output ended above it
            return False
        if self.last is not None and is_narration(raw):
            self.last = None  # the reporter's own sentence below the rows, not more of a message
            return False
        if self.last is not None and len(self.last.message) < 16_384:
            previous = self.last.end_line or self.last.line or line
            self.last.message = f"{self.last.message.rstrip()}{self.joiner(previous)}{text}".strip()
            self.last.end_line = line
            return True
        return False

    def _row(self, raw: str, line: int) -> Event | None:
        if (
            self.starts
            and self.names
            and (self.names[0] in _NAMED_FIRST or all(name in self.names for name in _NAMED_NEEDS))
        ):
            free = self.names.index("MESSAGE") if "MESSAGE" in self.names else None
            cells = dict(zip(self.names, split_row(raw, self.starts, free), strict=False))
            if cells.get("TYPE") in _TYPES and cells.get("REASON"):
                return self._from_named(cells, raw, line)
        return parse_row(raw, line, self.obj)

    def _from_named(self, cells: dict[str, str], raw: str, line: int) -> Event:
        age_text = cells.get("AGE") or cells.get("LAST SEEN") or cells.get("LASTSEEN") or ""
        count = to_int(cells.get("COUNT"))
        count_match = _COUNT.search(age_text) or _COUNT.search(raw)
        if count is None and count_match:
            count = int(count_match.group(1))
        obj = cells.get("OBJECT") or self.obj
        if obj is None and cells.get("NAME"):  # custom columns: KIND and NAME of the object
            obj = f"{cells['KIND']}/{cells['NAME']}" if cells.get("KIND") else cells["NAME"]
        sub = _SUB_OBJECT.search(cells.get("SUBOBJECTPATH", ""))
        if sub and obj:
            obj = f"{obj}/{sub.group(1)}"
        return Event(
            reason=cells["REASON"],
            message=cells.get("MESSAGE", ""),
            type=cells.get("TYPE"),
            count=count,
            object=obj,
            line=line,
            age=age_seconds(age_text),
            namespace=cells.get("NAMESPACE") or None,
        )


def parse_row(raw: str, line: int, obj: str | None = None) -> Event | None:
    """An ``Event`` from one row of any layout, found by its TYPE cell; None if not a row."""
    described = _DESCRIBE_ROW.match(raw, 0, _CELL_WINDOW)
    if described is not None:
        reason, age_text = described.group(2, 3)
        if not reason[:1].isupper() or " " in reason:
            return None
        message_start = described.end()
        message_end = len(raw)
        if _AGE_LIKE.search(age_text) is None:
            message_start, message_end, age_text = _console_order(raw, described.start(4))
        count_match = _COUNT.search(age_text) or _COUNT.search(raw, 0, message_start)
        return Event(
            reason=reason,
            message=raw[message_start:message_end].strip(),
            type=described.group(1),
            count=int(count_match.group(1)) if count_match else None,
            object=obj,
            line=line,
            age=age_seconds(age_text),
        )
    return parse_cells(raw, line, obj)


def _console_order(raw: str, message_start: int) -> tuple[int, int, str]:
    """(start, end, age text) of the message of a Type Reason From Message Age row (Headlamp,
    Lens): the message runs from its cell to the Age cell the row ends with, if any."""
    trailing = _TRAILING_AGE.search(raw, message_start)
    if trailing is None:
        return message_start, len(raw), ""
    return message_start, trailing.start(), trailing.group().strip()


def parse_cells(raw: str, line: int, obj: str | None = None) -> Event | None:
    """``parse_row`` for every layout, cell by cell (the describe layout has a fast path)."""
    # The TYPE cell is among the first 8; the layouts need at most 4 cells after it (the
    # message is taken from where its cell starts), so a long message is not split up.
    cells = [(m.group(), m.start()) for m in islice(_CELL.finditer(raw, 0, min(len(raw), _CELL_WINDOW)), 13)]
    index = next((i for i, (cell, _) in enumerate(cells[:8]) if cell in _TYPES), None)
    if index is None or index + 1 >= len(cells):
        return None
    reason = cells[index + 1][0]
    if not reason[:1].isupper() or " " in reason:
        return None
    rest = cells[index + 2 :]
    count = None
    age_text = ""
    sub_object = None
    namespace = None
    message_end = len(raw)
    if index == 0:  # describe: Type Reason Age From Message
        if len(rest) >= 3 and _AGE_LIKE.search(rest[0][0]) is None:
            message_start, message_end, age_text = _console_order(raw, rest[1][1])
        elif len(rest) >= 3:
            age_text = rest[0][0]
            message_start = rest[2][1]
        elif len(rest) == 2:
            age_text = rest[0][0]
            message_start = rest[1][1]
        else:
            message_start = rest[0][1] if rest else len(raw)
    elif rest and "/" in rest[0][0] and " " not in rest[0][0] and len(rest) > 1:
        # get events: [NAMESPACE] LAST SEEN TYPE REASON OBJECT MESSAGE
        age_text = cells[index - 1][0]
        obj = rest[0][0]
        message_start = rest[1][1]
        if index >= 2:  # -A: the NAMESPACE cell before LAST SEEN
            namespace = cells[index - 2][0]
    else:  # old layout: FirstSeen LastSeen Count From SubObjectPath Type Reason Message
        before = [cell for cell, _ in cells[:index]]
        age_text = before[1] if len(before) > 1 else (before[0] if before else "")
        count = to_int(before[2]) if len(before) > 2 else None
        for cell in before[3:]:
            found = _SUB_OBJECT.search(cell)
            if found:
                sub_object = found.group(1)
        message_start = rest[0][1] if rest else len(raw)
    message = raw[message_start:message_end].strip()
    count_match = _COUNT.search(age_text) or _COUNT.search(raw[:message_start])
    if count is None and count_match:
        count = int(count_match.group(1))
    if sub_object is not None:
        message = message if f'container "{sub_object}"' in message else f"{message} (container {sub_object})"
    return Event(
        reason=reason,
        message=message,
        type=cells[index][0],
        count=count,
        object=obj,
        line=line,
        age=age_seconds(age_text),
        namespace=namespace,
    )


@lru_cache(maxsize=4096)
def age_seconds(text: str) -> int | None:
    """Seconds in a kubectl age ("2m", "3h10m", "2m (x5 over 10m)") or a console's relative
    time ("3 mins ago", "a minute ago", "a few seconds ago"); None when there is none."""
    match = _AGE.match(text.strip())
    if match is None:
        return _spoken_age(text.strip())
    return sum(int(number) * _SECONDS[unit] for number, unit in _AGE_PART.findall(match.group(0)))


# Consoles (Rancher, Headlamp, Argo CD, EKS) print ages as words: "13 mins ago", "an hour ago".
_SPOKEN_AGE = re.compile(r"(\d{1,4}|an?|a few) ?(sec|min|hour|day)[a-z]{0,5}(?: ago)?$", re.IGNORECASE)
_SPOKEN_UNITS = {"sec": 1, "min": 60, "hour": 3600, "day": 86400}


def _spoken_age(text: str) -> int | None:
    match = _SPOKEN_AGE.match(text)
    if match is None:
        return None
    amount = match.group(1).lower()
    number = int(amount) if amount.isdigit() else (5 if amount == "a few" else 1)
    return number * _SPOKEN_UNITS[match.group(2).lower()]
