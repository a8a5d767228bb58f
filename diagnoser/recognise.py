"""Split a paste into segments of one input kind each.

A user often pastes several things at once: the History-tab error message, then a
``kubectl describe pod``, then some log lines. Each part is read by its own parser,
so we first find where each part starts and ends.

Speed matters more than elegance here: a paste can be a 50 MB log that is almost
all noise. Markers are therefore found with whole-text compiled regexes (C speed);
Python only loops over *markers* and *runs* of lines, never over every line. Runs of
Logs-tab lines are found with two searches per run ("first prefixed line", then
"first line that is not prefixed"), so a 1-million-line log costs a handful of
regex calls.

Priority, highest first: Logs-tab runs (their prefix is unambiguous), structured
blocks (History, describe, events table, -o yaml/json, KServe status), JSON-lines
runs, image-builder clusters, and finally plain container log for what is left.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from diagnoser.json_records import record_blocks
from diagnoser.log_sources import SHIPPER_PREFIX_SRC
from diagnoser.model import (
    KIND_BUILDER_LOG,
    KIND_CONTAINER_LOG,
    KIND_CSV_LOG,
    KIND_DESCRIBE,
    KIND_EVENTS,
    KIND_GET_TABLE,
    KIND_HISTORY,
    KIND_JSON_LOG,
    KIND_KSERVE_STATUS,
    KIND_LOGS,
    KIND_OBJECT_JSON,
    KIND_OBJECT_YAML,
    KIND_OTEL_LOG,
    Segment,
)
from diagnoser.normalise import Document, starts_of_lines_holding
from diagnoser.parsers._util import WAITING_REASONS
from diagnoser.parsers.event_rows import CUSTOM_HEADER_SRC, ROW_SRC
from diagnoser.parsers.get_tables import CRICTL_HEADER_SRC, POD_ROW_SRC
from diagnoser.parsers.kserve_status import REVISION_ROW_SRC
from diagnoser.prompts import PROMPT_SRC
from diagnoser.yaml_records import runs as yaml_runs

# --- markers -------------------------------------------------------------------------

_HISTORY_FIRST_SRC = (
    r"[ \t]{0,8}(?:error building pyfunc image\b|timeout building pyfunc image\b"
    r"|error (?:deploying|creating|updating) inference service\b"
    r"|error deploying (?:virtual service|pod disruption budget)\b"
    r"|error creating job spec\b|python version [^\n]{0,40}is not supported|python version is not set"
    r"|error creating namespace\b|timeout creating namespace\b|CPU request is too large"
    r"|memory request (?:is )?too large|requested max replicas is more than)"
)
_HISTORY_HEADING_SRC = (
    r"[ \t]{0,4}(Model service conditions|Job conditions|Pod container status|Pod last termination message)"
    r":[ \t]*$"
)
HISTORY_HEADING = re.compile("^" + _HISTORY_HEADING_SRC, re.MULTILINE)
_NAMESPACE = re.compile(r"^Namespace:[ \t]", re.MULTILINE)
# Every block marker in one alternation, so a 50 MB paste is scanned once, not ten
# times (each alternative is anchored at a line start, so most positions fail fast).
# Each marker: (group name, the characters its line can start with, pattern). The first
# characters become one lookahead, so a line that can start no marker (a blank line, most
# log lines) costs one character test instead of a try of every alternative.
_MARKER_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("history", " \tetpCmr", _HISTORY_FIRST_SRC),
    ("heading", " \tMJP", _HISTORY_HEADING_SRC),
    ("describe", "N", r"Name:[ \t]+\S"),
    (
        "events",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        r"(?:NAMESPACE[ \t]+)?LAST SEEN[ \t]+TYPE[ \t]+REASON[ \t]+OBJECT[ \t][^\n]{0,300}MESSAGE"
        rf"|{CUSTOM_HEADER_SRC}",
    ),
    # A whole object, or a bare sequence of them ("- apiVersion: ..." items of a trimmed list).
    ("yaml", "ak-", r"(?:- )?apiVersion:[ \t]+\S|kind:[ \t]+[A-Z]"),
    (
        "json",
        "{",
        r'\{[ \t]*\n[ \t]{1,16}"(?:apiVersion|kind|items|metadata)"[ \t]*:'
        r'|\{(?=[ \t]{0,4}")(?=[^\n]{0,200000}"apiVersion"[ \t]{0,4}:)',
    ),
    ("status", "s", r"status:[ \t]*$"),
    ("conditions", " \tc", r"[ \t]{0,12}conditions:[ \t]*\n[ \t]{0,14}- "),
    (
        "conditions_describe",
        " \tC",
        r"[ \t]{0,12}Conditions:[ \t]*\n[ \t]{1,16}(?:Last Transition Time|Last Update Time|Message"
        r"|Reason|Severity|Status|Type):",
    ),
    (
        "kserve_table",
        "N",
        r"NAME[ \t]+(?:URL[ \t]+(?:READY|LATESTCREATED[^\n]{0,300}READY)|CONFIG NAME[ \t][^\n]{0,300}READY)",
    ),
)
_MARKER_FIRST = "".join(sorted(set("".join(first for _, first, _ in _MARKER_SOURCES))))
_MARKERS = re.compile(
    f"^(?=[{re.escape(_MARKER_FIRST)}])(?:"
    + "|".join(f"(?P<{name}>{body})" for name, _, body in _MARKER_SOURCES)
    + ")",
    re.MULTILINE,
)
_DESCRIBE_KSERVE = re.compile(
    r"^(?:Kind:[ \t]+(?:InferenceService|Service|Configuration|Revision|Route)[ \t]*$"
    r"|API Version:[ \t]+serving\.(?:kserve\.io|knative\.dev)"
    # Cut from "Status:" on (sed, head): keys only KServe and Knative status blocks have.
    r"|[ \t]{2,16}(?:Severity|Model Status|Latest Created Revision|Latest Ready Revision):)",
    re.MULTILINE,
)

_NOT_JSON_RECORD = re.compile(r'^(?!\{")', re.MULTILINE)

_BUILDER = re.compile(
    # The lookahead: the characters a builder line can start with (blank lines fail on it).
    r"^(?=[ \tIWEDFTePRCS])[ \t]{0,4}"
    r"(?:(?P<strong>(?:INFO|WARN|ERRO|DEBU|FATA|TRAC)\[\d{4,7}\] |error building image"
    r"|error checking push permissions|Pip subprocess error|ResolvePackageNotFound|CondaEnvException"
    r"|CondaValueError|Step \d{1,4}/\d{1,4} : )|(?P<weak>Collecting |ERROR: (?:Could not find a version"
    r"|No matching distribution)|Solving environment|Downloading |Installing collected packages))",
    re.MULTILINE,
)
_BUILDER_GAP_CHARS = 20000  # markers further apart than this start a new cluster
_BUILDER_EXTEND_LINES = 50  # a cluster this close to its region's edge takes the edge

# Continuation of a block: which lines still belong to it.
_YAML_END = re.compile(
    r"^(?![ \t]|$|-(?:[ \t]|$)|---|\.\.\.|#|[a-z_][\w./-]{0,100}:(?:[ \t]|$))", re.MULTILINE
)
_YAML_FRAGMENT_END = re.compile(
    r"^(?:[ \t]*$|(?![ \t]|-(?:[ \t]|$)|[a-zA-Z_][\w./-]{0,100}:(?:[ \t]|$)))", re.MULTILINE
)
_DESCRIBE_END = re.compile(r"^(?![ \t]|$|[A-Z][A-Za-z0-9 ./-]{0,40}:(?:[ \t]|$))", re.MULTILINE)
_DESCRIBE_EVENTS = re.compile(r"^Events:", re.MULTILINE)
_NOT_INDENTED = re.compile(r"^(?![ \t])", re.MULTILINE)
_BLANK = re.compile(r"^[ \t]*$", re.MULTILINE)
# A table or an events list ends at a blank line, or where the next shell command starts.
_END_OF_OUTPUT = re.compile(r"^(?:[ \t]*$|" + PROMPT_SRC + ")", re.MULTILINE)
_JSON_END = re.compile(r"^(?:\}|[^ \t\n\]\}])", re.MULTILINE)
_TERMINATION_MAX_LINES = 200
_DESCRIBE_EVENTS_WINDOW = 400_000  # chars searched for describe's closing Events: section


@dataclass
class _Candidate:
    kind: str
    start: int  # line
    strong: bool  # a strong start ends whatever block came before it
    heading: bool = False  # a History heading: absorbed by a preceding History block
    fragment: bool = False  # a part of the format: no header, no parents


# Fragment markers and the kind whose parser reads them (in fragment mode).
_FRAGMENT_KINDS = {
    "events_heading": KIND_DESCRIBE,
    "event_row": KIND_EVENTS,
    "describe_state": KIND_DESCRIBE,
    "describe_exit": KIND_DESCRIBE,
    "describe_waiting_reason": KIND_DESCRIBE,
    "describe_pod_status": KIND_DESCRIBE,
    "yaml_status": KIND_OBJECT_YAML,
    "yaml_condition_item": KIND_OBJECT_YAML,
    "yaml_event_item": KIND_OBJECT_YAML,
    "json_status": KIND_OBJECT_JSON,
    "json_oneline": KIND_OBJECT_JSON,
    "history_container_row": KIND_HISTORY,
    "history_condition_row": KIND_HISTORY,
    "pods_table": KIND_GET_TABLE,
    "pod_row": KIND_GET_TABLE,
    "crictl_table": KIND_GET_TABLE,
    "revision_row": KIND_KSERVE_STATUS,
}
HISTORY_CONTAINER_ROW_SRC = (
    r"[ \t]{0,8}(?:[│|┃][ \t]{0,8})?[a-z0-9][a-z0-9-]{0,62}[ \t]{0,80}[│|┃][ \t]{0,8}"
    r"(?:Running|Waiting|Terminated)[ \t]{0,40}[│|┃][ \t]{0,8}(?:-|\d{1,3})[ \t]{0,20}[│|┃]"
)
# A row of the History tab's "Model service conditions" table: | <Type> | True/False/Unknown |
# <reason, possibly empty> | <message> (the left wall may be gone, as above).
HISTORY_CONDITION_ROW_SRC = (
    r"[ \t]{0,8}(?:[│|┃][ \t]{0,8})?[A-Z][A-Za-z]{1,60}[ \t]{0,80}[│|┃][ \t]{0,8}"
    r"(?:True|False|Unknown)[ \t]{0,40}[│|┃][ \t]{0,8}(?:[A-Z][\w.-]{0,80})?[ \t]{0,80}[│|┃]"
)
MAX_FRAGMENT_LINES = 4_000
_POD_ROW_SCAN_CHARS = 2 * 1024 * 1024
_FRAGMENT_MARKERS: list[tuple[str, tuple[str, ...], re.Pattern[str]]] = [
    (name, keywords, re.compile(src, re.MULTILINE))
    for name, keywords, src in (
        ("events_heading", ("Events:",), r"Events:[ \t]*$"),
        ("event_row", ("Warning", "Normal"), "(?:" + ROW_SRC + ")"),
        (
            # A row of the History tab's "Pod container status" table copied without its
            # heading: | <container> | Running/Waiting/Terminated | <exit code or -> | reason |
            # (``normalise`` may have taken the left wall away with a box's border).
            "history_container_row",
            ("Terminated", "Waiting", "Running"),
            HISTORY_CONTAINER_ROW_SRC,
        ),
        (
            # A row of its "Model service conditions" table, copied without the heading and
            # header: | PredictorReady | False | RevisionFailed | Revision "..." failed ... |
            "history_condition_row",
            ("False", "Unknown", "True"),
            HISTORY_CONDITION_ROW_SRC,
        ),
        (
            "describe_state",
            ("State:",),
            r"[ \t]{0,40}(?:State|Last State):[ \t]{1,40}(?:Waiting|Terminated|Running)\b",
        ),
        (
            "describe_exit",
            ("Exit Code:", "Restart Count:"),
            r"[ \t]{0,40}(?:Exit Code|Restart Count):[ \t]{1,40}\d",
        ),
        (
            # The Reason: line of a container's State: Waiting block copied without the State:
            # line above it ("Reason: CreateContainerConfigError" / "Message: configmap ...");
            # only a waiting reason, which no other describe block prints indented.
            "describe_waiting_reason",
            ("Reason:",),
            r"[ \t]{2,40}Reason:[ \t]{1,40}(?:" + "|".join(WAITING_REASONS) + r")[ \t]*$",
        ),
        (
            # The pod's own status lines of describe pod copied without the name above them
            # ("Status: Failed" / "Reason: NodeAffinity" / "Message: Pod was rejected: ..."):
            # a phase, then the pod-level reason on the next line.
            "describe_pod_status",
            ("Status:",),
            r"Status:[ \t]{1,40}(?:Pending|Running|Succeeded|Failed|Unknown)[ \t]*\nReason:[ \t]{1,40}[A-Z]",
        ),
        (
            "yaml_condition_item",
            ("- lastTransitionTime:", "- type:", "- reason:"),
            r"[ \t]{0,40}- (?:lastTransitionTime|type|reason):[ \t]{1,10}\S",
        ),
        (
            # A list of events without their List (``yq '.items[] | {count, message, ...}'``).
            "yaml_event_item",
            ("- count:", "- lastTimestamp:", "- firstTimestamp:", "- eventTime:", "- involvedObject:"),
            r"[ \t]{0,40}- (?:count|lastTimestamp|firstTimestamp|eventTime|involvedObject):[ \t]{0,10}\S?",
        ),
        (
            "yaml_status",
            (
                "containerStatuses:",
                "lastState:",
                "lastFailureInfo:",
                "modelStatus:",
                "terminated:",
                "waiting:",
            ),
            r"[ \t]{0,40}(?:- )?(?:containerStatuses|initContainerStatuses|lastState|lastFailureInfo"
            r"|modelStatus|terminated|waiting):[ \t]*$",
        ),
        (
            "json_status",
            (
                '"containerStatuses"',
                '"conditions"',
                '"lastState"',
                '"state"',
                '"lastFailureInfo"',
                '"modelStatus"',
                '"terminated"',
                '"waiting"',
                '"environment_name"',  # a Merlin version endpoint: its status and message
            ),
            r'[ \t]{0,40}"(?:containerStatuses|initContainerStatuses|conditions|lastState|state'
            r'|lastFailureInfo|modelStatus|terminated|waiting|environment_name)"[ \t]{0,4}:',
        ),
        (
            "json_oneline",
            ('"reason"', '"exitCode"'),
            r'[ \t]{0,8}\[?[ \t]{0,4}\{[ \t]{0,4}"[^\n]{0,4000}?'
            r'"(?:reason|exitCode|containerStatuses|conditions|lastState)"[ \t]{0,4}:',
        ),
        (
            "pods_table",
            ("READY",),
            r"[ \t]{0,4}(?:NAMESPACE[ \t]{1,200})?NAME[ \t]{1,300}READY[ \t]{1,100}STATUS",
        ),
        (
            "pod_row",
            ("/",),
            POD_ROW_SRC,
        ),
        ("crictl_table", ("ATTEMPT",), CRICTL_HEADER_SRC),
        # ``kubectl get revision`` rows without their header: the READY cell after the generation.
        ("revision_row", ("  True", "  False", "  Unknown"), REVISION_ROW_SRC),
    )
]
# Where a fragment ends: a blank line, or a line of another shape.
_DESCRIBE_FRAGMENT_END = re.compile(
    r"^(?:[ \t]*$|(?![ \t]|[A-Z][A-Za-z0-9 ./-]{0,40}:(?:[ \t]|$)|--$))", re.MULTILINE
)
_NOT_POD_ROW = re.compile(
    r"^(?![ \t]{0,4}(?:NAMESPACE[ \t]{1,200})?NAME[ \t]"
    r"|[ \t]{0,4}CONTAINER(?: ID)?[ \t]|[0-9a-f]{12,64}[ \t]{2,100}\S"  # crictl ps -a
    r"|[ \t]{0,4}(?:[a-z0-9][a-z0-9.-]{0,252}[ \t]{2,100})?[a-z0-9][a-z0-9.-]{0,252}[ \t]{2,100}"
    r"\d{1,3}/\d{1,3}[ \t])",
    re.MULTILINE,
)
_NOT_REVISION_ROW = re.compile(r"^(?!" + REVISION_ROW_SRC + ")", re.MULTILINE)
# A container's state in describe pod: a fragment holding one is a pod's, not a service's.
_POD_STATE_LINE = re.compile(
    r"^[ \t]{0,40}(?:State|Last State):[ \t]{1,40}(?:Waiting|Terminated|Running)\b", re.MULTILINE
)
# A line with no cell wall in its first 400 characters: a boxed table's rows all have one.
_NOT_BOXED_ROW = re.compile(r"^(?![^\n]{0,400}[│|┃├└┌┏┗])", re.MULTILINE)
_JSON_FRAGMENT_END = re.compile(r"^(?:[ \t]*$|(?![ \t]|[{}\[\]\"]))", re.MULTILINE)


def recognise(doc: Document) -> list[Segment]:
    """The ordered, non-overlapping segments of the paste (empty input -> [])."""
    if not doc.text.strip():
        return []
    claimed: list[Segment] = _logs_runs(doc)
    claimed = _merge_adjacent(doc, claimed, (KIND_LOGS,))
    if doc.csv_exports:  # a CSV export's rows are unambiguous once its header is read
        claimed = sorted(claimed + _csv_runs(doc, claimed), key=lambda s: s.start)
    if '"' in doc.original:
        claimed = sorted(claimed + _record_blocks(doc, claimed), key=lambda s: s.start)
    if "textPayload:" in doc.original:
        claimed = sorted(claimed + _yaml_record_runs(doc, claimed), key=lambda s: s.start)
    if doc.otel_records:
        claimed = sorted(claimed + _otel_dumps(doc, claimed), key=lambda s: s.start)
    blocks = _blocks(doc, claimed)
    segments = sorted(claimed + blocks, key=lambda s: s.start)
    free = _free_regions(doc, segments)
    json_runs = _json_runs(doc) if '{"' in doc.original else []
    if "var.log.containers." in doc.original:
        json_runs = sorted(json_runs + _shipper_runs(doc, json_runs), key=lambda s: s.start)
    json_ends = [run.end for run in json_runs]
    extra: list[Segment] = []
    for start, end in free:
        extra.extend(_classify_free(doc, start, end, json_runs, json_ends))
    segments = sorted(segments + extra, key=lambda s: s.start)
    segments = [s for s in (_trim(doc, s) for s in segments) if s is not None]
    segments = _joined_across_cuts(doc, segments)
    return _merge_adjacent(doc, segments, (KIND_LOGS, KIND_JSON_LOG, KIND_BUILDER_LOG, KIND_CONTAINER_LOG))


def _joined_across_cuts(doc: Document, segments: list[Segment]) -> list[Segment]:
    """A line a terminal cut at its width goes on on the next line, so that line belongs to
    the segment the cut line ends: a describe's ``Message: ... exec f`` keeps ``ormat error``,
    which on its own, at the first column, reads as a log line. When the segment after that
    continuation is of the same kind again, the cut had split one block in two: they are one."""
    wrapped = doc.wrapped_lines
    if not wrapped:
        return segments
    joined: list[Segment] = []
    bridged = False  # the last segment took over the whole of the segment after it
    for seg in segments:
        if joined:
            prev = joined[-1]
            if bridged and seg.kind == prev.kind and seg.start == prev.end + 1:
                joined[-1] = Segment(prev.kind, prev.start, seg.end, prev.fragment and seg.fragment)
                bridged = False
                continue
            bridged = False
            if prev.end in wrapped and seg.start == prev.end + 1 and seg.kind != prev.kind:
                # Take over the continuation line (and, on a wrap of several lines, the next ones).
                end = prev.end + 1
                while end in wrapped and end < seg.end:
                    end += 1
                joined[-1] = Segment(prev.kind, prev.start, end, prev.fragment)
                if end >= seg.end:
                    bridged = True
                    continue
                seg = Segment(seg.kind, end + 1, seg.end, seg.fragment)
        joined.append(seg)
    return joined


# --- line helpers --------------------------------------------------------------------


def _offset(doc: Document, line: int) -> int:
    if line > doc.last_line:
        return len(doc.text)
    return doc.offset_of(max(line, doc.first_line))


def _is_blank(doc: Document, start: int, end: int) -> bool:
    """True when lines start..end hold only whitespace (C-speed slice check)."""
    return not doc.text[_offset(doc, start) : _offset(doc, end + 1)].strip()


_NON_BLANK = re.compile(r"[^ \t\n]")


def _trim(doc: Document, seg: Segment) -> Segment | None:
    """The segment without its leading and trailing blank lines (None when all blank)."""
    begin, stop = _offset(doc, seg.start), _offset(doc, seg.end + 1)
    first = _NON_BLANK.search(doc.text, begin, stop)
    if first is None:
        return None
    body = doc.text[first.start() : stop].rstrip()
    return Segment(
        seg.kind, doc.line_of(first.start()), doc.line_of(first.start() + max(len(body) - 1, 0)), seg.fragment
    )


def _search_line(doc: Document, pattern: re.Pattern[str], from_line: int, to_line: int) -> int | None:
    """First line in from_line..to_line where ``pattern`` matches at a line start."""
    if from_line > to_line:
        return None
    match = pattern.search(doc.text, _offset(doc, from_line), _offset(doc, to_line + 1))
    return doc.line_of(match.start()) if match else None


# --- Logs-tab and JSON-lines runs (on doc.original) -----------------------------------


def _json_runs(doc: Document) -> list[Segment]:
    """Runs of consecutive JSON-lines records (lines starting with '{"') of ``doc.original``.

    The start of a run is found by a plain search for '\\n{"' (C speed); its end by one
    search for the first line that does not start so: two searches per run.
    """
    text = doc.original
    runs: list[Segment] = []
    pos = 0 if text.startswith('{"') else text.find('\n{"')
    while pos != -1:
        start = pos if text.startswith('{"', pos) else pos + 1
        start_line = doc.original_line_of(start)
        stop = _NOT_JSON_RECORD.search(text, start)
        if stop is None:
            runs.append(Segment(KIND_JSON_LOG, start_line, doc.last_line))
            break
        runs.append(
            Segment(KIND_JSON_LOG, start_line, max(start_line, doc.original_line_of(stop.start()) - 1))
        )
        pos = text.find('\n{"', max(stop.start(), start + 1) - 1)
    return runs


_SHIPPER_LINE = re.compile(r"^" + SHIPPER_PREFIX_SRC + r'\{"', re.MULTILINE)


def _shipper_runs(doc: Document, json_runs: list[Segment]) -> list[Segment]:
    """Runs of a log shipper's stdout records (``log_sources.SHIPPER_PREFIX_SRC``): JSON
    records after the tag that names their source."""
    runs: list[Segment] = []
    for match in _SHIPPER_LINE.finditer(doc.original):
        line = doc.original_line_of(match.start())
        if any(run.start <= line <= run.end for run in json_runs):
            continue
        if runs and runs[-1].end == line - 1:
            runs[-1] = Segment(KIND_JSON_LOG, runs[-1].start, line)
        else:
            runs.append(Segment(KIND_JSON_LOG, line, line))
    return runs


def _record_blocks(doc: Document, claimed: list[Segment]) -> list[Segment]:
    """Pretty-printed blocks of log records (``json_records``) not already read."""
    runs = []
    for start, end in record_blocks(doc.original):
        first, last = doc.original_line_of(start), doc.original_line_of(max(end - 1, start))
        if not any(s.start <= last and first <= s.end for s in claimed):
            runs.append(Segment(KIND_JSON_LOG, first, last))
    return runs


def _yaml_record_runs(doc: Document, claimed: list[Segment]) -> list[Segment]:
    """Runs of gcloud's YAML LogEntry documents (``yaml_records``) not already read."""
    runs = []
    for start, end in yaml_runs(doc.original):
        first, last = doc.original_line_of(start), doc.original_line_of(max(end - 1, start))
        if not any(s.start <= last and first <= s.end for s in claimed):
            runs.append(Segment(KIND_JSON_LOG, first, last))
    return runs


