"""``kubectl get pods`` tables (``NAME READY STATUS RESTARTS AGE``, ``-o wide``, ``-A``).

The STATUS column is the pod's summary reason as kubectl computes it: a container's
waiting reason (``CrashLoopBackOff``, ``ImagePullBackOff``, ``CreateContainerConfigError``),
a terminated reason (``OOMKilled``, ``Error``, ``Completed``), ``Init:`` forms of both, or
the pod's phase or reason (``Pending``, ``Evicted``, ``Terminating``). Each row becomes a
stand-in container named after the pod (its component follows from the pod's name:
``...-predictor-...`` is the model, ``...-transformer-...`` the transformer) so the same
container signals read it as they read a describe. Rows without their header are read by
position: name, READY ``n/m``, STATUS, RESTARTS.

``crictl ps -a`` on a node is the same picture from the container runtime: one row per
container (CONTAINER id, IMAGE, CREATED, STATE, NAME, ATTEMPT, POD ID, POD). Each row is
that container; ATTEMPT is its restart count, and an ``Exited`` container that has been
restarted before is failing again (a server's container does not exit on its own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from diagnoser.model import COMPONENT_STORAGE_INITIALIZER, Container, ContainerState, Facts, Segment
from diagnoser.normalise import Document
from diagnoser.parsers._util import (
    POD_END_REASONS,
    TERMINATED_REASONS,
    WAITING_REASONS,
    complete_cut,
    header_columns,
    split_row,
    to_int,
)

# The header, also as k9s draws it: a sort arrow on a column ("NAME↑"), single spaces.
_HEADER = re.compile(
    r"^[ \t]{0,4}(?:NAMESPACE[↑↓]?[ \t]{1,200})?NAME[↑↓]?[ \t]{1,300}READY[↑↓]?[ \t]{1,100}STATUS"
)
# A pod row: [namespace] name, READY n/m, STATUS, RESTARTS. kubectl parts cells with two or
# more spaces; k9s with one, and cuts a long name with "…". Shared with ``recognise``, which
# finds header-less rows with it.
POD_ROW_SRC = (
    r"[ \t]{0,4}(?:[a-z0-9][a-z0-9.-]{0,252}[ \t]{2,100})?(?P<name>[a-z0-9][a-z0-9.-]{0,252}…?)[ \t]{1,100}"
    r"(?P<ready>\d{1,3})/(?P<total>\d{1,3})[ \t]{1,100}(?P<status>[A-Za-z][A-Za-z:]{1,40})[ \t]{1,100}"
    r"(?P<restarts>\d{1,9})"
)
_ROW = re.compile("^" + POD_ROW_SRC)
# ``crictl ps -a``'s header (``CONTAINER ID`` in crictl before 1.20), shared with ``recognise``.
CRICTL_HEADER_SRC = (
    r"[ \t]{0,4}CONTAINER(?: ID)?[ \t]{2,100}IMAGE[ \t]{2,100}CREATED[ \t]{2,100}STATE[ \t]{2,100}NAME"
)
_CRICTL_HEADER = re.compile(CRICTL_HEADER_SRC)
_CRICTL_STATES = {"Running": "running", "Exited": "terminated", "Created": "waiting"}
_LEFTOVER = ("Evicted", "Completed", "ContainerStatusUnknown", "Error", "OutOfcpu", "OutOfmemory")


def parse(doc: Document, segment: Segment, facts: Facts) -> None:
    rows: list[tuple[str, str, bool]] = []  # (pod, status, ready)
    _read_rows(doc, segment, facts, rows)
    _mark_leftovers(facts, rows)


def _mark_leftovers(facts: Facts, rows: list[tuple[str, str, bool]]) -> None:
    """Evicted or finished pods next to at least as many running, ready replicas are leftovers;
    so are a Job's failed tries next to one that completed.

    Kubernetes keeps evicted pods until they are deleted, so a healthy deployment can list
    one from days ago; a deployment whose replicas keep being evicted lists more of them
    than healthy replicas.
    """
    healthy = [pod for pod, status, ready in rows if status == "Running" and ready]
    leftovers = [pod for pod, status, _ in rows if status in _LEFTOVER]
    if healthy and len(healthy) >= len(leftovers):
        for pod in leftovers:
            for state in facts.containers[pod].states:
                state.history = True
    # A Job retries a failed pod (up to its backoffLimit) under the Job's name plus a suffix:
    # once one of them Completed, the Job succeeded and the failed tries are history. Only
    # Job pods complete; a Deployment's never do, so its failures are never set aside here.
    completed = {
        _job_of(pod)
        for pod, status, _ in rows
        if status == "Completed" and _job_of(pod) and not facts.containers[pod].restart_count
    }
    for pod, status, _ in rows:
        if status in _LEFTOVER and status != "Completed" and _job_of(pod) in completed:
            for state in facts.containers[pod].states:
                state.history = True


# A Job's pod: "<job>-<5 random characters>". A Deployment's pod has a ReplicaSet hash before
# that suffix (8 to 10 characters of the hash alphabet), a StatefulSet's an ordinal instead:
# both restart a server that exits, even with code 0, so their rows are never a Job's tries.
_JOB_POD = re.compile(r"(?P<job>[a-z0-9][a-z0-9-]{0,250}?)-[a-z0-9]{5}")
_REPLICASET_HASH = re.compile(r"[bcdfghjklmnpqrstvwxz2456789]{8,10}")


def _job_of(pod: str) -> str | None:
    """The Job a pod's name says it belongs to ("route-eta-12-4"), or None for a name that a
    Deployment or StatefulSet would give."""
    match = _JOB_POD.fullmatch(pod)
    if match is None:
        return None
    job = match.group("job")
    if _REPLICASET_HASH.fullmatch(job.rsplit("-", 1)[-1]):
        return None
    return job


def _read_rows(doc: Document, segment: Segment, facts: Facts, rows: list[tuple[str, str, bool]]) -> None:
    starts: list[int] | None = None
    done: dict[str, int] = {}  # per pod: how many of its states an earlier row already judged
    attempts = _Attempts()
    names: list[str] = []
    for n in range(segment.start, segment.end + 1):
        raw = doc.line(n)
        if not raw.strip():
            continue
        if _HEADER.match(raw) or _CRICTL_HEADER.match(raw):
            columns = header_columns(raw)
            names, starts = [c for c, _ in columns], [p for _, p in columns]
            continue
        if starts and "ATTEMPT" in names:
            _crictl_row(facts, n, dict(zip(names, split_row(raw, starts), strict=False)), attempts)
            continue
        row = _ROW.match(raw)
        if row is not None:
            name = row.group("name")
            if name.endswith("…"):
                name = f"{name} (line {n})"  # names cut to the same prefix are still different pods
            _pod_row(facts, n, name, row.group("status"), row.group("ready"), row.group("total"),
                     row.group("restarts"), done)  # fmt: skip
            rows.append((name, row.group("status"), row.group("ready") == row.group("total")))
        elif starts:
            cells = dict(zip(names, split_row(raw, starts), strict=False))
            ready, _, total = (cells.get("READY") or "").partition("/")
            if cells.get("NAME") and cells.get("STATUS") and total:
                restarts = cells.get("RESTARTS", "")
                _pod_row(facts, n, cells["NAME"], cells["STATUS"], ready, total, restarts, done)
                rows.append((cells["NAME"], cells["STATUS"], ready == total))


@dataclass
class _Attempts:
    """The ``crictl ps -a`` rows of one segment read so far: the present attempt of each
    container of each pod (a node runs many pods, each with its own ``kserve-container``)."""

    present: dict[tuple[str, str], tuple[int, ContainerState]] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)  # the container names a row was read for


def _crictl_row(facts: Facts, line: int, cells: dict[str, str], attempts: _Attempts) -> None:
    """One ``crictl ps -a`` row: the container, its state, and ATTEMPT as its restart count.

    ``-a`` also lists a container's earlier exited attempts (newest first): the highest
    attempt of a container in one pod is its present, the others are history. Attempts are
    compared within a pod only: another pod's ``kserve-container`` (another model on the
    same node) neither outranks this one's nor is set aside by it. The pods' containers
    share one ``Container`` (containers are known by name), each pod's present state in it."""
    name, state = cells.get("NAME") or "", _CRICTL_STATES.get(cells.get("STATE") or "")
    attempt = to_int(cells.get("ATTEMPT")) or 0
    if not name or state is None:
        return
    container = facts.container(name, line)
    key = (cells.get("POD") or "", name)
    earlier = attempts.present.get(key)
    present = earlier is None or attempt >= earlier[0]
    reason = "Error" if state == "terminated" and attempt >= 1 and not _runs_once(container) else None
    row = ContainerState(name, "current" if present else "last", state, reason=reason, line=line)
    if present:
        if earlier is not None:
            earlier[1].history = True
        elif name not in attempts.names:
            for before in reversed(container.states):  # what other parts of the paste said
                if before.history:
                    break  # those before it were set aside already: each row costs O(1)
                before.history = True
        attempts.present[key] = (attempt, row)
        if name in attempts.names:  # the most restarted of its pods
            container.restart_count = max(container.restart_count or 0, attempt)
        else:
            container.restart_count = to_int(cells.get("ATTEMPT"))
    else:
        row.history = True
    attempts.names.add(name)
    container.states.append(row)


