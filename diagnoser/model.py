"""The facts the engine reads out of a paste.

Every parser (History table, kubectl describe, events, -o yaml/json, KServe status,
image-builder log) fills the same few dataclasses, so the matcher never needs to know
which format a fact came from. Every fact carries the 1-based line number in the
pasted text where it was seen: that line becomes the evidence shown to the user.
"""

from __future__ import annotations

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
    KIND_CONTAINER_LOG,
)

# Components of a Merlin deployment; the fix for the same error differs between them.
COMPONENT_IMAGE_BUILDER = "image-builder"
COMPONENT_MODEL = "model"
COMPONENT_TRANSFORMER = "transformer"
COMPONENT_QUEUE_PROXY = "queue-proxy"
COMPONENT_STORAGE_INITIALIZER = "storage-initializer"
COMPONENT_BATCH_JOB = "batch-job"
COMPONENT_UNKNOWN = "unknown"


@dataclass(frozen=True)
class Segment:
    """A run of lines recognised as one input kind (a paste may hold several)."""

    kind: str
    start: int  # first line, 1-based, inclusive
    end: int  # last line, inclusive


@dataclass
class ContainerState:
    """One observed state of a container: its current state or its last termination."""

    container: str
    phase: str  # "current" or "last"
    state: str  # "waiting", "running" or "terminated"
    reason: str | None = None
    exit_code: int | None = None
    message: str | None = None
    line: int | None = None


@dataclass
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


@dataclass
class Event:
    """A Kubernetes event (describe's Events table, kubectl get events, or -o yaml Event)."""

    reason: str
    message: str
    type: str | None = None  # "Normal" / "Warning"
    count: int | None = None  # from "(x5 over 2m)" or the count field
    object: str | None = None  # e.g. "pod/iris-1-predictor-abc"
    line: int | None = None


@dataclass
class Condition:
    """A status condition of a Pod, Job, InferenceService or Knative resource."""

    type: str
    status: str  # "True" / "False" / "Unknown"
    reason: str | None = None
    message: str | None = None
    line: int | None = None


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
    termination_message: list[tuple[int, str]] = field(default_factory=list)  # (line, text)
    pod_name: str | None = None
    namespace: str | None = None
    pod_phase: str | None = None  # Pending / Running / Succeeded / Failed
    pod_reason: str | None = None  # e.g. "Evicted"
    pod_message: str | None = None
    pod_line: int | None = None
    # Logs tab: (first line, container) of each run of lines from one container, in
    # line order, so a log-line match can be attributed to its component.
    log_streams: list[tuple[int, str]] = field(default_factory=list)
    # What a parser could not read and the user should know (truncated JSON, ...).
    notes: list[str] = field(default_factory=list)

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
    exact = _EXACT_COMPONENTS.get(name)
    if exact:
        return exact
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