# Lines between two records of one debug-exporter dump (a resource's header and attributes).
_OTEL_RECORD_GAP = 40


def _otel_dumps(doc: Document, claimed: list[Segment]) -> list[Segment]:
    """The OpenTelemetry debug exporter's dumps (``otel_debug``) not already read: runs of
    records, each from its first record's header to its last record's last field (the
    resource header above, often after the collector's own log prefix, is read as such)."""
    runs: list[Segment] = []
    for record in doc.otel_records:
        first, last = doc.original_line_of(record.start), doc.original_line_of(record.end)
        if runs and first - runs[-1].end <= _OTEL_RECORD_GAP:
            runs[-1] = Segment(KIND_OTEL_LOG, runs[-1].start, last)
            continue
        runs.append(Segment(KIND_OTEL_LOG, first, last))
    return [run for run in runs if not any(s.start <= run.end and run.start <= s.end for s in claimed)]


def _csv_runs(doc: Document, claimed: list[Segment]) -> list[Segment]:
    """The lines of each CSV log export (header and rows) not already read as Logs-tab lines."""
    runs = []
    for export in doc.csv_exports:
        start = doc.original_line_of(export.header_start)
        end = doc.original_line_of(export.end - 1)
        if not any(s.start <= end and start <= s.end for s in claimed):
            runs.append(Segment(KIND_CSV_LOG, start, end))
    return runs


