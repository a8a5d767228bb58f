"""Match the catalog's signals against the facts and lines of a paste.

Each signal that matches produces a ``Hit``: the lines that prove it, the facts it
read, and the component it points at. Structured signals (container states, events,
conditions, the pod's status) read the parsed facts; ``error`` signals read the
History error line; ``log`` signals scan the text. Log scanning is the only part whose
cost grows with the paste, so it skips every line that lacks the signal's required
literal using ``str.find`` (C speed) and runs the regex only on the lines left.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from diagnoser.catalog.schema import KnownError, Signal
from diagnoser.model import (
    COMPONENT_IMAGE_BUILDER,
    COMPONENT_UNKNOWN,
    KIND_BUILDER_LOG,
    KIND_LOGS,
    Condition,
    Container,
    ContainerState,
    Event,
    Facts,
    component_of,
)
from diagnoser.normalise import Document

# A signal that matches very often (a noisy log) needs no more than a few lines of proof.
MAX_LINES_PER_SIGNAL = 5

_BUILD_ERROR = re.compile(r"build(?:ing)? (?:pyfunc )?image|image build", re.IGNORECASE)


@dataclass
class Hit:
    """One signal matching once: the proof behind (part of) a finding."""

    signal: Signal
    lines: list[int]
    facts: dict[str, Any] = field(default_factory=dict)
    component: str | None = None


class Matcher:
    """Matches catalog entries against one analysed paste.

    Built once per analysis: it precomputes what the signals share (which containers
    have recovered, where each segment and log stream starts) and caches the lines
    holding each required literal, since several signals often need the same one.
    """

    def __init__(self, doc: Document, facts: Facts) -> None:
        self.doc = doc
        self.facts = facts
        self.recovered = _recovered(facts)
        self._segment_starts = [segment.start for segment in facts.segments]
        self._stream_starts = [start for start, _ in facts.log_streams]
        self._literal_lines: dict[str, list[int]] = {}
        self._termination_lines = {line for line, _ in facts.termination_message}
        self._terminated = _terminated_container(facts)

    # ------------------------------------------------------------------ entry point
    def hits(self, error: KnownError) -> list[Hit]:
        found: list[Hit] = []
        for signal in error.signals:
            found.extend(self._match(signal))
        return found

    def _match(self, signal: Signal) -> list[Hit]:
        if signal.source == "container":
            return self._containers(signal)
        if signal.source == "event":
            return self._events(signal)
        if signal.source == "condition":
            return self._conditions(signal)
        if signal.source == "pod":
            return self._pod(signal)
        if signal.source == "error":
            return self._error_line(signal)
        return self._log(signal)

    # ------------------------------------------------------------------ structured
    def _containers(self, signal: Signal) -> list[Hit]:
        hits = []
        for container in self.facts.containers.values():
            component = component_of(container.name)
            for state in container.states:
                if state.phase == "last" and (self.recovered or container.ready):
                    continue  # history of a container that has since recovered
                if not _state_matches(signal, container, state, component):
                    continue
                groups = _search_groups(signal.patterns.get("message"), state.message)
                facts = {**_container_facts(container, state, component), **groups}
                lines = [n for n in (state.line, container.line) if n is not None][:1]
                hits.append(Hit(signal, lines, facts, component))
        return hits

    def _events(self, signal: Signal) -> list[Hit]:
        if self.recovered:
            return []  # old events of a pod that is now running and ready
        hits = []
        for event in self.facts.events:
            if not _event_matches(signal, event):
                continue
            groups = _search_groups(signal.patterns.get("message"), event.message)
            facts = {
                "event_reason": event.reason,
                "event_message": event.message,
                "count": event.count,
                "object": event.object,
                **groups,
            }
            container = _container_named_in(self.facts, event.message, groups)
            component = component_of(container.name) if container else _component_named(groups)
            if container:
                facts = {**_container_facts(container, None, component), **facts}
            hits.append(Hit(signal, [event.line] if event.line else [], facts, component))
        return hits

    def _conditions(self, signal: Signal) -> list[Hit]:
        hits = []
        for condition in self.facts.conditions:
            if not _condition_matches(signal, condition):
                continue
            groups = _search_groups(signal.patterns.get("message"), condition.message)
            facts = {
                "condition_type": condition.type,
                "condition_reason": condition.reason,
                "condition_message": condition.message,
                **groups,
            }
            component = self._error_component()
            hits.append(Hit(signal, [condition.line] if condition.line else [], facts, component))
        return hits

    def _pod(self, signal: Signal) -> list[Hit]:
        facts = self.facts
        values = {"phase": facts.pod_phase, "reason": facts.pod_reason}
        for name, allowed in signal.values.items():
            if values.get(name) not in allowed:
                return []
        if not _message_ok(signal, facts.pod_message):
            return []
        groups = _search_groups(signal.patterns.get("message"), facts.pod_message)
        found = {"pod": facts.pod_name, "pod_reason": facts.pod_reason, "pod_message": facts.pod_message}
        return [Hit(signal, [facts.pod_line] if facts.pod_line else [], {**found, **groups})]

    # ------------------------------------------------------------------ text
    def _error_line(self, signal: Signal) -> list[Hit]:
        line = self.facts.error_line
        if line is None or signal.pattern is None:
            return []
        match = signal.pattern.search(self.doc.line(line))
        if match is None:
            return []
        return [Hit(signal, [line], _groups(match), self._error_component())]

    def _error_component(self) -> str | None:
        """The component a History error line points at, when it says so."""
        line = self.facts.error_line
        if line is not None and _BUILD_ERROR.search(self.doc.line(line)):
            return COMPONENT_IMAGE_BUILDER
        return None

    def _log(self, signal: Signal) -> list[Hit]:
        pattern = signal.pattern
        if pattern is None:
            return []
        hits: list[Hit] = []
        for line in self._candidate_lines(signal.literal):
            if signal.kinds and self.kind_at(line) not in signal.kinds:
                continue
            match = pattern.search(self.doc.line(line))
            if match is None:
                continue
            facts = _groups(match)
            container = self.container_at(line)
            if container:
                facts.setdefault("container", container)
            component = self.component_at(line) or _component_named(facts)
            hits.append(Hit(signal, [line], facts, component))
            if len(hits) >= MAX_LINES_PER_SIGNAL:
                break
        return hits

    def _candidate_lines(self, literal: str | None) -> list[int]:
        """Lines that contain ``literal`` (all lines when a signal has none)."""
        if literal is None:
            return list(range(self.doc.first_line, self.doc.last_line + 1))
        cached = self._literal_lines.get(literal)
        if cached is not None:
            return cached
        lines: list[int] = []
        text = self.doc.text
        position = text.find(literal)
        while position != -1:
            line = self.doc.line_of(position)
            lines.append(line)
            next_line = line + 1
            if next_line > self.doc.last_line:
                break
            position = text.find(literal, self.doc.offset_of(next_line))
        self._literal_lines[literal] = lines
        return lines

    # ------------------------------------------------------------------ where a line is
    def kind_at(self, line: int) -> str | None:
        index = bisect_right(self._segment_starts, line) - 1
        if index < 0:
            return None
        segment = self.facts.segments[index]
        return segment.kind if line <= segment.end else None

    def container_at(self, line: int) -> str | None:
        """The container that printed ``line``: from the Logs tab prefix, or, for the
        History "Pod last termination message", the container that terminated."""
        if line in self._termination_lines:
            return self._terminated
        if self.kind_at(line) != KIND_LOGS:
            return None  # a stream ends with its Logs-tab segment
        index = bisect_right(self._stream_starts, line) - 1
        return self.facts.log_streams[index][1] if index >= 0 else None

    def component_at(self, line: int) -> str | None:
        container = self.container_at(line)
        if container:
            return component_of(container)
        if self.kind_at(line) == KIND_BUILDER_LOG:
            return COMPONENT_IMAGE_BUILDER
        return None


# ---------------------------------------------------------------------- helpers
def _recovered(facts: Facts) -> bool:
    """True when the pod is now healthy: every container running and ready, or completed.

    Such a pod's last terminations and old warning events are history; reporting
    them as the error would send the user after a problem that is already gone.
    """
    if not facts.containers or facts.pod_phase in ("Pending", "Failed"):
        return False
    for container in facts.containers.values():
        current = [s for s in container.states if s.phase == "current"]
        if any(s.state == "waiting" for s in current):
            return False
        if any(s.state == "terminated" and (s.exit_code or 0) != 0 for s in current):
            return False
        completed = any(s.state == "terminated" and s.exit_code == 0 for s in current)
        if container.ready is not True and not completed and not container.init:
            return False
    return True


def _terminated_container(facts: Facts) -> str | None:
    """The container whose last output a History termination message holds."""
    for container in facts.containers.values():
        if component_of(container.name) == "queue-proxy":
            continue  # the sidecar waits for the model; it is never the one that failed
        if any(s.phase == "current" and s.state in ("terminated", "waiting") for s in container.states):
            return container.name
    return None


def _message_ok(signal: Signal, message: str | None) -> bool:
    """The signal's ``message`` regex finds the text, and its ``not_message`` regex does not."""
    wanted = signal.patterns.get("message")
    if wanted is not None and not (message and wanted.search(message)):
        return False
    unwanted = signal.patterns.get("not_message")
    return unwanted is None or not (message and unwanted.search(message))


