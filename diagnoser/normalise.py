"""Turn whatever the user pasted into clean text with stable line numbers.

Everything downstream (recognisers, parsers, catalog regexes) works on
``Document.text``: the paste with ANSI colours, CRLF, tabs, Logs-tab prefixes
(``[pod ][container ]<timestamp> ``) and JSON-lines envelopes removed. Normalisation
never adds or removes a line, so a line number in ``text`` is the line number the
user sees in their paste. Work is done on the whole text with C-speed ``re.sub`` /
``str`` calls instead of a Python loop per line: a 50 MB paste must stay fast.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, islice, pairwise

from diagnoser import csv_export, json_records, otel_debug, safe_json, yaml_records
from diagnoser.log_sources import SHIPPER_PREFIX_SRC
from diagnoser.logprefix import NEXT_LOG_LINE, common_containers, stretches

# Pastes larger than this are cut to their last MAX_INPUT_CHARS characters: the
# failure is nearly always at the end of a log. The cut is stated in the report.
MAX_INPUT_CHARS = 64 * 1024 * 1024
# Normalisation works on pieces of about this size (see ``normalise``).
CHUNK_CHARS = 4 * 1024 * 1024
# A line longer than this is shortened for display in evidence (it is still scanned).
MAX_EVIDENCE_CHARS = 500

# Colour codes that arrived as text: ``cat -v`` writes ESC as "^[", ``less`` as "ESC", a JSON
# export as "\u001b", a shell script as "\033" or "\e". Only colour (m) and erase-line (K)
# sequences: their shape is distinctive, and "[31m" alone is never stripped. Each pattern
# starts with its own literal text, which is looked for first (three scans at C speed).
_LITERAL_ANSI = (
    ("^[[", re.compile(r"\^\[\[[0-9;]{0,40}[mK]")),
    ("ESC[", re.compile(r"ESC\[[0-9;]{0,40}[mK]")),
    ("\\", re.compile(r"(?<!\\)\\(?:e|033|x1[bB]|u001[bB])\[[0-9;]{0,40}[mK]")),  # not an escaped "\\"
)
# CSI / OSC escape sequences and stray ESC bytes. No nested quantifiers: linear time.
_ANSI = re.compile(r"\x1b\[[0-9;?]{0,40}[ -/]{0,5}[@-~]|\x1b\][^\x07\x1b\n]{0,400}(?:\x07|\x1b\\)?|\x1b")
# Control characters other than tab and newline (binary junk, NULs, backspaces).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Patterns here start with "\n" rather than "^": a leading literal lets re skip to each
# newline at C speed (see ``_per_line_sub``), several times faster on big pastes.
# The Logs-tab / kubectl --timestamps prefix, removed from every line (see logprefix):
_LOG_PREFIX = NEXT_LOG_LINE
MAX_WRAP_SCAN_CHARS = 4 * 1024 * 1024
MIN_WRAP_WIDTH = 60
# The widths terminals are commonly set to (xterm's default, wide editors, DEC's 132 columns).
TERMINAL_WIDTHS = frozenset((80, 100, 120, 132, 150, 160, 180, 200, 220, 240))
# Two blanks between words: a column gap of a table row.
_COLUMN_GAP = re.compile(r"[^ \t][ \t]{2,}[^ \t]")
_LONG_LINE = re.compile(rf"^[^\n]{{{MIN_WRAP_WIDTH},}}", re.MULTILINE)
_LONG_LINE_ONE_BLANK = re.compile(rf"^[^\n]{{{MIN_WRAP_WIDTH - 2},}}[^ \t\n][ \t]$", re.MULTILINE)
# A panel line whose text runs into its right border: the terminal UI wrapped it.
_TUI_FULL = re.compile(r"^[│┃] ?[^│┃\n]{0,4000}[^ │┃\n][│┃][ \t]*$", re.MULTILINE)
# A terminal UI's panel line (k9s): "│ content │", with no other box character inside.
_TUI_BORDER = re.compile(r"\n[│┃] ?([^│┃\n]{0,4000})[│┃][ \t]*(?=\n)")
# A Markdown code fence line (```yaml, ~~~): blank, so the block inside reads as pasted.
_FENCE = re.compile(r"\n[ \t]{0,3}(?:```|~~~)[^\n]{0,40}(?=\n)")
# The blanks that end a line: possessive, and only from the run's first character, so a long
# run of spaces that does not end its line is given up at once (no backtracking into it).
_TRAILING_BLANKS = re.compile(r"(?<![ \t])[ \t]++\n")
# A Markdown indented code block (Stack Overflow, forums, mail): a line of prose, blank lines,
# then lines indented four spaces or more (blank lines between them). The output inside had
# four spaces put in front of each line; they are taken off again, so a table header, a
# traceback's last line or pip's "The conflict is caused by:" starts its line as printed.
# The two kinds of block line are disjoint (four spaces first, or at most three before the
# line's end), so the block is read once, line by line, without backtracking.
_INDENTED_CODE = re.compile(
    r"(?P<prose>\n[^ \t\n>][^\n]{0,2000})(?P<blanks>(?:\n[ \t]{0,3}(?=\n))+)"
    r"(?P<block>(?:\n {4}[^\n]*|\n[ \t]{0,3}(?=\n))+)"
)


def _dedented_code(match: re.Match[str]) -> str:
    """The block without its four spaces, when it ends as a Markdown code block does: at a
    blank line or at the paste's end. Indented lines that run on into a line of their own
    indentation are output (a describe's termination message, then ``Exit Code:``)."""
    block = match.group("block")
    at_end = match.end() >= len(match.string) - 1  # only the paste's last newline after it
    if not at_end and _BLANK_TAIL.search(block) is None:
        return match.group()
    return match.group("prose") + match.group("blanks") + block.replace("\n    ", "\n")


_BLANK_TAIL = re.compile(r"\n[ \t]{0,3}\Z")


# Line numbers a viewer or a tool added in front of every line: "  12 | text", "12│text",
# "  12→text", "12\ttext" (cat -n), "12:text" (grep -n; not "10:02:11", a time).
_GUTTER_SRC = r"[ \t]{0,8}\d{1,7}[ \t]{0,2}(?:[|│┃] ?|→|:(?!\d)|\t)"
_GUTTER = re.compile(r"\n" + _GUTTER_SRC)
_GUTTER_LINE = re.compile(_GUTTER_SRC)
_GUTTER_SAMPLE = 200
# A line with text on it; found by the regex scanner, so runs of blank lines cost no Python step.
_TEXT_LINE = re.compile(r"^[^\S\n]*\S[^\n]*", re.MULTILINE)
# Chat / Markdown quoting ("> ", "> > "), removed from the lines that carry it.
_QUOTES = (re.compile(r"\n(?:> ?){1,8}(?=[^\n])"),)
# A line that starts a record of its own (a timestamp, a klog or level prefix, an event
# row, a prompt, a quote, a list or an object): never the rest of a wrapped line above it
# (``views``), never the reporter's own sentence (``narration``).
RECORD_START = re.compile(
    r"[ \t]*(?:\d|[\[{<|$#>*-]|[IWEF]\d{4}\b|(?:INFO|WARN|WARNING|ERROR|DEBUG|FATAL|Normal|Warning)\b)"
)
# A left border alone (Terraform's error boxes: "│ " before every line, "╷" / "╵" above and
# below); a two-sided panel line was already read by ``_TUI_BORDER``.
_LEFT_BORDER = re.compile(r"\n[│┃╷╵](?: |(?=\n)|\Z)")
# Typographic quotes (a forum, a word processor or a chat app "improved" the paste): the
# software printed straight ones, and that is what the catalog's wordings say.
_CURLY = "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f"
_STRAIGHT_QUOTES = str.maketrans(_CURLY, "''''" + '""""')
# UTF-8 read as Windows-1252 or Latin-1 by some tool on the way ("â€œ" for a curly quote,
# "Ã©" for "é"): a line holding those marks is turned back into the text it was, when its
# characters re-encode to bytes that are valid UTF-8 (a line of real Latin-1 text is not).
_CP1252_CONTINUATION = "".join(
    bytes([code]).decode("cp1252") for code in range(0x80, 0xC0) if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
)
# "â" (byte E2) and a continuation byte: punctuation (â€œ) and box drawing (â”‚ for │).
_MOJIBAKE_MARK = re.compile("â[" + re.escape(_CP1252_CONTINUATION) + "]|Ã|Â")
_MOJIBAKE_LINE = re.compile(
    "^[^\n]{0,100000}(?:â[" + re.escape(_CP1252_CONTINUATION) + "]|Ã|Â)[^\n]{0,100000}", re.MULTILINE
)
_CP1252_BYTES = {
    ord(bytes([code]).decode("cp1252")): chr(code)
    for code in range(0x80, 0xA0)
    if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)  # undefined in Windows-1252: Latin-1 kept them
}