def _logs_runs(doc: Document) -> list[Segment]:
    """Runs of Logs-tab lines: consecutive stretches of prefixed lines joined."""
    runs: list[Segment] = []
    run_start = run_end = -1
    for start, end, _, _ in doc.log_stretches:
        if start != run_end:
            if run_start >= 0:
                runs.append(_offsets_to_segment(doc, run_start, run_end))
            run_start = start
        run_end = end
    if run_start >= 0:
        runs.append(_offsets_to_segment(doc, run_start, run_end))
    return runs


def _offsets_to_segment(doc: Document, start: int, end: int) -> Segment:
    """Segment of the lines from offset ``start`` to ``end`` (exclusive) of ``doc.original``."""
    first = doc.original_line_of(start)
    return Segment(KIND_LOGS, first, max(first, doc.original_line_of(max(start, end - 1))))


# --- structured blocks ---------------------------------------------------------------


def _candidates(doc: Document) -> list[_Candidate]:
    text = doc.text
    found: list[_Candidate] = []
    line_of = doc.line_of
    namespace_lines: list[int] | None = None  # lines starting "Namespace:", found once
    for match in _MARKERS.finditer(text):
        name = match.lastgroup
        if name == "describe":
            # "Namespace:" follows "Name:" within a few lines; look no further than that.
            if namespace_lines is None:
                namespace_lines = [line_of(m.start()) for m in _NAMESPACE.finditer(text)]
            if not namespace_lines:
                continue  # no describe output in the paste: a "Name:" line is just text
        line = line_of(match.start())
        if name == "history":
            found.append(_Candidate(KIND_HISTORY, line, True))
        elif name == "heading":
            found.append(_Candidate(KIND_HISTORY, line, True, heading=True))
        elif name == "describe":
            assert namespace_lines is not None
            after = bisect_right(namespace_lines, line)
            if after < len(namespace_lines) and namespace_lines[after] <= line + 5:
                found.append(_Candidate(KIND_DESCRIBE, line, True))
        elif name == "events":
            found.append(_Candidate(KIND_EVENTS, line, True))
        elif name == "yaml":
            item = text.startswith("- ", match.start())
            if item and not _starts_a_sequence(doc, line):
                continue  # another item of a sequence already started (a List's ``items:``)
            strong = item or text.startswith("apiVersion", match.start())
            found.append(_Candidate(KIND_OBJECT_YAML, line, strong))
        elif name == "json":
            found.append(_Candidate(KIND_OBJECT_JSON, line, True))
        elif name in _FRAGMENT_KINDS:
            found.append(_Candidate(_FRAGMENT_KINDS[name], line, False, fragment=True))
        else:
            # A `kubectl get isvc|ksvc` header starts a table of its own wherever it is; the
            # YAML/describe status markers only say where a status might be.
            found.append(_Candidate(KIND_KSERVE_STATUS, line, name == "kserve_table"))
    found.extend(_fragment_candidates(doc))
    found.sort(key=lambda c: (c.start, not c.strong))
    return _capped(found)