def _state_matches(signal: Signal, container: Container, state: ContainerState, component: str) -> bool:
    values = {
        "reason": state.reason,
        "exit_code": state.exit_code,
        "state": state.state,
        "phase": state.phase,
        "component": component,
    }
    for name, allowed in signal.values.items():
        if values.get(name) not in allowed:
            return False
    name_pattern = signal.patterns.get("name")
    if name_pattern is not None and not name_pattern.search(container.name):
        return False
    return _message_ok(signal, state.message)


def _event_matches(signal: Signal, event: Event) -> bool:
    values = {"reason": event.reason, "type": event.type}
    for name, allowed in signal.values.items():
        if values.get(name) not in allowed:
            return False
    return _message_ok(signal, event.message)


def _condition_matches(signal: Signal, condition: Condition) -> bool:
    values = {"type": condition.type, "status": condition.status, "reason": condition.reason}
    for name, allowed in signal.values.items():
        if values.get(name) not in allowed:
            return False
    return _message_ok(signal, condition.message)


def _container_facts(container: Container, state: ContainerState | None, component: str) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "container": container.name,
        "component": component,
        "restart_count": container.restart_count,
        "image": container.image,
        "memory_limit": container.limits.get("memory"),
        "memory_request": container.requests.get("memory"),
        "cpu_limit": container.limits.get("cpu"),
        "cpu_request": container.requests.get("cpu"),
        "gpu_limit": container.limits.get("nvidia.com/gpu"),
    }
    probes = {probe.kind: probe for probe in container.probes}
    probe = probes.get("readiness") or probes.get("liveness") or probes.get("startup")
    if probe is not None:
        facts["probe"] = f"{probe.kind} {probe.action}"
        facts["probe_path"] = probe.path
        facts["probe_port"] = probe.port
    if state is not None:
        facts.update(
            {
                "reason": state.reason,
                "exit_code": state.exit_code,
                "state": state.state,
                "message": state.message,
            }
        )
    return facts


def _component_named(groups: dict[str, Any]) -> str | None:
    """The component of a container a regex captured by name (``(?P<container>...)``)."""
    named = groups.get("container")
    component = component_of(named) if isinstance(named, str) else None
    return None if component in (None, COMPONENT_UNKNOWN) else component


def _container_named_in(facts: Facts, message: str, groups: dict[str, Any]) -> Container | None:
    """The container an event is about: a ``container`` group, its name or its image in the message."""
    named = groups.get("container")
    if isinstance(named, str) and named in facts.containers:
        return facts.containers[named]
    for name, container in facts.containers.items():
        if f'container "{name}"' in message or f"container {name}" in message:
            return container
    for container in facts.containers.values():
        if container.image and f'"{container.image}"' in message:
            return container  # "Failed to pull image \"<image>\"" names the image, not the container
    if len(facts.containers) == 1:
        return next(iter(facts.containers.values()))
    return None


def _groups(match: re.Match[str]) -> dict[str, Any]:
    return {name: value.strip() for name, value in match.groupdict().items() if value}


def _search_groups(pattern: re.Pattern[str] | None, text: str | None) -> dict[str, Any]:
    if pattern is None or not text:
        return {}
    match = pattern.search(text)
    return _groups(match) if match else {}