def _undo_mojibake(match: re.Match[str]) -> str:
    text = match.group()
    try:
        return text.translate(_CP1252_BYTES).encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


# The placeholders ``diagnoser.redact`` writes in place of names, hosts and secrets.
_REDACTED = re.compile(
    r"<(?:model|pod|namespace|node|name|project|secret-name|image|host|ip|email|bucket-path|value)-\d{1,6}"
    r"(?:-[a-z]{1,20})?>|<token>"
)
# A line that looks like a JSON-lines log record.
# A record may follow a log shipper's prefix (``log_sources.SHIPPER_PREFIX_SRC``), and then
# end with the bracket that closes fluent-bit's event.
_JSON_LINE = re.compile(r"\n(?:" + SHIPPER_PREFIX_SRC + r')?(\{"[^\n]*\})\]?$', re.MULTILINE)
# Loki (``line``), Splunk (``_raw``) and Azure Log Analytics (``LogMessage``) records name it
# otherwise; they are looked for after the common names.
_JSON_MESSAGE_KEYS = ("message", "log", "textPayload", "msg", "line", "_raw", "LogMessage")
# Where an export nests the record: Cloud Logging's jsonPayload, a Splunk export's result,
# an Elasticsearch hit's _source.
_JSON_RECORD_HOLDERS = ("jsonPayload", "result", "_source")
# Fields beside the message that carry the cause: a structured logger's error, a notifier's payload, an access
# log's response body (often JSON itself: its escapes are decoded with the rest of the line).
_JSON_CAUSE_KEYS = (
    "error", "err", "body", "response", "payload", "reason", "detail", "exception", "exc_info", "stack_trace",
)  # fmt: skip
_CAUSE_KEY = re.compile('"(?:' + "|".join(_JSON_CAUSE_KEYS) + ')" ?:')
# A record a structured logger wrote at its fatal level (zap, logrus, zerolog: the program exits
# right after it). The level is kept before the message ("FATAL <msg>", as zap's console
# encoder prints it): the last words of a program that died are a start-up failure, whatever
# they say.
_FATAL_LEVEL = re.compile(r'"(?:level|lvl|severity)" ?: ?"(?:fatal|FATAL|Fatal)"')
FATAL_MARK = "FATAL "
# A message value with no escapes in it: taken as it is, no JSON decoding needed.
_SIMPLE_MESSAGE = re.compile(r'"(?:textPayload|message|log|msg)"(?:: ?|=>)"([^"\\\n]{0,100000})"')