def _runs_once(container: Container) -> bool:
    """An init container (the storage initializer) exits when its work is done."""
    return container.init or container.component == COMPONENT_STORAGE_INITIALIZER


# An ``Init:`` STATUS that counts init containers done ("Init:0/1"), not a reason.
_INIT_PROGRESS = re.compile(r"\d{1,3}/\d{1,3}")


def _pod_row(
    facts: Facts,
    line: int,
    pod: str,
    status: str,
    ready: str,
    total: str,
    restarts: str,
    done: dict[str, int],
) -> None:
    reason = complete_cut(status.split(":", 1)[1] if status.startswith("Init:") else status)
    container = facts.container(pod, line)
    # The same pod again (kubectl get pods -w): the newer row is the present. An earlier end
    # (OOMKilled, Error) is the pod's last termination, judged as describe's Last State is;
    # an earlier wait or run is history. Only the states since the pod's previous row are
    # judged (the ones before were judged then): 10,000 rows of one pod cost linear time.
    for earlier in container.states[done.get(pod, 0) :]:
        if earlier.state == "terminated":
            earlier.phase = "last"
        else:
            earlier.history = True
    done[pod] = len(container.states)
    container.anonymous = True  # a pod's summary, not a container name
    container.init = status.startswith("Init:")
    container.ready = ready == total and ready != "0"
    container.restart_count = to_int(restarts.split(" ", 1)[0])
    if reason in WAITING_REASONS:
        container.states.append(ContainerState(pod, "current", "waiting", reason=reason, line=line))
    elif reason in TERMINATED_REASONS:
        code = 0 if reason == "Completed" else (137 if reason == "OOMKilled" else None)
        container.states.append(
            ContainerState(pod, "current", "terminated", reason=reason, exit_code=code, line=line)
        )
    elif reason in POD_END_REASONS:  # the pod's own reason: recorded as the stand-in container's end
        container.states.append(ContainerState(pod, "current", "terminated", reason=reason, line=line))
    elif reason in ("Pending", "Running", "Terminating", "Unknown"):
        state = "running" if reason == "Running" else "waiting"
        waiting_reason = None if reason == "Running" else reason
        container.states.append(ContainerState(pod, "current", state, reason=waiting_reason, line=line))
    elif container.init and _INIT_PROGRESS.fullmatch(reason or ""):
        # "Init:0/1": the pod's init containers are still running (or blocked, waiting for a
        # volume): the pod waits, it has not completed its init.
        container.states.append(ContainerState(pod, "current", "waiting", line=line))
