"""``kubectl get ... -o yaml`` / ``-o json``: Pod, Job, InferenceService, Knative, Event, List.

Both formats are turned into the same annotated tree (``YMap``/``YList`` from
``yamlish``, which remember the line of every key), then one extractor fills Facts.

JSON is read with ``json.loads``; line numbers are then recovered by walking the
parsed tree in document order with a cursor over the text (``json`` keeps key
order, and kubectl prints keys in that order), one ``str.find`` per key. A
truncated JSON (a paste cut short) is repaired by closing its open brackets after
the last complete line; if that fails too (garbage, nesting too deep), a line scan
still reads ``"reason": "X"`` style lines.

InferenceService ``status.modelStatus`` becomes up to two Conditions:

* ``type="ModelStatus"``: ``reason`` = targetModelState (else activeModelState, else
  transitionStatus), e.g. ``FailedToLoad``; ``status`` = "False" when a state is
  FailedToLoad or the transition is BlockedByFailedLoad/InvalidSpec, "True" when the
  model is Loaded, else "Unknown"; ``message`` lists the three raw values.
* ``type="ModelLastFailure"`` (only when ``lastFailureInfo`` is present):
  ``status="False"``, ``reason``/``message`` from lastFailureInfo (e.g. ModelLoadFailed).

Knative Service/Configuration/Revision/Route and KServe conditions are plain
Conditions (type e.g. ``PredictorReady``, ``ConfigurationsReady``, ``ContainerHealthy``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from diagnoser import safe_json
from diagnoser.model import Condition, ContainerState, Event, Facts, Probe, Segment
from diagnoser.normalise import Document
from diagnoser.parsers._util import LineCounter, original_text, to_int
from diagnoser.parsers.yamlish import MAX_DEPTH, YList, YMap, read_yaml

MAX_YAML_LINES = 200_000
_PROBES = (("livenessProbe", "liveness"), ("readinessProbe", "readiness"), ("startupProbe", "startup"))
_PROBE_ACTIONS = (("httpGet", "http-get"), ("tcpSocket", "tcp-socket"), ("exec", "exec"), ("grpc", "grpc"))
_FAILED_MODEL_STATES = ("FailedToLoad",)
_FAILED_TRANSITIONS = ("BlockedByFailedLoad", "InvalidSpec")


# --- entry points ------------------------------------------------------------------------


def parse_yaml(doc: Document, segment: Segment, facts: Facts) -> None:
    """Read the YAML documents of the segment and extract their facts."""
    end = min(segment.end, segment.start + MAX_YAML_LINES - 1)
    if end < segment.end:
        facts.notes.append(
            f"The YAML at lines {segment.start}–{segment.end} is very long; only its first "
            f"{MAX_YAML_LINES} lines were read as YAML (all lines are still searched)."
        )
    documents, notes = read_yaml([(n, doc.line(n)) for n in range(segment.start, end + 1)])
    facts.notes.extend(notes)
    extract_documents(documents, facts, segment.start, end)


def parse_json(doc: Document, segment: Segment, facts: Facts) -> None:
    """Read the JSON object of the segment (repairing a truncated one) and extract facts."""
    text = original_text(doc, segment.start, segment.end)
    where = f"lines {segment.start}–{segment.end}" if segment.end > segment.start else f"line {segment.start}"
    if segment.fragment:
        text = _as_object(text)
    try:
        obj = safe_json.loads(text)
    except safe_json.TooDeep:
        facts.notes.append(
            f"The JSON at {where} is nested more than {safe_json.MAX_DEPTH} levels deep;"
            " it was read line by line."
        )
        scan_lines(doc, segment, facts)
        return
    except ValueError as exc:
        if getattr(exc, "msg", "") == "Extra data" and _parse_stream(text, segment, facts):
            return
        # Truncated (the error is at the very end) -> close the brackets; damaged in
        # the middle -> repairing would drop everything after the damage: scan lines.
        position = getattr(exc, "pos", 0)
        truncated = text.count("\n", position) <= 1
        repaired = _repair(text) if truncated else None
        if repaired is None:
            facts.notes.append(
                f"Could not read the JSON at {where}: it looks truncated or damaged; read line by line."
            )
            scan_lines(doc, segment, facts)
            return
        obj, cut = repaired
        last = segment.start + text.count("\n", 0, cut)
        facts.notes.append(
            f"The JSON at {where} looks truncated (it does not close); read up to line {last}."
        )
    extract_any(annotate(obj, text, segment.start), facts, segment.start, segment.end)


def _parse_stream(text: str, segment: Segment, facts: Facts) -> bool:
    """Objects printed one after another (``jq '.status.containerStatuses[] | {...}'``): read
    as the items of one list, so their lines come from one forward pass over the text; False
    when the text is not such a stream."""
    try:
        values = safe_json.loads_stream(text)
    except ValueError:
        return False
    extract_any(
        annotate([value for value, _ in values], text, segment.start), facts, segment.start, segment.end
    )
    return True


def extract_documents(documents: list[object], facts: Facts, first_line: int, last_line: int) -> None:
    """Facts from the documents of one YAML segment, each bounded by the next one's start."""
    # The next document that knows its line (an empty or scalar document has none).
    starts: list[int | None] = [None] * len(documents)
    upcoming: int | None = None
    for index in range(len(documents) - 1, -1, -1):
        starts[index] = upcoming
        upcoming = getattr(documents[index], "line", None) or upcoming
    for document, start in zip(documents, starts, strict=True):
        extract_any(document, facts, first_line, start - 1 if start is not None else last_line)