@dataclass
class Document:
    """The normalised paste. Line ``n`` (1-based) of ``text`` is line ``n`` of the paste.

    ``first_line`` is above 1 only when a huge paste was cut to its end: line numbers
    then still count from the top of what the user pasted.
    """

    text: str
    original: str
    first_line: int = 1
    notes: list[str] = field(default_factory=list)
    truncated: bool = False
    # The CSV log exports of ``original`` (found once, here; recognise and the parser read them).
    csv_exports: list[csv_export.Export] = field(default_factory=list, repr=False)
    _starts: array = field(default_factory=lambda: array("q"), repr=False)
    _original_starts: array = field(default_factory=lambda: array("q"), repr=False)
    # Readings of the whole text that several steps of one analysis share (the deployments
    # each line names), kept here so that each is made once per paste.
    shared: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._starts = _line_starts(self.text)
        # Most pastes need no normalising at all: then both texts share one table.
        same = self.original is self.text or self.original == self.text
        self._original_starts = self._starts if same else _line_starts(self.original)

    @property
    def line_count(self) -> int:
        """Number of lines analysed (after any cut); a final newline ends a line, not starts one."""
        count = len(self._starts)
        return count - 1 if count > 1 and self.text.endswith("\n") else count

    @property
    def last_line(self) -> int:
        return self.first_line + self.line_count - 1

    def line_of(self, offset: int) -> int:
        """The paste line number holding character ``offset`` of ``text``."""
        return self.first_line + bisect_right(self._starts, offset) - 1

    def offset_of(self, line: int) -> int:
        """Offset in ``text`` where paste line ``line`` starts."""
        return self._starts[line - self.first_line]

    @cached_property
    def common_label_containers(self) -> list[tuple[int, str]]:
        """(offset, container) of each "Common labels: {...}" line naming a container (logcli,
        Grafana's txt download), found once: every Logs-tab segment asks which is above it."""
        return common_containers(self.original)

    @cached_property
    def otel_records(self) -> list[otel_debug.Record]:
        """The records of the OpenTelemetry debug exporter dumps in it (offsets in
        ``original``), found once: recognise makes their segments, a parser their streams."""
        return otel_debug.records(self.original)

    @cached_property
    def log_stretches(self) -> list[tuple[int, int, str | None, str]]:
        """(start, end, container, prefix) of its Logs-tab stretches (offsets in ``original``).

        Found once: recognise joins them into Logs-tab segments, the Logs-tab parser reads
        the containers from them.
        """
        return list(stretches(self.original, 0, len(self.original)))

    @cached_property
    def wrapped_lines(self) -> frozenset[int]:
        """Paste lines that a terminal cut at its width: they continue on the next line.

        Two shapes: a terminal UI panel line whose text runs into its right border (k9s),
        and, in a plain copy, lines of one exact length that is the longest in the paste
        (the terminal's width). Only pastes up to a few MB are looked at: a terminal copy is
        small, and this needs the length of every line.
        """
        if len(self.text) > MAX_WRAP_SCAN_CHARS:
            return frozenset()
        found: set[int] = set()
        if "│" in self.original or "┃" in self.original:
            for match in _TUI_FULL.finditer(self.original):
                found.add(self.original_line_of(match.start()))
        # Only lines of a wrapping width count; found and measured in C, so a million blank
        # lines cost one regex scan, not a Python step each.
        # Distinct lines only: the same line printed twice (two conditions with one message)
        # is not two lines a terminal cut at its width.
        # A cut that fell on a space leaves the line one blank long at its end (normalising
        # takes it off): measured as pasted. A line padded with many blanks (a Windows
        # console's copy pads every line to its width) is no cut.
        long_lines = set(_LONG_LINE.findall(self.text)) | set(_LONG_LINE_ONE_BLANK.findall(self.original))
        lengths = Counter(map(len, long_lines))
        if lengths:
            width, count = max(lengths.items(), key=lambda item: (item[1], item[0]))
            if count >= 2 and count * 5 >= sum(lengths.values()) and width >= max(lengths):
                # A line of exactly the width, followed by a line with text on it.
                # Not a table row followed by another row: rows padded to one width are not
                # cut lines (both have column gaps; a cut's continuation is running text).
                cut = re.compile(rf"^([^\n]{{{width}}})\n(?=([ \t]*[^\s][^\n]*))", re.MULTILINE)
                found.update(
                    self.line_of(match.start())
                    for match in cut.finditer(self.text)
                    if not (_COLUMN_GAP.search(match.group(1)) and _COLUMN_GAP.search(match.group(2)))
                )
                # A cut that fell on a space: the width as pasted, one blank shorter once
                # normalising took the line's last blanks off.
                on_blank = re.compile(
                    rf"^([^\n]{{{width - 2}}}[^ \t\n][ \t])\n(?=([ \t]*[^\s][^\n]*))", re.MULTILINE
                )
                for match in on_blank.finditer(self.original):
                    line = self.original_line_of(match.start())
                    if self.line(line) == match.group(1).rstrip() and not _COLUMN_GAP.search(match.group(2)):
                        found.add(line)
            elif lengths[longest := max(lengths)] == 1 and longest in TERMINAL_WIDTHS:
                # One line cut, at a width terminals are set to, is the longest line: a cut
                # when it falls mid-word (a letter or digit on both sides, the next line
                # going on in lower case at its first column, not starting a record).
                cut = re.compile(rf"^([^\n]{{{longest - 1}}}[A-Za-z0-9])\n(?=[a-z0-9%])", re.MULTILINE)
                for match in cut.finditer(self.text):
                    line = self.line_of(match.start())
                    following = self.original_line(line + 1)  # as pasted: a prefix taken off starts a record
                    if following == self.line(line + 1) and not RECORD_START.match(following):
                        found.add(line)
        return frozenset(found)

    def joined_line(self, line: int, limit: int = 6) -> str:
        """``line`` with the lines it continues on when a terminal wrapped it (else as it is)."""
        text = self.line(line)
        current = line
        while current in self.wrapped_lines and current - line < limit:
            current += 1
            text += self.continuation(current)
        return text

    def continuation(self, line: int) -> str:
        """What ``line`` adds to the wrapped line before it: the space a terminal's cut fell
        on (normalising took it off), and the line, its panel indent taken off."""
        following = self.line(line)
        space = " " if self.cut_after_blank(line - 1) and not following.startswith(" ") else ""
        return space + (following.strip() if following.startswith("  ") else following)

    def joiner(self, line: int) -> str:
        """How ``line`` continues on the next one: directly when the terminal cut it mid-word.
        A cut that falls on a space leaves it at the line's end or as the next line's one
        leading space, and the words stay apart (more spaces there are a panel's column
        alignment, as in k9s, not a space of the text)."""
        if line not in self.wrapped_lines:
            return " "
        following = self.line(line + 1)
        if self.cut_after_blank(line) or (following[:1] == " " and following[1:2] not in (" ", "\t")):
            return " "
        return ""

    def cut_after_blank(self, line: int) -> bool:
        """Whether ``line`` ends, as pasted, in a blank: a terminal's cut fell on a space
        (normalising takes a line's last blanks off)."""
        return _slice_line(self.original, self._original_starts, line - self.first_line).endswith((" ", "\t"))

    def original_line_of(self, offset: int) -> int:
        """The paste line number holding character ``offset`` of ``original``."""
        return self.first_line + bisect_right(self._original_starts, offset) - 1

    def original_offset_of(self, line: int) -> int:
        """Offset in ``original`` where paste line ``line`` starts (its end for lines past it)."""
        index = line - self.first_line
        if index <= 0:
            return 0
        return self._original_starts[index] if index < len(self._original_starts) else len(self.original)

    def line(self, line: int) -> str:
        """Normalised text of paste line ``line``."""
        return _slice_line(self.text, self._starts, line - self.first_line)

    def original_line(self, line: int) -> str:
        """The paste's own line (ANSI removed), for showing as evidence."""
        text = _slice_line(self.original, self._original_starts, line - self.first_line).rstrip()
        if len(text) > MAX_EVIDENCE_CHARS:
            text = text[: MAX_EVIDENCE_CHARS - 1] + "…"
        return text

    def lines(self, start: int, end: int) -> list[str]:
        """Normalised lines ``start``..``end`` inclusive (paste line numbers)."""
        end = min(end, self.last_line)
        return [self.line(n) for n in range(max(start, self.first_line), end + 1)]