_BLOCK_KEY = re.compile(r"[A-Za-z_][\w.-]{0,60}:[ \t]*$")
_SEQUENCE_LOOKBACK = 3  # blank lines skipped looking for the line before a sequence


def _starts_a_sequence(doc: Document, line: int) -> bool:
    """Whether the ``- apiVersion:`` item at ``line`` opens a bare sequence of objects (a
    trimmed ``-o yaml`` list under a sentence or a command): the line before it, past a few
    blank lines, is not YAML of its own (an indented key of the item before, an ``items:``
    key opening the sequence)."""
    for before in range(line - 1, max(doc.first_line, line - _SEQUENCE_LOOKBACK) - 1, -1):
        text = doc.line(before)
        if not text.strip():
            continue
        return not (text[:1] in " \t-" or _BLOCK_KEY.match(text))
    return True


MAX_BLOCKS_PER_KIND = 2_000


def _capped(candidates: list[_Candidate]) -> list[_Candidate]:
    """At most ``MAX_BLOCKS_PER_KIND`` block starts of each kind, the first and the last half.

    A paste that repeats a History first line or an event row 20,000 times is a log of
    them, not 20,000 documents: the lines beyond the cap are still matched as free text.
    """
    by_kind: dict[tuple[str, bool], int] = {}
    for cand in candidates:
        by_kind[(cand.kind, cand.fragment)] = by_kind.get((cand.kind, cand.fragment), 0) + 1
    if all(count <= MAX_BLOCKS_PER_KIND for count in by_kind.values()):
        return candidates
    half = MAX_BLOCKS_PER_KIND // 2
    seen: dict[tuple[str, bool], int] = {}
    kept = []
    for cand in candidates:
        key = (cand.kind, cand.fragment)
        index = seen.get(key, 0)
        seen[key] = index + 1
        if by_kind[key] <= MAX_BLOCKS_PER_KIND or index < half or index >= by_kind[key] - half:
            kept.append(cand)
    return kept