def _as_object(text: str) -> str:
    """A JSON fragment as an object: ``"lastState": {...},`` becomes ``{"lastState": {...}}``.

    Only a brace at each end is added and a trailing comma dropped, so the fragment's lines
    keep their numbers.
    """
    trimmed = text.rstrip().rstrip(",")
    return trimmed if trimmed.lstrip().startswith(("{", "[")) else "{" + trimmed + "}"


# --- JSON line numbers -----------------------------------------------------------------------


class _Cursor:
    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.pos = 0
        self.counter = LineCounter(text, first_line)
        self.missing: set[str] = set()  # keys a search did not find: never searched again

    def key_line(self, key: str) -> int | None:
        """Line of the next ``"key"`` followed by a colon (``"key":`` or ``"key" :``).

        The cursor only moves forward, so annotating a whole text costs one pass over it.
        """
        if key in self.missing:
            return None
        needle = _quoted(key)
        text = self.text
        at = text.find(needle, self.pos)
        while at != -1:
            end = at + len(needle)
            if text.startswith(":", end):  # kubectl's and jq's ``"key": ``: no regex needed
                self.pos = end + 1
                return self.counter.line_of(at)
            colon = _COLON_AFTER.match(text, end)
            if colon is not None:
                self.pos = colon.end()
                return self.counter.line_of(at)
            at = text.find(needle, at + 1)  # the same words as a value: look further on
        self.missing.add(key)  # not after the cursor now, nor after any later position
        return None


# After a key as JSON writes it: its colon. The key itself is found with ``str.find``, so an
# object of 20,000 distinct keys (a ConfigMap's files) compiles no pattern per key.
_COLON_AFTER = re.compile(r"[ \t\r\n]{0,16}:")


@lru_cache(maxsize=4096)
def _quoted(key: str) -> str:
    """A key as JSON writes it; the same few keys repeat in every container. A printable key
    with no quote or backslash is written as it is (a ConfigMap's 30,000 file names are
    distinct: ``json.dumps`` on each was a tenth of reading it)."""
    if key.isprintable() and '"' not in key and "\\" not in key:
        return f'"{key}"'
    return json.dumps(key, ensure_ascii=False)