def starts_of_lines_holding(text: str, keyword: str) -> Iterator[int]:
    """Offset of the start of each line holding ``keyword``, in order, each line once.

    ``str.find`` does the scanning (C speed); the caller stops when it has enough.
    """
    position = text.find(keyword)
    while position != -1:
        yield text.rfind("\n", 0, position) + 1
        end = text.find("\n", position)
        if end == -1:
            return
        position = text.find(keyword, end)


def starts_of_lines_matching(text: str, words: tuple[str, ...], pattern: re.Pattern[str]) -> set[int]:
    """Offsets of the starts of the lines that hold one of ``words`` and that ``pattern``
    matches from their start: a reader whose lines all hold a word of their own tries only
    those, so a big paste without the words costs one scan per word, not a step per line."""
    return {
        start for word in words for start in starts_of_lines_holding(text, word) if pattern.match(text, start)
    }


def starts_of_lines_holding_from_end(text: str, keyword: str) -> Iterator[int]:
    """``starts_of_lines_holding`` from the last such line up: the tail of a huge paste is
    reached without scanning its middle."""
    end = len(text)
    while end > 0:
        position = text.rfind(keyword, 0, end)
        if position == -1:
            return
        start = text.rfind("\n", 0, position) + 1
        yield start
        end = start


_PLUS_ONE = (1).__add__


