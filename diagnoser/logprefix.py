"""The Logs tab's line prefix: "[pod] [container] <RFC3339> " (or without brackets).

``normalise`` strips it, ``recognise`` finds the runs of prefixed lines and the
Logs-tab parser records which container printed each run. All three share this
module so the prefix is defined once. Runs are found stretch by stretch: a stretch
is a series of lines starting with the same literal "[pod] [container] " text, and
its end is found with one search for the first line *not* starting with that literal,
so a 100k-line log costs a few regex calls per container switch, not one per line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

# Not a timestamp cell of a table whose next cell is an event's TYPE (``kubectl get events
# -o custom-columns=TIME:.lastTimestamp,TYPE:.type,...``): that row is an event, not a log line.
_TIMESTAMP_SRC = (
    r"\d{4}-\d\d-\d\d(?:T\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?"
    r"| \d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)) "
    r"(?![ \t]{1,64}(?:Normal|Warning)[ \t]{2})"
)
# ``stern`` without --timestamps: "<pod> <container> text", the pod named as a Deployment's
# pods are (a ReplicaSet hash and a five-character suffix), so plain text never reads as one.
# stern keeps each line's own indentation (a traceback's frames), so spaces may follow.
_STERN_SRC = (
    r"(?P<e>[a-z0-9][a-z0-9.-]{0,200}-[a-z0-9]{5,10}-[a-z0-9]{5}) (?P<f>[a-z][a-z0-9-]{0,62})"
    r" (?=[ \t]{0,200}\S)"
)
# ``kubectl logs --prefix`` without --timestamps: "[pod/<pod>/<container>] text".
_KUBECTL_PREFIX_SRC = r"\[(?P<g>pod/[^/\]\n]{1,253}/[^/\]\n]{1,63})\] "
# ``logcli query``'s default output: the stream's labels after the timestamp,
# '{app="m-1", container="transformer", pod="..."} ' (the labels all its lines share are
# printed once above them, "Common labels: {...}", and left out here).
_LABELS_BODY = (
    r'[A-Za-z_][A-Za-z0-9_]{0,100}="[^"\n]{0,500}"(?:, [A-Za-z_][A-Za-z0-9_]{0,100}="[^"\n]{0,500}"){0,50}'
)
_LABEL_SET_SRC = rf"(?:\{{(?P<h>{_LABELS_BODY})\}} )?"
# Grafana's "Download logs" as txt: "<epoch ms>\t<ISO time>\t" (older versions:
# "YYYY-MM-DD HH:mm:ss.SSS\t"), the labels once above the rows ("Common labels: {...}").
# ``normalise`` reads the tab as the spaces it expands to (" \t" to the next tab stop).
_TAB = r"(?:\t| {2,9})"
# Grafana Explore's rows copied from the page: "<time>\t{<labels>}\t<line>".
_TAB_TIMESTAMP_SRC = (
    rf"(?:\d{{10,16}}{_TAB})?\d{{4}}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d{{1,9}})?Z?{_TAB}"
    r"(?![ \t]{0,64}(?:Normal|Warning)[ \t]{2})"  # not an event table's time cell (see above)
    rf"(?:\{{(?P<i>{_LABELS_BODY})\}}{_TAB})?"
)
# An RFC 5424 syslog header (a syslog forwarder, Papertrail's archives, rsyslog's RFC 5424
# template): "<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG". A log
# shipper's syslog output names the pod as HOSTNAME and the container as APP-NAME; a node's
# own daemons name the node and the program (kubelet). Each field is printable ASCII without
# spaces, so the repeats never overlap; the structured data ("[id k=\"v\"][id2 ...]") ends at
# the first "]" before a space: linear. Tried first: "<134>1" is no pod name.
_SYSLOG_SRC = (
    r"<\d{1,3}>\d{1,2} (?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)|-) "
    r"(?P<j>[!-~]{1,255}) (?P<k>[!-~]{1,48}) [!-~]{1,128} [!-~]{1,32} "
    r"(?:-|\[[^\n]{0,4000}?\])(?: |$)"
)
LOG_PREFIX_SRC = (
    _SYSLOG_SRC + "|"
    r"(?:(?:\[(?P<a>[^\]\n]{1,253})\] ?(?:\[(?P<b>[^\]\n]{1,253})\] ?)?"
    r"|(?P<c>[a-z0-9<][a-z0-9.<>-]{0,252}) (?:(?P<d>[a-z0-9<][a-z0-9.<>-]{0,252}) )?)?"
    + _TIMESTAMP_SRC
    + _LABEL_SET_SRC
    + "|"
    + _STERN_SRC
    + "|"
    + _KUBECTL_PREFIX_SRC
    + "|"
    + _TAB_TIMESTAMP_SRC
    + ")"
)
# A label set's container: Loki's "container" label (promtail, the Grafana agent), or
# "container_name"; written k="v" by logcli, "k":"v" in Grafana's JSON of the common labels.
_LABEL_CONTAINER = re.compile(
    r'(?:^|[{,] ?)"?(?:container|container_name)"?(?:=|:)"(?P<c>[A-Za-z0-9][A-Za-z0-9._-]{0,252})"'
)
# Without a container label, the pod's, job's or app's name tells the component.
_LABEL_WORKLOAD = tuple(
    re.compile(rf'(?:^|[{{,]) ?"?{name}"?(?:=|:)"(?P<c>[A-Za-z0-9][A-Za-z0-9._-]{{0,252}})"')
    for name in ("pod", "job_name", "app")
)
# The labels every line below shares, printed once by logcli and by Grafana's txt download.
_COMMON_LABELS = re.compile(
    r"(?:^|\n)(?:\d{4}/\d\d/\d\d \d\d:\d\d:\d\d )?Common labels: (\{[^\n]{0,20000}\})"
)
LOG_LINE = re.compile("^" + LOG_PREFIX_SRC, re.MULTILINE)
# The same after a newline: searching for a pattern that starts with a literal character
# skips to each newline at C speed, where "^" is tried at every position (5-10x slower).
# ``normalise`` strips prefixes with it too.
# The lookahead holds the characters a prefix can start with, so a blank line fails at once.
NEXT_LOG_LINE = re.compile(r"\n(?=[\[a-z0-9<])(?:" + LOG_PREFIX_SRC + ")")


def next_log_line(text: str, pos: int, stop: int) -> re.Match[str] | None:
    """The first prefixed line starting at or after ``pos`` (a line start), before ``stop``."""
    if pos == 0 or text[pos - 1] == "\n":
        here = LOG_LINE.match(text, pos, stop)
        if here is not None:
            return here
    found = NEXT_LOG_LINE.search(text, pos, stop)
    return None if found is None else LOG_LINE.match(text, found.start() + 1, stop)


def container_of(match: re.Match[str]) -> str | None:
    """The container of a prefixed line: the second name if two, else the only one.

    ``kubectl logs --prefix`` writes one bracket, "[pod/<pod>/<container>]": its last part.
    """
    if match.group("j"):  # a syslog header: the program (APP-NAME; "-" names none)
        app = match.group("k")
        return None if app == "-" else app
    second = match.group("b") or match.group("d") or match.group("f")
    if second:
        return second.strip()
    labels = _label_text(match)
    if labels:
        for pattern in (_LABEL_CONTAINER, *_LABEL_WORKLOAD):
            found = pattern.search(labels)
            if found is not None:
                return found.group("c")
    first = match.group("a") or match.group("c") or match.group("g")
    return first.strip().rsplit("/", 1)[-1] if first else None


def literal_prefix(match: re.Match[str]) -> str:
    """The "[pod] [container] " text before the timestamp, exactly as it appears."""
    for group in ("b", "d", "f", "a", "c", "g"):
        if match.group(group):
            end = match.end(group)
            text = match.string
            while end < match.end() and text[end] in "] ":
                end += 1
            return text[match.start() : end]
    return ""


@lru_cache(maxsize=256)
def _not_prefixed(literal: str) -> re.Pattern[str]:
    return re.compile(r"^(?!" + re.escape(literal) + ")", re.MULTILINE)


def stretches(text: str, begin: int, stop: int) -> Iterator[tuple[int, int, str | None, str]]:
    """(start, end, container, prefix) of each stretch of prefixed lines in ``text[begin:stop]``.

    ``end`` is the offset of the first line after the stretch. Consecutive stretches
    (end == next start) form one Logs-tab run. ``prefix`` is the stretch's literal
    "[pod] [container] " text ("" with timestamps only): it names the process that printed it.
    """
    pos = begin
    while pos < stop:
        match = next_log_line(text, pos, stop)
        if match is None:
            return
        while match is not None:
            literal = literal_prefix(match)
            following = None
            if literal:
                next_line = _next_line(text, match.end(), stop)
                if next_line < stop and not text.startswith(literal, next_line):
                    end = next_line  # a one-line stretch: no pattern to compile for it
                else:
                    after = _not_prefixed(literal).search(text, match.end(), stop)
                    end = stop if after is None else max(after.start(), match.end())
            else:  # only timestamps: one stretch for the whole run of such lines (and labels)
                end = _next_line(text, match.end(), stop)
                while end < stop:
                    following = LOG_LINE.match(text, end, stop)
                    if (
                        following is None
                        or literal_prefix(following)
                        or _stream_key(following) != _stream_key(match)
                    ):
                        break
                    end = _next_line(text, following.end(), stop)
                    following = None
            yield match.start(), end, container_of(match), literal or _labels(match) or _syslog_source(match)
            if following is None and end < stop:
                following = LOG_LINE.match(text, end, stop)
            match = following
            pos = end


def _next_line(text: str, pos: int, stop: int) -> int:
    newline = text.find("\n", pos, stop)
    return stop if newline == -1 else newline + 1


def _label_text(match: re.Match[str]) -> str | None:
    """The label set of a logcli line or of a Grafana Explore row, inside its braces."""
    return match.group("h") or match.group("i")


def _stream_key(match: re.Match[str]) -> str | None:
    """What names a timestamped line's stream when no literal prefix does: its label set, or
    a syslog header's host and program (the timestamp before them differs line by line)."""
    return _label_text(match) or _syslog_source(match) or None


def _syslog_source(match: re.Match[str]) -> str:
    """A syslog header's "HOSTNAME APP-NAME ", which names its stream as a prefix does."""
    return f"{match.group('j')} {match.group('k')} " if match.group("j") else ""


def _labels(match: re.Match[str]) -> str:
    """A line's label set ("{...} "), which names its stream as a prefix does."""
    labels = _label_text(match)
    return "{" + labels + "} " if labels else ""


def common_containers(text: str) -> list[tuple[int, str]]:
    """(offset, container) of each "Common labels: {...}" line of ``text`` naming a container:
    the container of the label-less lines below it."""
    found: list[tuple[int, str]] = []
    if "Common labels: " not in text:
        return found
    for match in _COMMON_LABELS.finditer(text):
        container = _LABEL_CONTAINER.search(match.group(1))
        if container is not None:
            found.append((match.start(1), container.group("c")))
    return found
