"""KServe / Knative status pasted on its own.

Three shapes reach here (see ``recognise``):

* ``kubectl describe isvc|ksvc|revision``: ``Conditions:`` followed by groups of
  ``Last Transition Time:`` / ``Message:`` / ``Reason:`` / ``Status:`` / ``Type:``
  lines (a repeated key starts the next condition), and ``Model Status:``;
* a YAML fragment (``status:`` or ``conditions:``) copied out of ``-o yaml``;
* ``kubectl get isvc|ksvc|revision`` tables: READY and REASON become a Condition of
  type "Ready" per row; ``kubectl get revision`` rows also without their header (``| grep``),
  read by position: name-NNNNN, configuration, [service,] generation, READY, [REASON].
"""

from __future__ import annotations

import re

from diagnoser.model import Condition, Facts, Segment
from diagnoser.normalise import Document
from diagnoser.parsers._util import clean, header_columns, table_rows, to_int
from diagnoser.parsers.event_rows import RowReader
from diagnoser.parsers.kube_object import extract_documents, model_status
from diagnoser.parsers.yamlish import YMap, read_yaml

_KEY = re.compile(r"([ \t]{0,40})([A-Z][A-Za-z ]{0,40}):(?:[ \t]+(.*))?$")
# Kubernetes caps a condition message at a few KB; growing a longer one line by line would
# cost quadratic time on a hostile paste.
MAX_MESSAGE_CHARS = 16_384
_CONDITION_KEYS = frozenset(
    ["Last Transition Time", "Last Update Time", "Message", "Reason", "Severity", "Status", "Type"]
)


# A ``kubectl get revision`` row without its header: NAME (configuration-NNNNN), CONFIG NAME,
# K8S SERVICE NAME (Knative before 1.9), GENERATION, READY, REASON (empty when Ready), then the
# replica counts. Shared with ``recognise``, which finds header-less rows with it.
REVISION_ROW_SRC = (
    r"[ \t]{0,4}(?P<name>[a-z0-9][a-z0-9.-]{0,250}-\d{5})[ \t]{2,100}(?P<config>[a-z0-9][a-z0-9.-]{0,252})"
    r"[ \t]{2,100}(?:[a-z0-9][a-z0-9.-]{0,252}[ \t]{2,100})?(?P<generation>\d{1,9})[ \t]{2,100}"
    r"(?P<ready>True|False|Unknown)(?:[ \t]{2,100}(?P<reason>[A-Z][A-Za-z]{1,80})\b)?"
)
_REVISION_ROW = re.compile(REVISION_ROW_SRC)


def parse(doc: Document, segment: Segment, facts: Facts) -> None:
    """Dispatch on the shape of the first line."""
    first = doc.line(segment.start).strip()
    if first.startswith("NAME"):
        _table(doc, segment, facts)
    elif _REVISION_ROW.match(doc.line(segment.start)):
        _revision_rows(doc, segment, facts)
    elif first.startswith(("status:", "conditions:")):
        _yaml(doc, segment, facts)
    else:
        _describe(doc, segment, facts)


def _table(doc: Document, segment: Segment, facts: Facts) -> None:
    """``kubectl get isvc|ksvc|revision``: each row's READY/REASON as a "Ready" condition."""
    columns = {name for name, _ in header_columns(doc.line(segment.start))}
    if "READY" not in columns:
        return
    table_kind = _kind_of_table(columns)
    for n, cells in table_rows(doc, segment):
        ready = clean(cells.get("READY"))
        if ready is None:
            continue
        reason = clean(cells.get("REASON"))
        name = clean(cells.get("NAME")) or ""
        kind = "InferenceService" if name.startswith("inferenceservice.") else table_kind
        condition = Condition(type="Ready", status=ready, reason=reason, message=None, line=n, object=kind)
        facts.conditions.append(condition)
        revision = _REVISION.fullmatch(clean(cells.get("NAME")) or "")
        if revision is not None:
            configuration = clean(cells.get("CONFIG NAME")) or revision.group(1)
            generation = to_int(cells.get("GENERATION")) or int(revision.group(2))
            condition.revision = (configuration, generation)


def _revision_rows(doc: Document, segment: Segment, facts: Facts) -> None:
    """Header-less ``kubectl get revision`` rows: each row's READY/REASON as a "Ready" condition
    of that Revision (a line of another shape is skipped)."""
    for n in range(segment.start, segment.end + 1):
        row = _REVISION_ROW.match(doc.line(n))
        if row is None:
            continue
        condition = Condition(
            type="Ready", status=row.group("ready"), reason=row.group("reason"), message=None, line=n,
            object="Revision", revision=(row.group("config"), int(row.group("generation"))),
        )  # fmt: skip
        facts.conditions.append(condition)