def _line_starts(text: str) -> array:
    """Offset of each line's start. Built from the line lengths in C (``split`` + ``accumulate``),
    not by a Python loop per line: a paste of a million blank lines must cost milliseconds."""
    starts = array("q", [0])
    starts.extend(accumulate(map(_PLUS_ONE, map(len, text.split("\n")))))
    starts.pop()  # the offset after the last line is not a line start
    return starts


def _slice_line(text: str, starts: array, index: int) -> str:
    if index < 0 or index >= len(starts):
        return ""
    begin = starts[index]
    end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
    return text[begin:end]


def _utf16_without_bom(data: bytes | bytearray) -> str | None:
    """ "utf-16-le" / "utf-16-be" when the bytes look like UTF-16 text without a BOM.

    ASCII text in UTF-16 has a NUL in every other byte: in the odd positions for little
    endian, the even ones for big endian. Valid UTF-8 text never has that many NULs.
    """
    sample = bytes(data[:4096])
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    half = len(sample) // 2
    if odd >= 0.9 * half and even < 0.1 * half:
        return "utf-16-le"
    if even >= 0.9 * half and odd < 0.1 * half:
        return "utf-16-be"
    return None


def decode(data: bytes | bytearray | str) -> tuple[str, list[str]]:
    """Bytes to text, saying what was wrong rather than failing.

    Invalid UTF-8 is replaced (U+FFFD) and reported; UTF-16 with a BOM (what some
    Windows terminals save) is decoded as such, and UTF-16 without one is recognised by its
    NUL bytes and decoded, with a note.
    """
    notes: list[str] = []
    if isinstance(data, str):
        # A file a spreadsheet saved ("CSV UTF-8") starts with a byte-order mark, which a
        # text read keeps: it is no character of the paste (the first line is a CSV header).
        return (data[1:] if data.startswith("\ufeff") else data), notes
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), notes
    byte_order = _utf16_without_bom(data)
    if byte_order is not None:
        notes.append(
            f"The input is UTF-16 ({byte_order.upper()}) without a byte-order mark; it was read as such."
        )
        return data.decode(byte_order, errors="replace"), notes
    try:
        return data.decode("utf-8-sig"), notes
    except UnicodeDecodeError:
        notes.append("The input is not valid UTF-8; undecodable bytes were replaced with '\ufffd'.")
        return data.decode("utf-8", errors="replace"), notes