def annotate(obj: object, text: str, first_line: int) -> object:
    """Parsed JSON -> YMap/YList with the line of every key (depth-bounded).

    The tree is walked in document order with an explicit stack, not by recursion: the
    cursor over the text only moves forward, and nesting never reaches the call stack.
    """
    cursor = _Cursor(text, first_line)
    line_of = cursor.counter.line_of
    key_line = cursor.key_line
    root = _node(obj, line_of(0))
    if root is None:
        return obj
    # (node being filled, what is left of its source, whether it is a map, depth of its children)
    stack: list[tuple[Any, Iterator, bool, int]] = [(root, _entries(obj), isinstance(obj, dict), 1)]
    while stack:
        target, entries, is_map, depth = stack[-1]
        deeper = depth <= MAX_DEPTH
        if is_map:
            key_lines = target.key_lines
            for key, value in entries:
                line = key_line(key if type(key) is str else str(key))
                if line is not None:
                    key_lines[key] = line
                if deeper and isinstance(value, (dict, list)):
                    child = _node(value, line_of(cursor.pos))
                    target[key] = child
                    stack.append((child, _entries(value), isinstance(value, dict), depth + 1))
                    break
                target[key] = value
            else:
                stack.pop()
        else:
            item_lines = target.item_lines
            for value in entries:
                item_lines.append(line_of(cursor.pos))
                if deeper and isinstance(value, (dict, list)):
                    child = _node(value, line_of(cursor.pos))
                    target.append(child)
                    stack.append((child, _entries(value), isinstance(value, dict), depth + 1))
                    break
                target.append(value)
            else:
                stack.pop()
    return root


def _node(value: object, line: int) -> YMap | YList | None:
    """The empty annotated container for a dict or list value (None for a scalar)."""
    if isinstance(value, dict):
        node: YMap | YList = YMap()
    elif isinstance(value, list):
        node = YList()
    else:
        return None
    node.line = line
    return node


def _entries(value: object) -> Iterator:
    return iter(value.items()) if isinstance(value, dict) else iter(value)  # type: ignore[union-attr]


_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.){0,200000}"?|[{}\[\]]')
_REPAIR_TRIES = 60


def _repair(text: str) -> tuple[object, int] | None:
    """Close the brackets left open by a truncated JSON text; (object, cut offset)."""
    cuts = []
    pos = len(text)
    for _ in range(_REPAIR_TRIES):
        pos = text.rfind("\n", 0, pos)
        if pos <= 0:
            break
        cuts.append(pos)
    cuts.insert(0, len(text))
    earliest = min(cuts)
    stack = _stack(text, 0, earliest, [])
    if stack is None:
        return None
    for cut in cuts:
        candidate_stack = _stack(text, earliest, cut, list(stack))
        if candidate_stack is None or not candidate_stack:
            continue
        body = text[:cut].rstrip().rstrip(",")
        closers = "".join("}" if opener == "{" else "]" for opener in reversed(candidate_stack))
        try:
            return safe_json.loads(body + closers), cut
        except (ValueError, RecursionError):
            continue
    return None


def _stack(text: str, start: int, end: int, stack: list[str] | None) -> list[str] | None:
    if stack is None:
        return None
    for match in _JSON_TOKEN.finditer(text, start, end):
        token = match.group(0)
        if token in "{[":
            stack.append(token)
        elif token in "}]":
            if not stack:
                return None
            stack.pop()
    return stack


# --- line scan fallback ----------------------------------------------------------------------

_SCAN = re.compile(
    r'^([ \t]{0,200})"(reason|exitCode|message|type|status|name)"[ \t]{0,5}:[ \t]{0,5}'
    r'("(?:[^"\\\n]|\\.){0,5000}"|-?\d{1,12})',
    re.MULTILINE,
)
_OPENER = re.compile(r'^([ \t]{0,200})"(\w{1,60})"[ \t]{0,5}:[ \t]{0,5}[\[{][ \t]*$')


def scan_lines(doc: Document, segment: Segment, facts: Facts) -> None:
    """Best effort for unreadable JSON: container reasons and condition reasons by line."""
    lines = doc.lines(segment.start, min(segment.end, segment.start + 100_000))
    for index, raw in enumerate(lines):
        if '"reason"' not in raw[:300]:
            continue
        match = _SCAN.match(raw)
        if not match or match.group(2) != "reason":
            continue
        indent = len(match.group(1))
        siblings = _siblings(lines, index, indent)
        reason = siblings.get("reason")
        parent, grand = _parents(lines, index, indent)
        line = segment.start + index
        if parent in ("terminated", "waiting") and reason:
            name = _name_near(lines, index, grand[1] if grand else None)
            phase = "last" if grand and grand[0] == "lastState" else "current"
            facts.container(name or "unknown", line).states.append(
                ContainerState(
                    container=name or "unknown",
                    phase=phase,
                    state=parent,
                    reason=reason,
                    exit_code=to_int(siblings.get("exitCode")),
                    message=siblings.get("message"),
                    line=line,
                )
            )
        elif reason and "type" in siblings:
            facts.conditions.append(
                Condition(
                    type=siblings["type"],
                    status=siblings.get("status", "Unknown"),
                    reason=reason,
                    message=siblings.get("message"),
                    line=line,
                )
            )