_CONTAINER_BLOCK_LINE = re.compile(
    r"[ \t]{2,40}(?:[A-Z][A-Za-z /-]{0,40}:(?:[ \t]|$)|[a-z0-9][a-z0-9._-]{0,62}:[ \t]*$)|[ \t]{6,80}[^ \t\n]"
)
_MAX_BLOCK_TOP = 60


# A describe pod line above "Events:" (Node-Selectors:, Tolerations: and its continuations).
_POD_KEY_LINE = re.compile(r"[A-Z][A-Za-z -]{0,40}:(?:[ \t]|$)|[ \t]{2,80}[^ \t\n]")


class _BlockTops:
    """The first line of the describe block a fragment's marker sits in: a copy often starts
    a few lines above the marker, at ``Image:``, the container's name or ``Node-Selectors:``.

    Markers are asked for in order down the paste; a walk up that reaches an earlier marker
    whose own walk ended at a non-block line reuses its answer, so each line is read once
    however many markers a block of thousands of containers holds.
    """

    def __init__(self, doc: Document, pattern: re.Pattern[str]) -> None:
        self.doc = doc
        self.pattern = pattern
        # marker line -> (top, stopped): lines top..marker are block lines; ``stopped``: the
        # walk ended at a non-block line or the paste's start (not at the distance cap).
        self.walked: dict[int, tuple[int, bool]] = {}

    def top(self, line: int) -> int:
        doc, pattern, walked = self.doc, self.pattern, self.walked
        floor = max(doc.first_line, line - _MAX_BLOCK_TOP)
        top = line
        stopped = False
        while top > floor:
            known = walked.get(top) if top != line else None
            if known is not None and (known[1] or known[0] <= floor):
                top, stopped = max(known[0], floor), known[1] and known[0] >= floor
                break
            if not pattern.match(doc.line(top - 1)):
                stopped = True
                break
            top -= 1
        stopped = stopped or top == doc.first_line
        walked[line] = (top, stopped)
        return top