def normalise(data: bytes | bytearray | str, lines_before: int = 0) -> Document:
    """Build the ``Document`` the rest of the engine reads.

    ``lines_before``: lines the caller dropped from the top of a huge input before
    passing the rest; they shift line numbers and count as a cut.
    """
    text, notes = decode(data)
    first_line = lines_before + 1
    truncated = lines_before > 0
    if truncated:
        notes.append(f"The input was too large; only its end, from line {first_line}, was analysed.")
    if len(text) > MAX_INPUT_CHARS:
        cut = text.find("\n", len(text) - MAX_INPUT_CHARS)
        cut = len(text) - MAX_INPUT_CHARS if cut == -1 else cut + 1
        first_line += text.count("\n", 0, cut)
        text = text[cut:]
        truncated = True
        notes.append(
            f"The input is larger than {MAX_INPUT_CHARS // (1024 * 1024)} MB; only its last "
            f"{MAX_INPUT_CHARS // (1024 * 1024)} MB (from line {first_line}) were analysed."
        )
    # Line endings first, so every later pattern sees "\n" only.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    for mark, pattern in _LITERAL_ANSI:
        if mark in text:
            text = pattern.sub("", text)
    original = text
    # Control characters are rare; look for them in the ends of a big paste only.
    sample = text if len(text) <= 2 * 65536 else text[:65536] + text[-65536:]
    control = _CONTROL.search(sample) is not None
    if control and _looks_binary(original):
        notes.append("The input contains binary data; it was analysed as text where possible.")
    # The line-level clean-up runs chunk by chunk (chunks end at a newline): each step's
    # temporary copies stay small, so a 50 MB paste needs one extra copy, not four.
    gutter = _has_gutter(original)
    # A CSV log export: each row becomes its message cell, line for line (a quoted cell may
    # span lines, so this reads the whole text, not chunks; it is rare and found in one search).
    exports = list(csv_export.exports(original))
    unwrapped = _unwrap_csv_exports(original, exports)
    # Pretty-printed log records: each record's text line becomes the text (``json_records``).
    unwrapped = json_records.unwrap(unwrapped, RECORD_LINE_JOINER)
    # gcloud's YAML LogEntry documents: each textPayload becomes the text (``yaml_records``).
    unwrapped = yaml_records.unwrap(unwrapped, RECORD_LINE_JOINER)
    # The OpenTelemetry Collector's debug exporter: each record's body becomes the text.
    unwrapped = otel_debug.unwrap(unwrapped)
    parts = []
    for start, end in chunks(unwrapped):
        chunk = unwrapped[start:end]
        parts.append(_clean_lines(chunk, control, gutter))
    text = parts[0] if len(parts) == 1 else "".join(parts)
    if text == original:
        text = original  # nothing changed: share the string
    return Document(
        text=text,
        original=original,
        first_line=first_line,
        notes=notes,
        truncated=truncated,
        csv_exports=exports,
    )


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of about ``size`` characters, each ending after a
    newline (one piece, empty, for an empty text). Normalising and redaction both work piece by
    piece, so a 50 MB paste's temporary copies stay small."""
    bounds = []
    start = 0
    while start < len(text):
        end = text.find("\n", start + size)
        end = len(text) if end == -1 else end + 1
        bounds.append((start, end))
        start = end
    return bounds or [(0, 0)]