def _value(raw: str) -> str:
    if raw.startswith('"'):
        try:
            return str(json.loads(raw))
        except ValueError:
            return raw.strip('"')
    return raw


def _siblings(lines: list[str], index: int, indent: int) -> dict[str, str]:
    """Key/values at the same indent around line ``index`` (same JSON object)."""
    found: dict[str, str] = {}
    for step in (-1, 1):
        i = index
        while 0 <= i < len(lines) and abs(i - index) < 60:
            raw = lines[i]
            current = len(raw) - len(raw.lstrip())
            if raw.strip() and current < indent:
                break
            match = _SCAN.match(raw)
            if match and len(match.group(1)) == indent:
                found.setdefault(match.group(2), _value(match.group(3)))
            i += step
    return found


def _parents(lines: list[str], index: int, indent: int) -> tuple[str | None, tuple[str, int] | None]:
    """Keys of the enclosing object and its parent: ("terminated", ("lastState", indent))."""
    keys: list[tuple[str, int]] = []
    want = indent
    for i in range(index - 1, max(-1, index - 200), -1):
        match = _OPENER.match(lines[i])
        if match and len(match.group(1)) < want:
            keys.append((match.group(2), len(match.group(1))))
            want = len(match.group(1))
            if len(keys) == 2:
                break
    parent = keys[0][0] if keys else None
    return parent, (keys[1] if len(keys) > 1 else None)


def _name_near(lines: list[str], index: int, indent: int | None) -> str | None:
    if indent is None:
        return None
    for i in range(max(0, index - 80), min(len(lines), index + 80)):
        match = _SCAN.match(lines[i])
        if match and match.group(2) == "name" and len(match.group(1)) == indent:
            return _value(match.group(3))
    return None


# --- extraction --------------------------------------------------------------------------------


def _map(value: object) -> YMap:
    if isinstance(value, YMap):
        return value
    result = YMap()
    if isinstance(value, dict):
        result.update(value)
    return result


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _line(mapping: object, key: str) -> int | None:
    if isinstance(mapping, YMap):
        return mapping.key_lines.get(key, mapping.line)
    return None


