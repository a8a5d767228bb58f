"""The facts the engine reads out of a paste.

Every parser (History table, kubectl describe, events, -o yaml/json, KServe status,
image-builder log) fills the same few dataclasses, so the matcher never needs to know
which format a fact came from. Every fact carries the 1-based line number in the
pasted text where it was seen: that line becomes the evidence shown to the user.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

# Input kinds, as reported in ``report.input.kind`` / ``kinds``. Stable strings: the
# browser and the JSON output show them.
KIND_HISTORY = "merlin-history"  # History tab "Error message" (Go error chain + go-pretty tables)
KIND_LOGS = "merlin-logs"  # Logs tab lines: "[pod ][container ]<RFC3339> text"
KIND_DESCRIBE = "kubectl-describe-pod"
KIND_EVENTS = "kubectl-events"  # kubectl get events table
KIND_OBJECT_YAML = "kubectl-yaml"  # kubectl get pod|isvc|ksvc -o yaml
KIND_OBJECT_JSON = "kubectl-json"  # kubectl get pod|isvc|ksvc -o json
KIND_KSERVE_STATUS = "kserve-status"  # InferenceService / Knative conditions pasted on their own
KIND_BUILDER_LOG = "image-builder-log"  # kaniko / conda / pip output
KIND_CONTAINER_LOG = "container-log"  # any other plain log text
KIND_JSON_LOG = "json-lines-log"  # Cloud Logging / structured logs, one JSON object per line
KIND_GET_TABLE = "kubectl-get-table"  # kubectl get pods (READY STATUS RESTARTS ...)
KIND_CSV_LOG = "csv-log-export"  # a log explorer's CSV export: header row, one row per record
KIND_OTEL_LOG = "otel-debug-log"  # the OpenTelemetry Collector's debug exporter: records as text blocks
# Kinds whose lines say which container printed them (``Facts.log_streams``).
_STREAM_KINDS = (KIND_LOGS, KIND_JSON_LOG, KIND_CSV_LOG, KIND_OTEL_LOG)

ALL_KINDS = (
    KIND_HISTORY,
    KIND_LOGS,
    KIND_DESCRIBE,
    KIND_EVENTS,
    KIND_OBJECT_YAML,
    KIND_OBJECT_JSON,
    KIND_KSERVE_STATUS,
    KIND_BUILDER_LOG,
    KIND_JSON_LOG,
    KIND_CSV_LOG,
    KIND_OTEL_LOG,
    KIND_GET_TABLE,
    KIND_CONTAINER_LOG,
)

_KIND_LABELS = {
    KIND_HISTORY: "Merlin History message",
    KIND_LOGS: "Merlin Logs tab",
    KIND_DESCRIBE: "kubectl describe pod",
    KIND_EVENTS: "Kubernetes events",
    KIND_OBJECT_YAML: "kubectl -o yaml",
    KIND_OBJECT_JSON: "kubectl -o json",
    KIND_KSERVE_STATUS: "KServe / Knative status",
    KIND_BUILDER_LOG: "image builder log",
    KIND_CONTAINER_LOG: "log text",
    KIND_JSON_LOG: "JSON log lines",
    KIND_CSV_LOG: "CSV log export",
    KIND_OTEL_LOG: "OpenTelemetry debug exporter output",
    KIND_GET_TABLE: "kubectl get table",
}


_FRAGMENT_LABELS = {
    KIND_EVENTS: "event rows without header",
    KIND_DESCRIBE: "kubectl describe fragment",
    KIND_OBJECT_YAML: "YAML status fragment",
    KIND_OBJECT_JSON: "JSON status fragment",
    KIND_GET_TABLE: "kubectl get pods / crictl ps rows",
}


def kind_label(kind: str, fragment: bool = False) -> str:
    """The name a person knows an input kind by (the ids stay stable in JSON)."""
    if fragment and kind in _FRAGMENT_LABELS:
        return _FRAGMENT_LABELS[kind]
    return _KIND_LABELS.get(kind, kind)


# Components of a Merlin deployment; the fix for the same error differs between them.
COMPONENT_IMAGE_BUILDER = "image-builder"
COMPONENT_MODEL = "model"
COMPONENT_TRANSFORMER = "transformer"
COMPONENT_QUEUE_PROXY = "queue-proxy"
COMPONENT_STORAGE_INITIALIZER = "storage-initializer"
COMPONENT_BATCH_JOB = "batch-job"
COMPONENT_UNKNOWN = "unknown"


# Kinds whose lines are read as structure: their text is matched through the facts parsed
# from them (an event's message, a container's termination message), never as free lines.
STRUCTURED_KINDS = frozenset(
    [
        KIND_HISTORY,
        KIND_DESCRIBE,
        KIND_EVENTS,
        KIND_OBJECT_YAML,
        KIND_OBJECT_JSON,
        KIND_KSERVE_STATUS,
        KIND_GET_TABLE,
    ]
)
# Keep at most this many distinct events (repeats are counted, not stored): a paste of
# 450,000 events must not cost a gigabyte.
MAX_EVENTS = 5_000
_CONTAINER_IN_MESSAGE = re.compile(r'[Cc]ontainer "?([a-z0-9][a-z0-9._-]{0,62})"?')
_IMAGE_IN_MESSAGE = re.compile(r'image "([^"\n]{1,300})"')


@dataclass(frozen=True)
class Segment:
    """A run of lines recognised as one input kind (a paste may hold several)."""

    kind: str
    start: int  # first line, 1-based, inclusive
    end: int  # last line, inclusive
    fragment: bool = False  # a part of the format (no header, no parents, cut by a mouse)


@dataclass(slots=True)
class ContainerState:
    """One observed state of a container: its current state or its last termination."""

    container: str
    phase: str  # "current" or "last"
    state: str  # "waiting", "running" or "terminated"
    reason: str | None = None
    exit_code: int | None = None
    message: str | None = None
    line: int | None = None
    message_line: int | None = None  # first line of a multi-line message
    end_line: int | None = None  # last line of the state's block (its message may be long)
    history: bool = False  # set by ``judge``: a past state of a container that recovered

    @property
    def succeeded(self) -> bool:
        """Terminated with exit code 0 (or Completed without one): not a failure."""
        if self.state != "terminated":
            return False
        if self.exit_code is not None:
            return self.exit_code == 0
        return self.reason in ("Completed", "Succeeded")


@dataclass(slots=True)
class Probe:
    """A liveness/readiness/startup probe as kubectl prints or stores it."""

    kind: str  # "liveness", "readiness" or "startup"
    action: str  # "http-get", "tcp-socket", "exec" or "grpc"
    path: str | None = None
    port: str | None = None
    line: int | None = None


@dataclass
class Container:
    """Everything known about one container of the pod (or the image-builder job)."""

    name: str
    line: int | None = None
    init: bool = False
    image: str | None = None
    ready: bool | None = None
    restart_count: int | None = None
    limits: dict[str, str] = field(default_factory=dict)  # e.g. {"memory": "512Mi", "cpu": "1"}
    requests: dict[str, str] = field(default_factory=dict)
    probes: list[Probe] = field(default_factory=list)
    states: list[ContainerState] = field(default_factory=list)
    anonymous: bool = False  # a describe or YAML fragment that did not say which container
    pod: str | None = None  # a fragment's pod, when the command typed above it names one

    @property
    def component(self) -> str:
        """The Merlin component this container belongs to; for a fragment that does not name
        its container, what its image says (a ``merlin-transformer`` image is the transformer),
        else its stand-in name (a get-pods row is named after its pod). A model pod's row in an
        ``Init:`` status is its init container: KServe's storage-initializer, which downloads
        the model before the model container starts."""
        if self.anonymous and self.image:
            found = component_of(self.image.rsplit("/", 1)[-1].split(":", 1)[0])
            if found != COMPONENT_UNKNOWN:
                return found
        found = component_of(self.name)
        if self.anonymous and self.init and found == COMPONENT_MODEL:
            return COMPONENT_STORAGE_INITIALIZER
        return found


def in_spans(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """Whether a line falls in one of the sorted, disjoint line ranges ``spans`` (such as
    ``Facts.claimed``): a bisect per question, no scan."""
    starts = [start for start, _ in spans]

    def inside(line: int) -> bool:
        index = bisect_right(starts, line) - 1
        return index >= 0 and line <= spans[index][1]

    return inside


@dataclass(slots=True)
class Event:
    """A Kubernetes event (event rows in any layout, kubectl get events, Event objects)."""

    reason: str
    message: str
    type: str | None = None  # "Normal" / "Warning"
    count: int | None = None  # from "(x5 over 2m)" or the count field
    object: str | None = None  # e.g. "pod/iris-1-predictor-abc"
    line: int | None = None
    age: int | None = None  # seconds since last seen, when the paste says ("2m", "3h10m")
    end_line: int | None = None  # last line of a wrapped message
    stale: bool = False  # set by ``judge``: resolved by a later event
    namespace: str | None = None  # the NAMESPACE cell of ``kubectl get events -A``, when shown


@dataclass(slots=True)
class Condition:
    """A status condition of a Pod, Job, InferenceService or Knative resource."""

    type: str
    status: str  # "True" / "False" / "Unknown"
    reason: str | None = None
    message: str | None = None
    line: int | None = None
    end_line: int | None = None
    stale: bool = False  # set by ``judge``: e.g. a lastFailureInfo of a model that has loaded since
    # The kind of object whose status holds it ("InferenceService", "Pod"), when the paste
    # says: a pod's Ready False while it starts is not a service that never became ready.
    object: str | None = None
    # The Knative revision whose status holds it, as (configuration, generation), when the
    # paste says (a Revision object, a ``get revision`` row): ``judge`` sets aside the
    # failures of revisions older than a ready one of the same configuration.
    revision: tuple[str, int] | None = None


@dataclass
class TextView:
    """Extra text the message signals are matched on: decoded escapes, joined wraps.

    Each of its lines comes from one paste line (``lines[i]``), so a hit in the view is
    shown as evidence on the line the user pasted.
    """

    text: str = ""
    lines: array = field(default_factory=lambda: array("q"))
    _starts: array = field(default_factory=lambda: array("q"))

    @classmethod
    def build(cls, pieces: list[tuple[int, str]]) -> TextView | None:
        if not pieces:
            return None
        view = cls()
        offset = 0
        parts = []
        for line, text in pieces:
            view.lines.append(line)
            view._starts.append(offset)
            parts.append(text)
            offset += len(text) + 1
        view.text = "\n".join(parts)
        return view

    @property
    def count(self) -> int:
        return len(self.lines)

    def index_of(self, offset: int) -> int:
        return bisect_right(self._starts, offset) - 1

    def line_of_index(self, index: int) -> int:
        return self.lines[index]

    def line_text(self, index: int) -> str:
        end = self._starts[index + 1] - 1 if index + 1 < len(self._starts) else len(self.text)
        return self.text[self._starts[index] : end]


@dataclass
class Facts:
    """All structured facts read from a paste, merged across its segments."""

    segments: list[Segment] = field(default_factory=list)
    containers: dict[str, Container] = field(default_factory=dict)  # by name, in order seen
    events: list[Event] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    # First line of a History error message: the Go error chain split on ": ".
    error_chain: list[str] = field(default_factory=list)
    error_line: int | None = None
    # Error messages read as such (History first line, API / SDK / kubectl errors), decoded.
    error_lines: list[tuple[int, str]] = field(default_factory=list)
    error_component: str | None = None  # the component an error line names (the image builder)
    termination_message: list[tuple[int, str]] = field(default_factory=list)  # (line, text)
    pod_name: str | None = None
    namespace: str | None = None
    pod_phase: str | None = None  # Pending / Running / Succeeded / Failed
    pod_reason: str | None = None  # e.g. "Evicted"
    pod_message: str | None = None
    pod_line: int | None = None
    pod_ready: bool | None = None  # the pod's Ready condition, when the paste shows it
    node_selectors: str | None = None  # describe's "Node-Selectors:" value, when shown
    # Logs tab: (first line, container) of each run of lines from one container, in
    # line order, so a log-line match can be attributed to its component.
    log_streams: list[tuple[int, str | None]] = field(default_factory=list)
    # (first line, "[pod] [container] " prefix) of each run of lines with one Logs-tab prefix:
    # which process printed a line, finer than its container (two pods of one model).
    log_sources: list[tuple[int, str]] = field(default_factory=list)
    # ``kubectl logs`` commands pasted with their output: (first output line, container or
    # pod), and (prompt line, None) where the next command starts.
    command_streams: list[tuple[int, str | None]] = field(default_factory=list)
    # Line ranges of whole objects' configuration (ConfigMap data, spec, annotations): text
    # people wrote, never output; and messages a healthy status left behind (a Merlin
    # endpoint "running" with an old "message").
    configuration: list[tuple[int, int]] = field(default_factory=list)
    # Line ranges (start, end) read as structure, sorted; and extra text views.
    claimed: list[tuple[int, int]] = field(default_factory=list)
    view: TextView | None = None
    # Runs of image-builder output that ended by pushing the image: (first line, push line).
    pushed_builds: list[tuple[int, int]] = field(default_factory=list)
    # What a parser could not read and the user should know (truncated JSON, ...).
    notes: list[str] = field(default_factory=list)
    # Rows repeating an event already seen (the same pod described twice): counted on the
    # first, kept here only so their lines count as read.
    repeats: list[Event] = field(default_factory=list, repr=False)
    _event_keys: dict[tuple, Event] = field(default_factory=dict, repr=False)
    _stream_starts: list[int] = field(default_factory=list, repr=False)
    _source_starts: list[int] = field(default_factory=list, repr=False)
    _command_starts: list[int] = field(default_factory=list, repr=False)
    _segment_starts: list[int] = field(default_factory=list, repr=False)

    @property
    def kinds(self) -> list[str]:
        """Distinct recognised input kinds, in the order they first appear."""
        seen: list[str] = []
        for segment in self.segments:
            if segment.kind not in seen:
                seen.append(segment.kind)
        return seen

    def container(self, name: str, line: int | None = None) -> Container:
        """The container called ``name``, created on first mention (parsers merge into it)."""
        found = self.containers.get(name)
        if found is None:
            found = Container(name=name, line=line)
            self.containers[name] = found
        elif found.line is None:
            found.line = line
        return found

    def add_event(self, event: Event) -> None:
        """Record an event; a repeat of one already seen only adds to its count."""
        key = (event.type, event.reason, event.message, event.object)
        seen = self._event_keys.get(key)
        if seen is not None:
            seen.count = (seen.count or 1) + (event.count or 1)
            if event.line is not None and len(self.repeats) < MAX_EVENTS:
                self.repeats.append(event)  # its lines are still the event's, read as structure
            if event.age is not None and (seen.age is None or event.age < seen.age):
                seen.age = event.age
            return
        if len(self.events) >= MAX_EVENTS:
            if len(self.events) == MAX_EVENTS:
                self.notes.append(f"More than {MAX_EVENTS} distinct events; only the first were read.")
                self.events.append(Event(reason="", message="", line=None, stale=True))
            return
        self._event_keys[key] = event
        self.events.append(event)

    def quoted_names(self, message: str) -> list[str]:
        """Container names an event message mentions: by name, or by the image it pulls."""
        names = [m.group(1) for m in _CONTAINER_IN_MESSAGE.finditer(message[:2000])]
        image = _IMAGE_IN_MESSAGE.search(message[:2000])
        if image is not None:
            for container in self.containers.values():
                if container.image == image.group(1):
                    names.append(container.name)
                    break
        return names

    # ---------------------------------------------------------------- who printed a line
    def add_stream(self, line: int, container: str | None, source: str) -> None:
        """Record that output from ``line`` on was printed by ``container`` (None: a run that
        names none, which ends the previous container's stream) through ``source`` (the
        Logs-tab prefix or an exported record's source fields; "" names nothing). Only a
        change is recorded, so both lists stay one entry per run of lines."""
        streams = self.log_streams
        if (container or streams) and (not streams or streams[-1][1] != container):
            streams.append((line, container))
        sources = self.log_sources
        if (source or sources) and (not sources or sources[-1][1] != source):
            sources.append((line, source))

    # ---------------------------------------------------------------- where a line is
    def index(self) -> None:
        """Prepare the line lookups below (called once parsing is done)."""
        self._segment_starts = [segment.start for segment in self.segments]
        self._stream_starts = [start for start, _ in self.log_streams]
        self._source_starts = [start for start, _ in self.log_sources]
        self._command_starts = [start for start, _ in self.command_streams]

    def before_successful_push(self, line: int) -> bool:
        """True when ``line`` is build output above the push that ended that build: an
        error there did not fail the build (a fallback install, a retry, printed text)."""
        return any(first <= line < pushed for first, pushed in self.pushed_builds)

    def kind_at(self, line: int) -> str | None:
        index = bisect_right(self._segment_starts, line) - 1
        if index < 0:
            return None
        segment = self.segments[index]
        return segment.kind if line <= segment.end else None

    def container_at(self, line: int) -> str | None:
        """The container that printed ``line``, from the Logs-tab prefix or an exported
        record's source fields."""
        if self.kind_at(line) not in _STREAM_KINDS:
            return None  # a stream ends with its Logs-tab or JSON-lines segment
        index = bisect_right(self._stream_starts, line) - 1
        return self.log_streams[index][1] if index >= 0 else None

    def source_at(self, line: int) -> str | None:
        """The Logs-tab prefix ("[pod] [container] ") of ``line``, or an exported record's
        source fields: None outside Logs-tab output and exported records."""
        if self.kind_at(line) not in _STREAM_KINDS:
            return None
        index = bisect_right(self._source_starts, line) - 1
        return self.log_sources[index][1] if index >= 0 else None

    def component_at(self, line: int) -> str | None:
        container = self.container_at(line) or self._commanded_at(line)
        if container:
            component = component_of(container)
            if component != COMPONENT_UNKNOWN:
                return component
        if self.kind_at(line) == KIND_BUILDER_LOG:
            return COMPONENT_IMAGE_BUILDER
        return None

    def _commanded_at(self, line: int) -> str | None:
        """The container (or pod) a pasted ``kubectl logs`` command above ``line`` names."""
        index = bisect_right(self._command_starts, line) - 1
        return self.command_streams[index][1] if index >= 0 else None

    @property
    def requests_gpu(self) -> bool | None:
        """Whether the pod asks for a GPU: None when the paste shows no container resources."""
        shown = False
        for container in self.containers.values():
            for amounts in (container.limits, container.requests):
                if amounts:
                    shown = True
                    if any(name.endswith("/gpu") for name in amounts):
                        return True
        if shown:
            return False
        if self.node_selectors is not None:  # a GPU deployment selects a GPU node pool
            return any(
                word in self.node_selectors.lower() for word in ("gpu", "nvidia", "accelerator", "tpu")
            )
        return None

    @property
    def terminated_container(self) -> str | None:
        """The container whose last output a History termination message holds."""
        for container in self.containers.values():
            if component_of(container.name) == COMPONENT_QUEUE_PROXY:
                continue  # the sidecar waits for the model; it is never the one that failed
            if any(
                s.phase == "current" and s.state in ("terminated", "waiting") and not s.succeeded
                for s in container.states
            ):
                return container.name  # an init container that completed (exit 0) is done, not failed
        return None


def component_of(container_name: str | None) -> str:
    """Which Merlin component a container belongs to, from its name.

    Merlin names its containers predictably: ``kserve-container`` runs the model,
    ``transformer`` the (standard or custom) transformer, ``queue-proxy`` is Knative's
    sidecar, ``storage-initializer`` downloads the artifact, and the image-builder job
    runs kaniko in a container whose name contains "builder" or "kaniko".
    """
    if not container_name:
        return COMPONENT_UNKNOWN
    name = container_name.lower().rsplit("/", 1)[-1]  # "pod/<pod>/<container>" from kubectl logs --prefix
    exact = _EXACT_COMPONENTS.get(name) or _EXACT_COMPONENTS.get(name.rsplit(None, 1)[-1])
    if exact:
        return exact  # a container's own name, alone or after its pod's ("<pod> storage-initializer")
    role = _role_segment(name) if " " not in name and "storage-initializer" not in name else None
    if role:
        return role
    if "builder" in name or "kaniko" in name:
        return COMPONENT_IMAGE_BUILDER
    if "transformer" in name:
        return COMPONENT_TRANSFORMER
    if "storage-initializer" in name:
        return COMPONENT_STORAGE_INITIALIZER
    if "batch" in name or "spark" in name or "driver" in name or "executor" in name:
        return COMPONENT_BATCH_JOB
    if "predictor" in name:
        return COMPONENT_MODEL
    return COMPONENT_UNKNOWN


# KServe names a component's pods and services <isvc>-<component>[-default]-...: the last such
# segment is the component, whatever words the model's own name holds before it
# ("swin-transformer-3-r1-predictor-00001-deployment-..." is the model's predictor pod,
# "driver-eta-2-r1-transformer-..." the transformer's).
_ROLE_SEGMENTS = {"-predictor-": COMPONENT_MODEL, "-transformer-": COMPONENT_TRANSFORMER}


def _role_segment(name: str) -> str | None:
    """The component the last ``-predictor-`` / ``-transformer-`` segment of a pod's name
    says, when the name holds one (a name ending in the segment counts too)."""
    padded = name + "-"
    best = -1
    role = None
    for segment, component in _ROLE_SEGMENTS.items():
        at = padded.rfind(segment)
        if at > best:
            best, role = at, component
    return role


# Names Merlin, KServe and Knative give their containers; tried before any substring rule so
# a model called e.g. "driver-eta" or "transformer-bench" keeps its container's component.
_EXACT_COMPONENTS = {
    "kserve-container": COMPONENT_MODEL,
    "user-container": COMPONENT_MODEL,
    "predictor": COMPONENT_MODEL,
    "model": COMPONENT_MODEL,
    "transformer": COMPONENT_TRANSFORMER,
    "queue-proxy": COMPONENT_QUEUE_PROXY,
    "storage-initializer": COMPONENT_STORAGE_INITIALIZER,
    "pyfunc-image-builder": COMPONENT_IMAGE_BUILDER,
    "spark-kubernetes-driver": COMPONENT_BATCH_JOB,
    "spark-kubernetes-executor": COMPONENT_BATCH_JOB,
}


COMPONENT_LABELS = {
    COMPONENT_IMAGE_BUILDER: "image builder",
    COMPONENT_MODEL: "model container",
    COMPONENT_TRANSFORMER: "transformer",
    COMPONENT_QUEUE_PROXY: "queue-proxy sidecar",
    COMPONENT_STORAGE_INITIALIZER: "storage initializer (model artifact download)",
    COMPONENT_BATCH_JOB: "batch job",
    COMPONENT_UNKNOWN: "unknown component",
}
