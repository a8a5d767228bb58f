"""Exported log records (JSON lines, or pretty-printed JSON): which container printed them.

A log explorer's export (Cloud Logging, fluent-bit, Loki, Elastic, OpenTelemetry) keeps
each record's source beside its text: ``resource.labels.container_name``,
``kubernetes.container_name``, ``k8s.container.name``. ``normalise`` keeps only the
record's message, so the source is read here from the paste's own lines and recorded in
``facts.log_streams`` exactly as the Logs tab's ``[pod][container]`` prefix is: a
transformer's traceback exported from Cloud Logging is then the transformer's, as it is
in the Logs tab. One search per record line (C speed), one step per container switch.

Explorers' downloads and CLIs also print the records pretty (Cloud Logging's "Download
JSON", ``bq --format=prettyjson``, ``az monitor log-analytics query``, Grafana's download run
through ``jq``, a Kibana document's JSON tab, an Elasticsearch ``_search`` response): the
source field then sits lines away from the text. Such a block (``[`` or ``{`` alone on a
line, up to the bracket closing it at the line start) is parsed whole, each record's
source read from its nested fields and given to the line its text is on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache

from diagnoser import safe_json, yaml_records
from diagnoser.json_records import MAX_RECORDS
from diagnoser.model import Facts, Segment
from diagnoser.normalise import Document
from diagnoser.parsers._util import original_offset

# The record's container, under the names exporters give it (an Elastic / ECS record nests
# it: "container": {"name": ...}), and its pod. The first on a line is the record's own.
# Loki's label is plain "container"; Azure Log Analytics writes "ContainerName", Datadog's tag
# "kube_container_name"; fluent-bit's msgpack stdout prints the maps Ruby-style ("key"=>"value").
_SOURCE_FIELD = re.compile(
    r'"(?:container_name|containerName|ContainerName|container|kube_container_name'
    r'|k8s\.container\.name|kubernetes\.container\.name)"'
    r'[ \t]{0,4}(?::|=>)[ \t]{0,4}"(?P<c>[A-Za-z0-9][A-Za-z0-9._-]{0,252})"'
    r'|"container"[ \t]{0,4}:[ \t]{0,4}\{[ \t]{0,4}"name"[ \t]{0,4}:[ \t]{0,4}'
    r'"(?P<n>[A-Za-z0-9][A-Za-z0-9._-]{0,252})"'
)
_PROBE_LINES = 16
# Merlin's standard transformer logs with zap, whose short caller names the package and file:
# its entry point (``cmd/transformer/main.go``) reads "transformer/main.go:<line>". Records
# without any source field that hold one are the standard transformer's own output.
_TRANSFORMER_CALLER = re.compile(r'"caller" ?: ?"transformer/main\.go:\d{1,6}"')
TRANSFORMER_CONTAINER = "transformer"
_POD = re.compile(
    r'"(?:pod_name|podName|k8s\.pod\.name|kubernetes\.pod\.name)"[ \t]{0,4}:[ \t]{0,4}"[^"\\\n]{1,253}"'
)


_RECORD_HOLDERS = ("jsonPayload", "result", "_source")
_MESSAGE_KEYS = ("textPayload", "message", "log", "msg", "line", "_raw", "LogMessage")
_CONTAINER_KEYS = (
    "container_name", "containerName", "ContainerName", "container", "kube_container_name",
    "k8s.container.name", "kubernetes.container.name",
)  # fmt: skip
_POD_KEYS = ("pod_name", "podName", "PodName", "pod", "k8s.pod.name", "kubernetes.pod.name")
_SEARCH_DEPTH = 4  # a record's source sits at most this deep (hit > _source > kubernetes > container)


def parse_block(doc: Document, segment: Segment, facts: Facts) -> bool:
    """Read the segment as a pretty-printed block of records; False when it is none."""
    text = doc.original
    start, stop = original_offset(doc, segment.start), original_offset(doc, segment.end + 1)
    if text[start : start + 1] not in ("[", "{"):
        return False
    first_end = text.find("\n", start, stop)
    if segment.end > segment.start and text[start:first_end].rstrip().endswith("}"):
        return False  # one record a line (JSON lines): no block to decode whole
    try:
        value = safe_json.loads(text[start:stop])
    except (ValueError, RecursionError):
        return False
    pos = start
    for record in _records(value):
        message, container, pod = record
        found = _message_offset(text, message, pos, stop)
        if found is None:
            continue
        line = doc.original_line_of(found)
        source = f"{pod or ''}/{container or ''}" if container else ""
        facts.add_stream(line, container, source)
        facts.add_stream(line + 1, None, "")
        pos = found + 1
    return True


def _records(value: object) -> Iterator[tuple[str, str | None, str | None]]:
    """(message, container, pod) of each record in ``value``, in document order. A record is
    an object with a message field (its own or its holder's); others are searched, with an
    explicit stack (never recursion over user input)."""
    stack: list[object] = [value]
    count = 0
    while stack and count < MAX_RECORDS:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
            continue
        if not isinstance(item, dict):
            continue
        message = _message_of(item)
        if message is None:
            stack.extend(reversed([v for v in item.values() if isinstance(v, (dict, list))]))
            continue
        count += 1
        yield message, _nested(item, _CONTAINER_KEYS), _nested(item, _POD_KEYS)


def _message_of(record: dict) -> str | None:
    for holder in [record] + [record.get(key) for key in _RECORD_HOLDERS]:
        if isinstance(holder, dict):
            for key in _MESSAGE_KEYS:
                value = holder.get(key)
                if isinstance(value, str):
                    return value
    return None


def _nested(record: dict, keys: tuple[str, ...]) -> str | None:
    """The first of ``keys`` holding a name in ``record`` or the objects under it (breadth
    first, ``_SEARCH_DEPTH`` levels): a string, a one-name list (Elastic's ``fields``), or an
    object's ``name`` (ECS ``kubernetes.container: {"name": ...}``)."""
    level = [record]
    for _ in range(_SEARCH_DEPTH):
        below: list[dict] = []
        for item in level:
            for key in keys:
                value = item.get(key)
                if isinstance(value, list) and len(value) == 1:
                    value = value[0]
                if isinstance(value, dict):
                    value = value.get("name")
                if isinstance(value, str) and value:
                    return value
            below.extend(v for v in item.values() if isinstance(v, dict))
        level = below[:1000]
        if not level:
            break
    return None


def _message_offset(text: str, message: str, pos: int, stop: int) -> int | None:
    """Where the string ``message`` is written from ``pos`` on, as JSON writes it."""
    if not message.strip():
        return None
    for ensure_ascii in (False, True):
        encoded = json.dumps(message, ensure_ascii=ensure_ascii)[:200]
        found = text.find(encoded, pos, stop)
        if found != -1:
            return found
    return None


def parse(doc: Document, segment: Segment, facts: Facts) -> None:
    """Append (first line, container) for each run of records from one container, and
    (first line, "<pod field><container field>") for each run from one source (a failure is
    cleared only by a line from the same source).

    Runs are found stretch by stretch, as the Logs tab's are: the first record naming a
    container, then the first line that does not carry the same source fields, so a
    200k-record export costs a few calls per source switch (see ``_stretch_end``).
    """
    if parse_block(doc, segment, facts) or _parse_documents(doc, segment, facts):
        return
    text = doc.original
    pos, stop = original_offset(doc, segment.start), original_offset(doc, segment.end + 1)
    start = pos
    while pos < stop:
        found = _SOURCE_FIELD.search(text, pos, stop)
        if found is None:
            facts.add_stream(
                doc.original_line_of(pos), _program_of(text, start, stop) if pos == start else None, ""
            )
            return
        newline = text.rfind("\n", pos, found.start())
        line_start = pos if newline == -1 else newline + 1
        if line_start > pos:  # records without a source before this one
            facts.add_stream(doc.original_line_of(pos), None, "")
        line_end = text.find("\n", found.end(), stop)
        pod = _POD.search(text, line_start, stop if line_end == -1 else line_end)
        fields = [found.group()] + ([pod.group()] if pod else [])
        container = found.group("c") or found.group("n")
        facts.add_stream(doc.original_line_of(line_start), container, "".join(fields))
        pos = _stretch_end(text, fields, stop if line_end == -1 else line_end + 1, stop)


def _program_of(text: str, start: int, stop: int) -> str | None:
    """The container whose program wrote records that name no source (a bare ``kubectl
    logs`` copy), when a record's own fields say which program it is: the standard
    transformer's zap caller (``_TRANSFORMER_CALLER``). One search."""
    return TRANSFORMER_CONTAINER if _TRANSFORMER_CALLER.search(text, start, stop) is not None else None


def _parse_documents(doc: Document, segment: Segment, facts: Facts) -> bool:
    """Read the segment as gcloud's YAML LogEntry documents (``yaml_records``), each naming
    its container in its resource labels; False when it holds none."""
    text = doc.original
    start, stop = original_offset(doc, segment.start), original_offset(doc, segment.end + 1)
    if not text.startswith("---", start):
        return False
    for offset, container, pod in yaml_records.documents(text, start, stop):
        source = f"{pod or ''}/{container}" if container else ""
        facts.add_stream(doc.original_line_of(offset), container, source)
    return True


def record_container(text: str) -> str | None:
    """The container a record's source field names (the first on its text), or None."""
    found = _SOURCE_FIELD.search(text)
    return (found.group("c") or found.group("n")) if found else None


def _stretch_end(text: str, fields: list[str], pos: int, stop: int) -> int:
    """The start of the first line from ``pos`` on that lacks one of ``fields``.

    The next lines are checked one by one first: sources that switch every few records
    (several pods interleaved) cost a ``find`` per field and line, and never compile a
    pattern. A source that lasts longer is followed by one search of a pattern made for it
    (cached: the same few sources come back), so a long stretch costs one regex call.
    """
    for _ in range(_PROBE_LINES):
        if pos >= stop:
            return stop
        end = text.find("\n", pos, stop)
        end = stop if end == -1 else end + 1
        if any(text.find(field, pos, end) == -1 for field in fields):
            return pos
        pos = end
    if pos >= stop:
        return stop
    found = _end_of_stretch(tuple(fields)).search(text, pos - 1, stop)
    return stop if found is None else found.start() + 1


@lru_cache(maxsize=256)
def _end_of_stretch(fields: tuple[str, ...]) -> re.Pattern[str]:
    """The newline before the first line that lacks one of a source's fields."""
    missing = "|".join(f"(?![^\\n]*{re.escape(field)})" for field in fields)
    return re.compile(rf"\n(?:{missing})")