def _text(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


_STATE_KEYS = ("state", "lastState")
_CONDITION_STATUSES = ("True", "False", "Unknown")


def extract_any(root: object, facts: Facts, first_line: int, last_line: int | None = None) -> None:
    """Facts from a whole Kubernetes object or from any fragment of one.

    A user copies ``containerStatuses``, ``lastState``, ``conditions``, ``modelStatus`` or
    ``lastFailureInfo`` at any depth and without their parents. One walk over the tree (an
    explicit stack, no recursion) recognises each part by its own keys wherever it sits, so
    a fragment yields the same facts the whole object would, minus what it does not hold.
    ``last_line`` bounds the root (the segment's last line): each node's own bound, the line
    before its next sibling, tells where a whole object's configuration ends.
    """
    stack: list[tuple[object, str | None, int, int | None]] = [(root, None, 0, last_line)]
    while stack:
        node, key, depth, bound = stack.pop()
        if depth > MAX_DEPTH:
            continue
        if isinstance(node, list):
            if key == "conditions":
                _conditions(node, facts)
                continue
            ends = _item_ends(node, bound)
            for index in range(len(node) - 1, -1, -1):
                stack.append((node[index], key, depth + 1, ends[index]))
            continue
        if not isinstance(node, dict):
            continue
        if _api_refusal(node, key, facts) or _read_of_nothing(node):
            continue
        if _is_object(node):
            extract(node, facts, bound=bound)
            continue
        if key in ("containerStatuses", "initContainerStatuses"):
            _container_status(_map(node), key == "initContainerStatuses", facts, first_line)
            continue
        if any(k in node for k in _STATE_KEYS) and isinstance(node.get("name", ""), str):
            _container_status(_map(node), False, facts, first_line)
            continue
        if key is None and ("terminated" in node or "waiting" in node):
            _container_status(_map({"state": node}), False, facts, first_line)  # a bare state block
            continue
        if "involvedObject" in node or "regarding" in node or _looks_like_event(node):
            _event(node, facts)
            continue
        if "modelStatus" in node and isinstance(node["modelStatus"], dict):
            model_status(_map(node["modelStatus"]), _line(node, "modelStatus"), facts)
        elif key == "modelStatus" or ("states" in node and "transitionStatus" in node):
            model_status(_map(node), _line(node, "states"), facts)
            continue
        elif key == "lastFailureInfo":
            model_status(_map({"lastFailureInfo": node}), _line(node, "reason"), facts)
            continue
        if key != "conditions" and "type" in node and _text(node.get("status")) in _CONDITION_STATUSES:
            _conditions([node], facts)
            continue
        if "phase" in node and ("reason" in node or "message" in node) and "containerStatuses" not in node:
            _pod_status(_map(node), facts)
        if _healthy_endpoint(node):
            start, stop = _key_span(node, "message", bound)
            if start is not None:
                facts.configuration.append((start, start if stop is None or stop < start else stop))
        children = [
            (child_key, value)
            for child_key, value in node.items()
            if child_key != "modelStatus" and isinstance(value, (dict, list))
        ]
        if children:
            ends = _entry_ends(node, bound)
            for child_key, value in reversed(children):
                stack.append((value, str(child_key), depth + 1, ends.get(child_key, bound)))


def _api_refusal(node: dict, key: str | None, facts: Facts) -> bool:
    """The API server's answer to a request that failed: a ``Status`` object (``status:
    Failure``, its ``message`` and ``code``), whole or as an audit event's ``responseStatus``
    (the audit log records what each request was answered). Its message is the API error,
    as kubectl's ``Error from server`` line is: recorded as an error line."""
    if key != "responseStatus" and node.get("kind") != "Status":
        return False
    message = node.get("message")
    if node.get("status") != "Failure" or not isinstance(message, str) or not message.strip():
        return key == "responseStatus"  # a success's answer (201, 200) says nothing more
    line = _line(node, "message") or _line(node, "status")
    if line is not None:
        facts.error_lines.append((line, message.strip()))
    return True


_READ_VERBS = ("get", "list", "watch")


def _read_of_nothing(node: dict) -> bool:
    """An audit event of a read answered 404: a client asking whether an object exists (Merlin
    looks for the InferenceService before it creates it). "No" is not a failure."""
    answer = node.get("responseStatus")
    return node.get("verb") in _READ_VERBS and isinstance(answer, dict) and answer.get("code") == 404


_EVENT_TYPES = ("Normal", "Warning")
_EVENT_ONLY_KEYS = ("count", "lastTimestamp", "firstTimestamp", "eventTime", "source", "reportingComponent")


# A Merlin version endpoint (the API's ``/versions/<n>/endpoint``, the SDK's VersionEndpoint):
# ``status`` is pending, running, serving, failed or terminated. Merlin does not clear
# ``message`` after a later deployment succeeds, so beside running or serving it is history.
_ENDPOINT_KEYS = ("environment_name", "version_id", "url", "service_name", "monitoring_url")
_HEALTHY_ENDPOINT_STATUSES = ("running", "serving")


def _healthy_endpoint(node: dict) -> bool:
    return (
        node.get("status") in _HEALTHY_ENDPOINT_STATUSES
        and "message" in node
        and any(key in node for key in _ENDPOINT_KEYS)
    )


def _looks_like_event(node: dict) -> bool:
    """An event projected without its ``involvedObject`` (``jq``/``yq`` picking fields): a
    reason, a message, a Normal/Warning type and a key only events have."""
    return (
        node.get("type") in _EVENT_TYPES
        and "reason" in node
        and ("message" in node or "note" in node)
        and any(key in node for key in _EVENT_ONLY_KEYS)
    )


def _is_object(node: dict) -> bool:
    """A whole Kubernetes object (or List): read by ``extract`` with its names."""
    kind = node.get("kind")
    return isinstance(kind, str) and ("metadata" in node or "items" in node or "status" in node)


def _pod_status(status: YMap, facts: Facts) -> None:
    facts.pod_phase = _text(status.get("phase")) or facts.pod_phase
    if status.get("reason"):
        facts.pod_reason = _text(status.get("reason"))
        facts.pod_line = _line(status, "reason")
    if status.get("message"):
        facts.pod_message = _text(status.get("message"))


def _conditions(items: list, facts: Facts, kind: str | None = None) -> None:
    for cond in items:
        cond = _map(cond)
        ctype = _text(cond.get("type"))
        if not ctype:
            continue
        facts.conditions.append(
            Condition(
                type=ctype,
                status=_text(cond.get("status")) or "Unknown",
                reason=_text(cond.get("reason")),
                message=_text(cond.get("message")),
                line=_line(cond, "reason") if cond.get("reason") else _line(cond, "type"),
                end_line=_line(cond, "message"),
                object=kind,
            )
        )
        if ctype == "Ready" and _text(cond.get("status")) in ("True", "False"):
            facts.pod_ready = _text(cond.get("status")) == "True"


def extract(obj: object, facts: Facts, depth: int = 0, bound: int | None = None) -> None:
    """Fill Facts from one Kubernetes object (or a List of them); ``bound`` is the last line
    the object can reach (the line before the next item), when known."""
    if not isinstance(obj, dict) or depth > 5:
        return
    kind = _text(obj.get("kind")) or ""
    items = obj.get("items")
    if isinstance(items, list):
        ends = _item_ends(items, _key_span(obj, "items", bound)[1])
        for index, item in enumerate(items):
            extract(item, facts, depth + 1, ends[index])
        if kind.endswith("List") or not kind:
            return
    if kind == "Event" or (("involvedObject" in obj or "regarding" in obj) and "reason" in obj):
        _event(obj, facts)
        return
    facts.configuration.extend(_configuration_spans(obj, bound))
    meta = _map(obj.get("metadata"))
    spec = _map(obj.get("spec"))
    status = _map(obj.get("status"))
    if kind == "Pod" or "containerStatuses" in status:
        _pod(meta, spec, status, facts)
    elif meta.get("namespace") and not facts.namespace:
        facts.namespace = _text(meta.get("namespace"))
    template = _map(_map(spec.get("template")).get("spec"))
    if kind != "Pod" and template:
        _spec_containers(template, facts)
    first = len(facts.conditions)
    extract_status(status, facts, kind or None)
    revision = _revision_of(meta) if kind == "Revision" else None
    for condition in facts.conditions[first:]:
        condition.revision = revision


# A Knative revision's name: its configuration's name and a five-digit generation.
_REVISION_NAME = re.compile(r"([a-z0-9][a-z0-9.-]{0,250})-(\d{5})")


def _revision_of(meta: YMap) -> tuple[str, int] | None:
    """(configuration, generation) of a Revision object: its Knative labels, else its name
    (``<configuration>-00002``), so the conditions of older revisions can be told apart from
    the newest one's in a ``get revisions -o yaml|json`` list."""
    labels = _map(meta.get("labels"))
    named = _REVISION_NAME.fullmatch(_text(meta.get("name")) or "")
    configuration = _text(labels.get("serving.knative.dev/configuration"))
    if configuration is None and named is not None:
        configuration = named.group(1)
    generation = to_int(_text(labels.get("serving.knative.dev/configurationGeneration")))
    if generation is None and named is not None:
        generation = int(named.group(2))
    if configuration is None or generation is None:
        return None
    return configuration, generation


# Where a whole object holds what people wrote, never what software printed: a ConfigMap's
# files (a runbook, a config that names errors), the spec (commands, args, env values) and
# the annotations (last-applied-configuration). A log line there is data.
_CONFIGURATION_PATHS = (
    ("data",),
    ("binaryData",),
    ("stringData",),
    ("spec",),
    ("metadata", "annotations"),
    ("metadata", "managedFields"),
)


def _configuration_spans(obj: object, bound: int | None) -> list[tuple[int, int]]:
    """Line ranges of an object's configuration (``_CONFIGURATION_PATHS``) whose end is known."""
    spans = []
    for path in _CONFIGURATION_PATHS:
        mapping, end = obj, bound
        for key in path[:-1]:
            end = _key_span(mapping, key, end)[1]
            mapping = mapping.get(key) if isinstance(mapping, dict) else None
        start, stop = _key_span(mapping, path[-1], end)
        if start is not None and stop is not None and stop >= start:
            spans.append((start, stop))
    return spans


def _key_span(mapping: object, key: str, bound: int | None) -> tuple[int | None, int | None]:
    """The lines of a key's entry in an annotated mapping: from the key's line to the line
    before the next key below it, or to ``bound`` for the last key (None when unknown)."""
    if not isinstance(mapping, YMap):
        return None, None
    start = mapping.key_lines.get(key)
    if start is None:
        return None, None
    below = [line for line in mapping.key_lines.values() if line > start]
    return start, (min(below) - 1 if below else bound)


def _item_ends(items: list, bound: int | None) -> list[int | None]:
    """The last line each item of a list can reach: the line before the next item's first
    key (a JSON list's ``item_lines`` are where the cursor stood, inside the item before),
    else before the next item's own line, else ``bound``. One backward pass."""
    lines = items.item_lines if isinstance(items, YList) else []
    ends: list[int | None] = [bound] * len(items)
    for index in range(len(items) - 2, -1, -1):
        following = items[index + 1]
        if isinstance(following, YMap) and following.key_lines:
            start: int | None = min(following.key_lines.values())
        else:
            start = lines[index + 1] if index + 1 < len(lines) else None
        ends[index] = start - 1 if start is not None else ends[index + 1]
    return ends


def _entry_ends(mapping: object, bound: int | None) -> dict[str, int | None]:
    """The last line of each key's entry in an annotated mapping (``_key_span`` for every key
    at once: one sort and one backward pass, so a mapping of many keys, or of many keys on
    one line, costs n log n, not n squared)."""
    if not isinstance(mapping, YMap) or not mapping.key_lines:
        return {}
    ordered = sorted(mapping.key_lines.items(), key=lambda item: item[1])
    ends: dict[str, int | None] = {}
    below: int | None = None  # the smallest key line greater than the current group's
    index = len(ordered) - 1
    while index >= 0:
        line = ordered[index][1]
        first = index
        while first > 0 and ordered[first - 1][1] == line:
            first -= 1
        for key, _ in ordered[first : index + 1]:
            ends[key] = below - 1 if below is not None else bound
        below = line
        index = first - 1
    return ends


def extract_status(status: YMap, facts: Facts, kind: str | None = None) -> None:
    """Conditions and KServe modelStatus of any object's ``status`` (of a ``kind`` object)."""
    _conditions(_list(status.get("conditions")), facts, kind)
    model = status.get("modelStatus")
    if isinstance(model, dict):
        model_status(_map(model), _line(status, "modelStatus"), facts)


def model_status(model: YMap, line: int | None, facts: Facts) -> None:
    states = _map(model.get("states"))
    active = _text(states.get("activeModelState"))
    target = _text(states.get("targetModelState"))
    transition = _text(model.get("transitionStatus"))
    failure = _map(model.get("lastFailureInfo"))
    if active or target or transition:
        if (
            active in _FAILED_MODEL_STATES
            or target in _FAILED_MODEL_STATES
            or transition in _FAILED_TRANSITIONS
        ):
            status = "False"
        elif active == "Loaded":
            status = "True"
        else:
            status = "Unknown"
        state_line = _line(states, "targetModelState") if target else _line(states, "activeModelState")
        facts.conditions.append(
            Condition(
                type="ModelStatus",
                status=status,
                reason=target or active or transition,
                message=f"activeModelState={active or ''}, targetModelState={target or ''}, "
                f"transitionStatus={transition or ''}",
                line=state_line or line,
            )
        )
    if failure:
        # The whole lastFailureInfo block is this condition's text (its message line too), so
        # when the failure is stale the message is not matched again as a free line.
        key_lines = list(failure.key_lines.values()) if isinstance(failure, YMap) else []
        facts.conditions.append(
            Condition(
                type="ModelLastFailure",
                status="False",
                reason=_text(failure.get("reason")),
                message=_text(failure.get("message")),
                line=min(filter(None, (_line(failure, "reason"), _line(failure, "message"))), default=line),
                end_line=max(key_lines) if key_lines else None,
            )
        )


def _pod(meta: YMap, spec: YMap, status: YMap, facts: Facts) -> None:
    name = _text(meta.get("name"))
    if name and not facts.pod_name:
        facts.pod_name = name
        facts.pod_line = _line(meta, "name")
    if meta.get("namespace") and not facts.namespace:
        facts.namespace = _text(meta.get("namespace"))
    _pod_status(status, facts)
    _spec_containers(spec, facts)
    for key, init in (("initContainerStatuses", True), ("containerStatuses", False)):
        for item in _list(status.get(key)):
            _container_status(_map(item), init, facts)


def _spec_containers(spec: YMap, facts: Facts) -> None:
    for key, init in (("initContainers", True), ("containers", False)):
        for item in _list(spec.get(key)):
            item = _map(item)
            name = _text(item.get("name"))
            if not name:
                continue
            container = facts.container(name, _line(item, "name"))
            container.init = container.init or init
            container.image = _text(item.get("image")) or container.image
            resources = _map(item.get("resources"))
            for field, target in (("limits", container.limits), ("requests", container.requests)):
                for resource, amount in _map(resources.get(field)).items():
                    if _text(amount) is not None:
                        target[str(resource)] = _text(amount) or ""
            for probe_key, probe_kind in _PROBES:
                probe = _probe(_map(item.get(probe_key)), probe_kind, _line(item, probe_key))
                if probe is not None:
                    container.probes.append(probe)


def _probe(probe: YMap, kind: str, line: int | None) -> Probe | None:
    for key, action in _PROBE_ACTIONS:
        if key in probe:
            detail = _map(probe.get(key))
            return Probe(
                kind=kind,
                action=action,
                path=_text(detail.get("path")),
                port=_text(detail.get("port")),
                line=line,
            )
    return None


def _container_status(item: YMap, init: bool, facts: Facts, first_line: int | None = None) -> None:
    name = _text(item.get("name"))
    if not name:  # a fragment without the container's name
        line = item.line or first_line or 0
        container = facts.container(f"(container at line {line})", line)
        container.anonymous = True
        name = container.name
    else:
        container = facts.container(name, _line(item, "name"))
    container.init = container.init or init
    container.image = container.image or _text(item.get("image"))
    if isinstance(item.get("ready"), bool):
        container.ready = item.get("ready")
    container.restart_count = to_int(item.get("restartCount"))
    for key, phase in (("state", "current"), ("lastState", "last")):
        block = _map(item.get(key))
        for state in ("waiting", "terminated", "running"):
            if state not in block:
                continue
            detail = _map(block.get(state))
            container.states.append(
                ContainerState(
                    container=name,
                    phase=phase,
                    state=state,
                    reason=_text(detail.get("reason")),
                    exit_code=to_int(detail.get("exitCode")),
                    message=_text(detail.get("message")),
                    line=_line(detail, "reason") if "reason" in detail else _line(block, state),
                    message_line=_line(detail, "message") if "message" in detail else None,
                    end_line=_line(detail, "message") if "message" in detail else None,
                )
            )


def _event(obj: dict, facts: Facts) -> None:
    involved = _map(obj.get("involvedObject") or obj.get("regarding"))
    kind = _text(involved.get("kind"))
    name = _text(involved.get("name"))
    series = _map(obj.get("series"))
    count = to_int(obj.get("count")) or to_int(obj.get("deprecatedCount")) or to_int(series.get("count"))
    facts.add_event(
        Event(
            reason=_text(obj.get("reason")) or "",
            message=_text(obj.get("message")) or _text(obj.get("note")) or "",
            type=_text(obj.get("type")),
            count=count,
            object=f"{kind.lower()}/{name}" if kind and name else name,
            line=min(filter(None, (_line(obj, "reason"), _line(obj, "message"))), default=None),
            end_line=_last_key_line(obj),
        )
    )


def _last_key_line(mapping: object) -> int | None:
    """The line of a mapping's last key: the event's text (a message folded over several lines
    before its ``reason:``) lies between its first and last key."""
    if isinstance(mapping, YMap) and mapping.key_lines:
        return max(mapping.key_lines.values())
    return None