def _clean_lines(chunk: str, control: bool, gutter: bool = False) -> str:
    """Control characters, tabs, Logs-tab prefixes and JSON-lines envelopes, for whole lines."""
    if control:
        chunk = _CONTROL.sub(" ", chunk)
    if gutter:
        chunk = _per_line_sub(_GUTTER, "\n", chunk)
    if " \n" in chunk or "\t\n" in chunk:
        # Spaces at a line's end say nothing, and a console's copy pads every line with them
        # (Windows' to its width): a table's last cell, a message's last word or a line's
        # length (a terminal's cut) reads the same without them.
        chunk = _TRAILING_BLANKS.sub("\n", chunk)
    if "\t" in chunk:
        # Every tab becomes at least two spaces: tab-separated columns (old kubectl event
        # tables) stay separable by "two or more spaces", and alignment is kept.
        chunk = chunk.replace("\t", " \t").expandtabs(8)
    if "│" in chunk or "┃" in chunk or "╷" in chunk:
        chunk = _per_line_sub(_TUI_BORDER, _tui_content, chunk)
        chunk = _per_line_sub(_LEFT_BORDER, "\n", chunk)
    if "```" in chunk or "~~~" in chunk:
        chunk = _per_line_sub(_FENCE, "\n", chunk)
    if "\n\n    " in chunk:
        chunk = _per_line_sub(_INDENTED_CODE, _dedented_code, chunk)
    for quote in _QUOTES:
        if quote.search(chunk):
            chunk = _per_line_sub(quote, "\n", chunk)
    # The checks for characters outside ASCII cost nothing on an ASCII chunk (CPython knows).
    plain = chunk.isascii()
    if not plain and _MOJIBAKE_MARK.search(chunk):
        chunk = _MOJIBAKE_LINE.sub(_undo_mojibake, chunk)
    if not plain and any(quote in chunk for quote in _CURLY):
        chunk = chunk.translate(_STRAIGHT_QUOTES)
    if "\u00a0" in chunk or "\u202f" in chunk:
        chunk = chunk.replace("\u00a0", " ").replace("\u202f", " ")  # spaces copied from a web page
    if "<" in chunk and _HTML_TAG.search(chunk) is not None:
        chunk = _HTML_TAG.sub(_html_tag_text, chunk)
    if "&" in chunk:
        chunk = _HTML_ENTITY.sub(_html_character, chunk)
    if "<" in chunk:
        chunk = _REDACTED.sub(_name_shaped, chunk)
    chunk = _per_line_sub(_LOG_PREFIX, "\n", chunk)
    if '{"' in chunk:
        chunk = _unwrap_json_lines(chunk)
    return chunk


def names_shaped(text: str) -> str:
    """``text`` with each redaction placeholder read as a name of the same length (as the
    normalised text reads it), so offsets into ``text`` still hold."""
    return _REDACTED.sub(_name_shaped, text) if "<" in text else text


def _name_shaped(match: re.Match[str]) -> str:
    """A redaction placeholder (<model-1>, <namespace-2>, <token>) read as the name it
    replaced: same length, name characters only, so a redacted paste reads as the original
    (a pod name in a table, a namespace in a message) and keeps its diagnosis."""
    return "x" + match.group(0)[1:-1] + "x"