# Columns only one kind's table has: KServe's traffic columns (``PREV``/``LATEST`` since
# 0.7, ``DEFAULT TRAFFIC`` before), Knative service's ``LATESTCREATED``, revision's ``GENERATION``.
_KIND_COLUMNS = (
    ("InferenceService", ("PREVROLLEDOUTREVISION", "LATESTREADYREVISION", "PREV", "DEFAULT TRAFFIC")),
    ("Service", ("LATESTCREATED",)),
    ("Revision", ("CONFIG NAME", "GENERATION", "K8S SERVICE NAME")),
)


def _kind_of_table(columns: set[str]) -> str | None:
    """The kind of object a ``kubectl get`` table lists, from the columns only it prints."""
    for kind, marks in _KIND_COLUMNS:
        if any(mark in columns for mark in marks):
            return kind
    return None


# A Knative revision's name: its configuration's name and a five-digit generation.
_REVISION = re.compile(r"([a-z0-9][a-z0-9.-]{0,250})-(\d{5})")


def _yaml(doc: Document, segment: Segment, facts: Facts) -> None:
    documents, notes = read_yaml([(n, doc.line(n)) for n in range(segment.start, segment.end + 1)])
    facts.notes.extend(notes)
    extract_documents(documents, facts, segment.start, segment.end)


def _describe(doc: Document, segment: Segment, facts: Facts) -> None:
    """Conditions groups and Model Status of describe output, by indentation."""
    section = ""
    section_indent = -1
    group: dict[str, tuple[str, int]] = {}
    last_key = ""
    model: dict[str, tuple[str, int]] = {}
    kind: str | None = None  # the object's "Kind:" line, when the paste holds it
    events: RowReader | None = None  # describe's own "Events:" table, when it is reached
    for n in range(segment.start, segment.end + 1):
        raw = doc.line(n)
        if events is not None:
            if events.feed(n, raw):
                continue
            events = None  # a line that is no event row: the table ended
        if not raw.strip():
            continue
        if raw.startswith("Events:"):
            _flush(group, facts, kind)
            group, section = {}, ""
            events = RowReader(facts)
            continue
        match = _KEY.match(raw)
        indent = len(raw) - len(raw.lstrip(" "))
        if match and indent == 0 and match.group(2) == "Kind" and match.group(3):
            kind = match.group(3).strip()
        if match and match.group(2) in ("Conditions", "Model Status") and not match.group(3):
            _flush(group, facts, kind)
            group = {}
            section, section_indent = match.group(2), indent
            continue
        key_here = match is not None and match.group(2) in _CONDITION_KEYS and indent > section_indent
        if section == "Conditions" and last_key == "Message" and not key_here:
            text, line = group["Message"]
            if len(text) < MAX_MESSAGE_CHARS:  # a message's own lines; a longer one is a paste gone wrong
                group["Message"] = (f"{text}\n{raw.rstrip()}".strip(), line)
            continue
        if section and indent <= section_indent and match:
            _flush(group, facts, kind)
            group = {}
            section = ""
        if section == "Conditions":
            if match and match.group(2) in _CONDITION_KEYS:
                key = match.group(2)
                if key in group:
                    _flush(group, facts, kind)
                    group = {}
                group[key] = ((match.group(3) or "").strip(), n)
                last_key = key
            elif last_key == "Message" and "Message" in group:
                text, line = group["Message"]
                if len(text) < MAX_MESSAGE_CHARS:
                    group["Message"] = (f"{text} {raw.strip()}".strip(), line)
        elif section == "Model Status" and match and match.group(3):
            model[match.group(2)] = (match.group(3).strip(), n)
    _flush(group, facts, kind)
    if model:
        _model_from_describe(model, facts)


def _flush(group: dict[str, tuple[str, int]], facts: Facts, kind: str | None = None) -> None:
    """One condition from its describe keys; ``kind``: the described object's kind."""
    if "Type" not in group:
        return
    reason = group.get("Reason")
    facts.conditions.append(
        Condition(
            type=group["Type"][0],
            status=group.get("Status", ("Unknown", 0))[0] or "Unknown",
            reason=reason[0] if reason else None,
            message=group["Message"][0] if "Message" in group else None,
            line=reason[1] if reason else group["Type"][1],
            object=kind,
        )
    )


def _model_from_describe(model: dict[str, tuple[str, int]], facts: Facts) -> None:
    """Re-shape describe's "Model Status" keys into -o yaml's modelStatus and reuse it."""
    tree = YMap()
    states = YMap()
    failure = YMap()
    for label, key, target in (
        ("Active Model State", "activeModelState", states),
        ("Target Model State", "targetModelState", states),
        ("Transition Status", "transitionStatus", tree),
        ("Reason", "reason", failure),
        ("Message", "message", failure),
    ):
        if label in model:
            target[key] = model[label][0]
            target.key_lines[key] = model[label][1]
    if states:
        tree["states"] = states
    if failure:
        tree["lastFailureInfo"] = failure
    model_status(tree, None, facts)