def _fragment_candidates(doc: Document) -> list[_Candidate]:
    """Lines that start a fragment: event rows without header, describe state lines, YAML or
    JSON status parts, ``kubectl get pods`` rows.

    Each kind is found from its keywords with ``str.find`` (C speed) and checked with its
    marker at the start of that line, so a 50 MB log without such words costs a few
    scans; a hostile paste full of them is capped at ``MAX_FRAGMENT_LINES`` lines per kind.
    """
    text = doc.text
    found: list[_Candidate] = []
    for name, keywords, marker in _FRAGMENT_MARKERS:
        if name in ("pod_row", "revision_row") and len(text) > _POD_ROW_SCAN_CHARS:
            continue  # a get-pods (or get-revision) table without header is a short paste
        lines: set[int] = set()
        # Where a fragment found by its marker starts: the top of the block it sits in.
        top_of: Callable[[int], int] | None = {
            "describe_state": _BlockTops(doc, _CONTAINER_BLOCK_LINE).top,
            "describe_exit": _BlockTops(doc, _CONTAINER_BLOCK_LINE).top,
            "describe_waiting_reason": _BlockTops(doc, _CONTAINER_BLOCK_LINE).top,
            "events_heading": _BlockTops(doc, _POD_KEY_LINE).top,
            "describe_pod_status": _BlockTops(doc, _POD_KEY_LINE).top,
            "json_status": _JsonTops(doc).top,
        }.get(name)
        for keyword in keywords:
            for start in starts_of_lines_holding(text, keyword):
                if len(lines) >= MAX_FRAGMENT_LINES:
                    break
                if marker.match(text, start):
                    line = doc.line_of(start)
                    lines.add(top_of(line) if top_of is not None else line)
        found.extend(_Candidate(_FRAGMENT_KINDS[name], line, False, fragment=True) for line in lines)
    return found


# How far above a JSON status key its enclosing ``[`` or ``{`` is looked for, and how many
# lines all the searches of one paste may read: a stream of thousands of small objects
# (``jq '.items[] | {...}'``) holds a status key every few lines, and 200 lines read for each
# made recognising it cost 25 times its parse. Past the budget a key's fragment starts at its
# own line, as it did before tops were looked for (the whole stream is read as one block).
MAX_JSON_TOP_LINES = 200
JSON_TOP_BUDGET_LINES = 20 * MAX_JSON_TOP_LINES