def _tui_content(match: re.Match[str]) -> str:
    return "\n" + match.group(1).rstrip()


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    return controls > max(8, len(sample) // 100)


def _unwrap_csv_exports(text: str, exports: list[csv_export.Export]) -> str:
    """Replace each row of a CSV log export by its message cell, keeping its line count."""
    parts: list[str] = []
    pos = 0
    for export in exports:
        for row in export.rows:
            parts.append(text[pos : row.start])
            count = text.count("\n", row.start, row.end) + (not text.endswith("\n", row.start, row.end))
            lines = csv_export.message_lines(row, export.columns, max(count, 1))
            parts.append("\n".join(lines) + ("\n" if text.endswith("\n", row.start, row.end) else ""))
            pos = row.end
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def _unwrap_json_lines(text: str) -> str:
    """Replace each JSON-lines record by its message, keeping one line per record.

    Cloud Logging exports put the text in ``textPayload`` or ``jsonPayload.message``;
    fluent-bit / docker use ``log``; structured app logs use ``message``/``msg``.
    Lines that are not such records are kept as they are.
    """

    def message_of(match: re.Match[str]) -> str:
        return "\n" + _message_line(match.group(1))

    return _per_line_sub(_JSON_LINE, message_of, text)


# Keys of Kubernetes status objects: a one-line JSON holding them is read as structure
# (a container status, a condition, an event), not unwrapped as a log record.
_STATUS_KEYS = re.compile(
    r'"(?:lastState|containerStatuses|exitCode|involvedObject|conditions|lastFailureInfo)"'
)


# Between the lines of one record's message, so the record stays on one line (``views`` splits
# the lines apart again for the message signals).
RECORD_LINE_JOINER = " | "


def record_line(line: str) -> str:
    """What normalising makes of one JSON-lines record's line (its message, ``FATAL_MARK``
    before it at the fatal level), for a line put together after normalising (a record a
    terminal wrapped over several lines); any other line as it is."""
    return _message_line(line) if line.lstrip().startswith("{") else line


def _message_line(line: str) -> str:
    """A JSON-lines record's message, or the line itself when it is not such a record; a
    record at the fatal level keeps that level before its message (``FATAL_MARK``)."""
    if _STATUS_KEYS.search(line) is not None:
        return line
    message = _record_message(line)
    if message is not line and _FATAL_LEVEL.search(line) is not None:
        return FATAL_MARK + message
    return message


def _record_message(line: str) -> str:
    """A JSON-lines record's message, or the line itself (the same object) when it is not
    such a record."""
    if '"apiVersion"' not in line:
        simple = _SIMPLE_MESSAGE.search(line) if _CAUSE_KEY.search(line) is None else None
        if simple is not None:  # the common case, without building the whole record
            return simple.group(1).rstrip()
    try:
        # fluent-bit's Ruby-style maps read as JSON ("key"=>"value" is "key":"value").
        record = safe_json.loads(line.replace('"=>', '":') if '"=>' in line else line)
    except (ValueError, RecursionError):
        return line
    if not isinstance(record, dict) or "apiVersion" in record:
        return line  # a one-line Kubernetes object is parsed as such, not unwrapped
    found = _message_in(record)
    if found is None:
        return line
    message, holder = found
    # A structured logger puts the cause beside the message ({"msg": "...", "error": "..."}),
    # in the record itself or in its jsonPayload (Cloud Logging).
    for key in _JSON_CAUSE_KEYS:
        cause = holder.get(key)
        if isinstance(cause, str) and cause and cause not in message:
            message = f"{message}: {cause}"
    # One line per record: a traceback inside the message keeps its lines apart with " | ".
    return message.strip().replace("\n", RECORD_LINE_JOINER)


# The markup of text copied from an HTML page's source (a dashboard's events table, a toast's
# <div>, a Jira comment's <p> and <br/>): only these element names, so a Python "<module>", Go's
# "<nil>", kubectl's "<none>" or a redaction "<token>" is never taken for a tag. Removed before
# the entities are decoded, so an escaped "&lt;div&gt;" stays text.
_HTML_TAG = re.compile(
    r"</?(?i:(?P<cell>td|th|tr|div|p|pre|li|ul|ol|table|thead|tbody|tfoot|blockquote|h[1-6]|br|hr)"
    r"|span|a|b|i|u|em|strong|code|tt|kbd|samp|font|small)(?:\s[^<>\n]{0,300})?/?>"
)


def _html_tag_text(match: re.Match[str]) -> str:
    """Two spaces for a cell, block or line-break tag, so table cells stay columns and a toast's
    title stays apart from its text; nothing for an inline tag (<b>, <span>, <code>), which sits
    inside a sentence. The line count never changes."""
    return "  " if match.group("cell") is not None else ""


# Text copied from an HTML page's source or an escaped log viewer: &quot;, &#34;, &amp; ...
_HTML_ENTITY = re.compile(r"&(?:quot|apos|amp|lt|gt|nbsp|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")
_HTML_NAMED = {"&quot;": '"', "&apos;": "'", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": " "}


def _html_character(match: re.Match[str]) -> str:
    entity = match.group()
    named = _HTML_NAMED.get(entity)
    if named is not None:
        return named
    digits = entity[2:-1]
    code = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
    # Only printable characters: an entity never brings back a control character or a newline.
    return chr(code) if 32 <= code < 0x110000 and not 0x7F <= code < 0xA0 else entity


def _has_gutter(text: str) -> bool:
    """True when nearly every line of the paste's start carries a line-number gutter whose
    numbers count up: removed everywhere then, so each line reads as what it numbers."""
    numbers = []
    lines = 0
    for found in islice(_TEXT_LINE.finditer(text, 0, _GUTTER_SAMPLE * 2000), _GUTTER_SAMPLE):
        lines += 1
        match = _GUTTER_LINE.match(found.group())
        if match is not None:
            numbers.append(int(match.group().strip(" \t|│┃→:")))
    if lines < 3 or len(numbers) * 10 < lines * 9:
        return False
    return all(later > earlier for earlier, later in pairwise(numbers))


def _per_line_sub(
    pattern: re.Pattern[str], replacement: str | Callable[[re.Match[str]], str], text: str
) -> str:
    """``pattern.sub`` for a pattern that starts with the newline before a line."""
    return pattern.sub(replacement, "\n" + text)[1:]


def _message_in(record: dict) -> tuple[str, dict] | None:
    """(message, the object holding it): the record's own, else that of the object an
    export nests it in (``_JSON_RECORD_HOLDERS``)."""
    holders: list[object] = [record] + [record.get(key) for key in _JSON_RECORD_HOLDERS]
    for holder in holders:
        if not isinstance(holder, dict):
            continue
        for key in _JSON_MESSAGE_KEYS:
            value = holder.get(key)
            if isinstance(value, str):
                return value, holder
    return None