class _JsonTops:
    """``json_fragment_top`` for every status key of one paste, within one line budget."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.budget = JSON_TOP_BUDGET_LINES

    def top(self, line: int) -> int:
        if self.budget <= 0:
            return line
        top, read = _json_top(self.doc, line)
        self.budget -= read
        return top


def json_fragment_top(doc: Document, line: int) -> int:
    """The line of the bracket that opens the JSON a status key sits in, when the lines above
    it are JSON up to a line holding only ``[`` or ``{`` (``jq '.status.containerStatuses'``
    prints an array whose items start with ``containerID`` and ``image``): read from there,
    the item keeps its ``name``, ``ready`` and ``restartCount``. Else the key's own line."""
    return _json_top(doc, line)[0]


def _json_top(doc: Document, line: int) -> tuple[int, int]:
    """``json_fragment_top`` and the number of lines it read."""
    top = line
    balance = 0
    read = 0
    for above in range(line - 1, max(doc.first_line, line - MAX_JSON_TOP_LINES) - 1, -1):
        read += 1
        body = doc.line(above).strip()
        if not body or body[0] not in '"{}[]':
            break
        balance += body.count("{") + body.count("[") - body.count("}") - body.count("]")
        if body in ("[", "{") and balance >= 1:
            top = above
    return top, read


def _blocks(doc: Document, logs: list[Segment]) -> list[Segment]:
    """Accept block candidates in order; each block ends before the next strong start.

    Linear in the number of candidates: a paste can hold thousands of lines that
    look like a block start (a log repeating an error line), so no nested scans.
    """
    log_starts = [s.start for s in logs]
    candidates = [c for c in _candidates(doc) if not _inside(c.start, logs, log_starts)]
    next_strong = _next_strong(candidates, skip_headings=False)
    next_strong_block = _next_strong(candidates, skip_headings=True)
    blocks: list[Segment] = []
    covered_to = doc.first_line - 1
    for index, cand in enumerate(candidates):
        if cand.start <= covered_to:
            continue
        # A History message's own headings do not end it; any other strong start does.
        following = (next_strong_block if cand.kind == KIND_HISTORY else next_strong)[index]
        limit = doc.last_line if following is None else candidates[following].start - 1
        next_log = bisect_right(log_starts, cand.start)
        if next_log < len(log_starts):
            limit = min(limit, log_starts[next_log] - 1)
        kind, end = _extent(doc, cand, limit)
        if end < cand.start:
            continue
        blocks.append(Segment(kind, cand.start, end, cand.fragment))
        covered_to = end
    return blocks


def _next_strong(candidates: list[_Candidate], skip_headings: bool) -> list[int | None]:
    """For each candidate, the index of the first strong candidate starting on a later line."""
    result: list[int | None] = [None] * len(candidates)
    nearest: int | None = None  # first qualifying candidate at or after the current group
    index = len(candidates) - 1
    while index >= 0:
        group_start = index
        while group_start > 0 and candidates[group_start - 1].start == candidates[index].start:
            group_start -= 1
        for member in range(group_start, index + 1):
            result[member] = nearest
        for member in range(index, group_start - 1, -1):
            cand = candidates[member]
            if cand.strong and not (skip_headings and cand.heading):
                nearest = member
        index = group_start - 1
    return result


def _inside(line: int, ranges: list[Segment], starts: list[int]) -> bool:
    index = bisect_right(starts, line) - 1
    return index >= 0 and ranges[index].start <= line <= ranges[index].end


def _extent(doc: Document, cand: _Candidate, limit: int) -> tuple[str, int]:
    """(kind, last line) of the block starting at ``cand``, never beyond ``limit``."""
    start = cand.start
    if cand.fragment:
        end = _fragment_extent(doc, cand, limit)
        if (
            cand.kind == KIND_DESCRIBE
            and _search_line(doc, _DESCRIBE_KSERVE, start, end)
            and not _search_line(doc, _POD_STATE_LINE, start, end)
        ):
            return KIND_KSERVE_STATUS, end  # an InferenceService's status, cut from its header
        return cand.kind, end
    if cand.kind == KIND_HISTORY:
        return KIND_HISTORY, history_extent(doc, start, limit)
    if cand.kind == KIND_DESCRIBE:
        end = _describe_extent(doc, start, limit)
        kind = KIND_KSERVE_STATUS if _search_line(doc, _DESCRIBE_KSERVE, start, end) else KIND_DESCRIBE
        return kind, end
    if cand.kind == KIND_EVENTS:
        stop = _search_line(doc, _END_OF_OUTPUT, start + 1, limit)
        return KIND_EVENTS, (stop - 1) if stop else limit
    if cand.kind == KIND_OBJECT_YAML:
        stop = _search_line(doc, _YAML_END, start + 1, limit)
        return KIND_OBJECT_YAML, (stop - 1) if stop else limit
    if cand.kind == KIND_OBJECT_JSON:
        return KIND_OBJECT_JSON, _json_extent(doc, start, limit)
    return KIND_KSERVE_STATUS, _kserve_extent(doc, start, limit)


def _fragment_extent(doc: Document, cand: _Candidate, limit: int) -> int:
    """Last line of a fragment: it runs to a blank line or to a line of another shape."""
    start = cand.start
    if cand.kind == KIND_DESCRIBE:
        first = doc.line(start)
        # "Events:" then its header and rows; a state block ends at a blank line.
        pattern = _END_OF_OUTPUT if first.startswith("Events:") else _DESCRIBE_FRAGMENT_END
        stop = _search_line(doc, pattern, start + (2 if first.startswith("Events:") else 1), limit)
    elif cand.kind == KIND_OBJECT_YAML:
        stop = _search_line(doc, _YAML_FRAGMENT_END, start + 1, limit)
    elif cand.kind == KIND_OBJECT_JSON:
        if doc.line(start).rstrip().endswith("}") and doc.line(start).count("{") <= doc.line(start).count(
            "}"
        ):
            return start  # a one-line object
        stop = _search_line(doc, _JSON_FRAGMENT_END, start + 1, limit)
    elif cand.kind == KIND_HISTORY:  # rows of one boxed table: to its first line without a wall
        stop = _search_line(doc, _NOT_BOXED_ROW, start + 1, limit)
    elif cand.kind == KIND_GET_TABLE:  # header and rows only
        stop = _search_line(doc, _NOT_POD_ROW, start + 1, limit)
    elif cand.kind == KIND_KSERVE_STATUS:  # header-less revision rows only
        stop = _search_line(doc, _NOT_REVISION_ROW, start + 1, limit)
    else:  # event rows: to the first blank line (wrapped messages continue their row)
        stop = _search_line(doc, _END_OF_OUTPUT, start + 1, limit)
    return (stop - 1) if stop else limit


def history_extent(doc: Document, start: int, limit: int) -> int:
    """End of a History message: first line, then heading blocks separated by blanks.

    Tables end at their first blank line; the termination message runs to ``limit``
    (the next other block) because it is free text, often a log tail, but no further
    than 200 lines / 16 KB.
    """
    line = start
    end = start
    if not HISTORY_HEADING.match(doc.line(start)):
        nxt = _search_line(doc, HISTORY_HEADING, start + 1, min(limit, start + 40))
        if nxt is None:
            return start
        line = nxt
    while line is not None and line <= limit:
        heading = HISTORY_HEADING.match(doc.line(line))
        if heading is None:
            break
        if heading.group(1) == "Pod last termination message":
            # Kubernetes caps a termination message at 4 KB; allow generous slack, and
            # let whatever follows a longer run become its own (log) segment.
            cap = min(
                line + _TERMINATION_MAX_LINES, doc.line_of(min(len(doc.text), _offset(doc, line) + 16384))
            )
            return max(line, min(limit, cap))
        blank = _search_line(doc, _BLANK, line + 2, limit)
        end = (blank - 1) if blank else limit
        if blank is None:
            break
        line = blank
        while line <= limit and not doc.line(line).strip():
            line += 1
    return max(end, start)


def _describe_extent(doc: Document, start: int, limit: int) -> int:
    # describe always ends with its Events: section; container messages printed by
    # kubectl can hold unindented lines, so prefer the Events: anchor when present.
    window_end = min(
        limit, doc.line_of(min(len(doc.text) - 1, _offset(doc, start) + _DESCRIBE_EVENTS_WINDOW))
    )
    events = _search_line(doc, _DESCRIBE_EVENTS, start + 1, window_end)
    if events is None:
        stop = _search_line(doc, _DESCRIBE_END, start + 1, limit)
        return (stop - 1) if stop else limit
    stop = _search_line(doc, _NOT_INDENTED, events + 1, limit)
    return (stop - 1) if stop else limit


def _json_extent(doc: Document, start: int, limit: int) -> int:
    if doc.line(start).rstrip().endswith("}") and doc.line(start).strip() != "{":
        return start  # a one-line object
    stop = _search_line(doc, _JSON_END, start + 1, limit)
    if stop is None:
        return limit
    return stop if doc.line(stop).startswith("}") else stop - 1


def _kserve_extent(doc: Document, start: int, limit: int) -> int:
    first = doc.line(start)
    if first.startswith("NAME"):
        stop = _search_line(doc, _END_OF_OUTPUT, start + 1, limit)
        return (stop - 1) if stop else limit
    indent = len(first) - len(first.lstrip(" "))
    if first.strip().startswith("status:"):
        stop = _search_line(doc, _YAML_END, start + 1, limit)
        return (stop - 1) if stop else limit
    # A conditions list: everything indented deeper (or a "- " item at the same indent).
    if first.strip().startswith("conditions:"):
        pattern = re.compile(rf"^(?! {{{indent}}}(?:-| )|[ \t]*$)", re.MULTILINE)
        stop = _search_line(doc, pattern, start + 1, limit)
        return (stop - 1) if stop else limit
    return _describe_conditions_end(doc, start, limit, indent)


_CONDITION_KEY = re.compile(
    r"[ \t]{1,40}(?:Last Transition Time|Last Update Time|Message|Reason|Severity|Status|Type):"
)
_MAX_MESSAGE_LINES = 400


def _describe_conditions_end(doc: Document, start: int, limit: int, indent: int) -> int:
    """Last line of a describe ``Conditions:`` block: its keys are indented deeper; a
    condition's ``Message:`` may go on at any column (kubectl prints a message's own
    newlines as they are), until the next condition key or a line at the block's level."""
    end = start
    in_message = 0
    line = start + 1
    while line <= limit:
        raw = doc.line(line)
        depth = len(raw) - len(raw.lstrip(" "))
        if _CONDITION_KEY.match(raw) and depth > indent:
            in_message = 1 if raw.lstrip().startswith("Message:") else 0
        elif in_message and 0 < in_message < _MAX_MESSAGE_LINES and raw.strip():
            in_message += 1  # more of the message, whatever its indentation
        elif depth == indent and _STATUS_SIBLING.match(raw):
            in_message = 0  # "Model Status:" and the like: the same status, read with the conditions
        elif not raw.strip() or depth <= indent:
            break
        end = line
        line += 1
    return end


# Keys of describe isvc|ksvc's "Status:" printed at the level of its "Conditions:" (before or
# after them): the block goes on through them, so "Model Status:" is read with the conditions.
_STATUS_SIBLING = re.compile(
    r"[ \t]{0,16}(?:Model Status|Components|Address|URL|Observed Generation|Latest Created Revision"
    r"|Latest Ready Revision|Traffic):(?:[ \t]|$)"
)


# --- free regions: JSON-lines, image builder, plain log --------------------------------


def _free_regions(doc: Document, segments: list[Segment]) -> list[tuple[int, int]]:
    regions = []
    line = doc.first_line
    for seg in segments:
        if seg.start > line:
            regions.append((line, seg.start - 1))
        line = max(line, seg.end + 1)
    if line <= doc.last_line:
        regions.append((line, doc.last_line))
    return [(a, b) for a, b in regions if not _is_blank(doc, a, b)]


def _classify_free(
    doc: Document, start: int, end: int, json_runs: list[Segment], json_ends: list[int]
) -> list[Segment]:
    """JSON-lines runs, builder clusters and plain log inside one unclaimed region."""
    out: list[Segment] = []
    json_runs = _clip(json_runs, json_ends, start, end)
    line = start
    for run in json_runs:
        if run.start > line:
            out.extend(_builder_or_plain(doc, line, run.start - 1))
        out.append(run)
        line = run.end + 1
    if line <= end:
        out.extend(_builder_or_plain(doc, line, end))
    return out


def _clip(runs: list[Segment], ends: list[int], start: int, end: int) -> list[Segment]:
    """The parts of ``runs`` (sorted, non-overlapping; ``ends`` their last lines) inside start..end."""
    clipped = []
    for index in range(bisect_left(ends, start), len(runs)):  # islice would step over the first ones
        run = runs[index]
        if run.start > end:
            break
        clipped.append(Segment(run.kind, max(run.start, start), min(run.end, end)))
    return clipped


def _builder_or_plain(doc: Document, start: int, end: int) -> list[Segment]:
    if _is_blank(doc, start, end):
        return []
    begin, stop = _offset(doc, start), _offset(doc, end + 1)
    clusters: list[list[int]] = []  # [first offset, last offset, strong?, count]
    for match in _BUILDER.finditer(doc.text, begin, stop):
        pos = match.start()
        strong = match.lastgroup == "strong"
        if clusters and pos - clusters[-1][1] <= _BUILDER_GAP_CHARS:
            cluster = clusters[-1]
            cluster[1] = pos
            cluster[2] = cluster[2] or strong
            cluster[3] += 1
        else:
            clusters.append([pos, pos, strong, 1])
    out: list[Segment] = []
    line = start
    for first, last, strong, count in clusters:
        if not strong and count < 2:
            continue
        a, b = doc.line_of(first), doc.line_of(last)
        if a - line <= _BUILDER_EXTEND_LINES:
            a = line
        if end - b <= _BUILDER_EXTEND_LINES:
            b = end
        if a > line:
            out.append(Segment(KIND_CONTAINER_LOG, line, a - 1))
        out.append(Segment(KIND_BUILDER_LOG, a, b))
        line = b + 1
    if line <= end:
        out.append(Segment(KIND_CONTAINER_LOG, line, end))
    return out


def _merge_adjacent(doc: Document, segments: list[Segment], kinds: tuple[str, ...]) -> list[Segment]:
    """Join neighbouring segments of a line-oriented kind separated only by blank lines."""
    merged: list[Segment] = []
    for seg in segments:
        if merged:
            prev = merged[-1]
            if (
                prev.kind == seg.kind
                and seg.kind in kinds
                and (seg.start <= prev.end + 1 or _is_blank(doc, prev.end + 1, seg.start - 1))
            ):
                merged[-1] = Segment(
                    seg.kind, prev.start, max(prev.end, seg.end), prev.fragment and seg.fragment
                )
                continue
        merged.append(seg)
    return merged
