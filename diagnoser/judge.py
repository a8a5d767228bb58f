"""Decide which parsed facts still describe the failure, before any signal is matched.

A paste often shows history next to the present: the ``Last State`` of a container that
has restarted and is healthy now, a ``FailedScheduling`` event from before the cluster
scaled up, an InferenceService's ``lastFailureInfo`` from an earlier load that has since
succeeded. Reporting those as the error sends the user after a problem that is gone, so
they are marked here (``history`` / ``stale``) and the matcher skips them; their lines are
still "covered" so the same words are not matched again as free text.
"""

from __future__ import annotations

import re
from itertools import pairwise

from diagnoser.model import Container, Event, Facts
from diagnoser.narration import is_narration
from diagnoser.normalise import Document
from diagnoser.prompts import command_of

# A container that is ready now but has restarted this often keeps failing: its last
# termination is the failure, not history.
RECURRING_RESTARTS = 3
# Event reasons and the later events that show they were resolved.
_RESOLVED_BY = {
    "FailedScheduling": ("Scheduled",),
    "NotTriggerScaleUp": ("Scheduled", "TriggeredScaleUp"),
    "FailedAttachVolume": ("SuccessfulAttachVolume", "Started"),
    "FailedMount": ("Started",),
    "FailedCreatePodSandBox": ("Started",),
    "FailedCreate": ("SuccessfulCreate",),
    "ErrImagePull": ("Pulled",),
    "WaitForFirstConsumer": ("ProvisioningSucceeded", "Scheduled"),
    "ExternalProvisioning": ("ProvisioningSucceeded",),
    "ProvisioningFailed": ("ProvisioningSucceeded",),
    "NodeNotReady": ("NodeReady",),  # the node came back
    # The kubelet waits for the node's pod network (CNI) before it sets up the pod; once it
    # pulls or starts the pod's containers the network is there.
    "NetworkNotReady": ("Pulling", "Pulled", "Created", "Started"),
    # The KServe controller failing to reconcile, then reporting the service Ready.
    "InternalError": ("InferenceServiceReady",),
    "UpdateFailed": ("InferenceServiceReady",),
}
# A pull that failed says so ("Failed to pull image", "Error: ErrImagePull", "ImagePullBackOff",
# "Back-off pulling image"); "image" alone is not enough ("image will run as root").
_PULL_FAILURE_WORDS = ("pull",)


def judge(facts: Facts, doc: Document | None = None) -> None:
    """Mark history states, stale events and stale conditions in place (``doc``: the paste,
    to tell the reporter's own model among other models' pod rows)."""
    if doc is not None:
        _fragments_of_named_pods(facts, doc)
    recovered = pod_recovered(facts)
    asked = doc is not None and asks_why_it_restarted(doc)
    for container in facts.containers.values():
        # A last termination asked about ("why did it restart at 03:41?") is the answer.
        recurring = (container.restart_count or 0) >= RECURRING_RESTARTS or (
            asked and (container.restart_count or 0) >= 1
        )
        for state in container.states:
            if state.phase == "last" and (recovered or container.ready is True) and not recurring:
                state.history = True
    _stale_events(facts, recovered)
    _described_pods_running(facts)
    _other_workloads(facts)
    if doc is not None:
        _other_models(facts, doc)
        _other_namespaces(facts, doc)
    _ended_back_offs(facts)
    _replaced_pods(facts)
    _created_later(facts)
    _stopped_on_purpose(facts)
    _probes_while_stopping(facts)
    _startup_blips(facts)
    _stale_conditions(facts)
    _superseded_revisions(facts)
    facts.claimed = _covered(facts)


# The reporter asking what made a container restart.
_RESTART_QUESTION = re.compile(
    r"(?i)\bwhy\b[^\n]{0,160}\brestart|\brestart[^\n]{0,160}\bwhy\b"
    r"|\bwhat (?:caused|made|triggered)\b[^\n]{0,120}\brestart"
    r"|\bcaused? (?:of )?(?:the|that|this|those) restarts?\b"
)
MAX_QUESTION_SCAN_CHARS = 256 * 1024  # a question sits in a hand-made paste


def asks_why_it_restarted(doc: Document) -> bool:
    """True when a sentence of the reporter's asks why a container restarted: then its last
    termination, however long ago and however healthy the pod is now, is what they ask."""
    text = doc.text
    if len(text) > MAX_QUESTION_SCAN_CHARS:
        return False
    lowered = text.lower()
    position = lowered.find("restart")
    while position != -1:
        line = doc.line_of(position)
        body = doc.line(line)
        if is_narration(body) and _RESTART_QUESTION.search(body) is not None:
            return True
        position = lowered.find("restart", doc.offset_of(line + 1) if line < doc.last_line else len(text))
    return False


def pod_recovered(facts: Facts) -> bool:
    """True when the pod is now healthy: every container running and ready, or completed.

    A pod that says so (phase Running and its Ready condition True) counts as recovered
    even when the paste shows no container list.
    """
    if facts.pod_phase in ("Pending", "Failed"):
        return False
    if not facts.containers:
        return facts.pod_phase == "Running" and facts.pod_ready is True
    return all(container_recovered(container) for container in facts.containers.values())


def container_recovered(container: Container) -> bool:
    """Running and ready now, or completed (an init container, a Job's pod). The rows of a
    watch before the newest (``kubectl get pods -w``: Pending, Init:0/1, PodInitializing,
    then 2/2 Running) are the pod's past, not its present."""
    current = [s for s in container.states if s.phase == "current" and not s.history]
    if any(s.state == "waiting" for s in current):
        return False
    if any(s.state == "terminated" and not s.succeeded for s in current):
        return False
    completed = any(s.succeeded for s in current)
    if container.ready is True and not completed and not container.init and _keeps_restarting(container):
        return False
    return container.ready is True or completed or container.init


def _keeps_restarting(container: Container) -> bool:
    """Ready now, but restarted often with a failed last termination: it keeps failing."""
    if (container.restart_count or 0) < RECURRING_RESTARTS:
        return False
    return any(s.phase == "last" and s.state == "terminated" and not s.succeeded for s in container.states)


def _stale_events(facts: Facts, recovered: bool) -> None:
    if recovered:
        replica_sets = _replica_sets_shown(facts)
        for event in facts.events:
            # Old events of a pod that is now running and ready; not a ReplicaSet's refusal
            # to create its pods when the pods shown running are all another one's.
            event.stale = not _refused_elsewhere(event, replica_sets)
        return
    # Walk from the newest event back: a failure older than an event that resolves it is
    # history. One pass, with the resolving reasons seen so far per object.
    seen: dict[str | None, set[str]] = {}
    for event in reversed(chronological(facts.events)):
        later = seen.setdefault(event.object, set())
        if _resolved(event, later):
            event.stale = True
        later.add(event.reason)


def _replica_sets_shown(facts: Facts) -> set[str] | None:
    """The ReplicaSets of the pods the paste's containers belong to (a pod of ReplicaSet
    ``x`` is ``x-<5 characters>``), when every container is a ``kubectl get pods`` row named
    after its pod or the paste names its pod (None: a container whose pod may be any)."""
    rows = list(facts.containers.values())
    if not rows or any(not c.anonymous or c.name.startswith("(") for c in rows):
        pods = [facts.pod_name] if facts.pod_name else None
    else:
        pods = [c.name for c in rows]
    return None if pods is None else {pod.rsplit("-", 1)[0] for pod in pods}


def _refused_elsewhere(event: Event, replica_sets: set[str] | None) -> bool:
    """True for a ReplicaSet's event (``FailedCreate``: a quota, an admission refusal) when
    none of the pods shown is one of that ReplicaSet's: the running pods are another
    deployment's (other versions of the model filling the quota), and this one has none."""
    if replica_sets is None or not event.object or not event.object.startswith("replicaset/"):
        return False
    return event.object[len("replicaset/") :] not in replica_sets


def chronological(events: list[Event]) -> list[Event]:
    """Events oldest first. Printed order is time order in describe and ``get events
    --sort-by``, but not after ``| tac``, in ``kubectl events`` newest-first views or rows
    pasted in another order: when every event says its age (LAST SEEN), the ages decide
    (the oldest has the largest age; equal ages keep their printed order)."""
    if not events or any(event.age is None for event in events):
        return events
    ages = [event.age for event in events]
    if all(a >= b for a, b in pairwise(ages)):
        return events  # already oldest first
    return sorted(events, key=lambda event: -(event.age or 0))


# A readiness or startup probe that failed once or twice within this many seconds of its
# container starting is the server still coming up: the catalog itself calls it normal.
STARTUP_GRACE_SECONDS = 30
_STARTUP_PROBES = ("Readiness probe failed", "Startup probe failed")
_START_REASONS = ("Started", "Created")


def _startup_blips(facts: Facts) -> None:
    """Mark the readiness or startup probe failures seen no more than twice that are blips:
    all of them when the service now reports Ready, else those right after a start."""
    blips = [
        e
        for e in facts.events
        if e.reason == "Unhealthy" and (e.count or 1) <= 2 and e.message.startswith(_STARTUP_PROBES)
    ]
    if not blips:
        return
    ready = [c.status for c in facts.conditions if c.type == "Ready"]
    service_ready = bool(ready) and all(status == "True" for status in ready)
    # "Created container" is printed the same second as "Started": a copy cut between them
    # still dates the start.
    started = [e.age for e in facts.events if e.reason in _START_REASONS and e.age is not None]
    for event in blips:
        # Ages count back from now: the probe failed ``start - age`` seconds after a start.
        after_start = event.age is not None and any(
            0 <= start - event.age <= STARTUP_GRACE_SECONDS + _age_resolution(start, event.age)
            for start in started
        )
        if service_ready or after_start:
            event.stale = True


def _age_resolution(*ages: int) -> int:
    """How far apart two ages may really be beyond what they read: ages in whole minutes
    (a console's "6 mins ago", kubectl's "14m") are rounded to the minute, so a start "6 mins
    ago" and a probe failure "5 mins ago" may be seconds apart."""
    return 60 if all(age >= 60 and age % 60 == 0 for age in ages) else 0


def _described_pods_running(facts: Facts) -> None:
    """A fragment of ``kubectl describe pod <name>`` (``| grep -A4 "Last State"``) cut above
    its container's name is the container of the pod its command names; when that pod's
    ``get pods`` row shows it running and ready, and it does not keep restarting, the
    fragment's last termination is that container's past, as it would be in the whole
    describe."""
    rows = {c.name: c for c in facts.containers.values() if c.anonymous and not c.name.startswith("(")}
    for container in facts.containers.values():
        row = rows.get(container.pod or "")
        if row is None or not container_recovered(row):
            continue
        if max(row.restart_count or 0, container.restart_count or 0) >= RECURRING_RESTARTS:
            continue
        for state in container.states:
            if state.phase == "last":
                state.history = True


# A pod of a Merlin deployment or image build: "<model>-<version>-r<n>-predictor-...",
# "...-transformer-...", the builder job's pod.
_MERLIN_POD = re.compile(r"-(?:predictor|transformer)(?:-default)?-|-r\d{1,4}-|builder|kaniko")


def _other_workloads(facts: Facts) -> None:
    """When the paste lists the user's deployment among ``kubectl get pods`` rows (``-A``, a
    grep, two namespaces), a failing pod of another workload (a monitoring exporter, a Feast
    job) is not its failure: those rows are set aside. A describe or YAML fragment's stand-in
    container (named "(container at line N)", its block cut above the name) is no pod row: it
    says nothing about which workload it is, so it is never set aside this way (``_pod_row``)."""
    rows = [c for c in facts.containers.values() if _pod_row(c)]
    if not any(_MERLIN_POD.search(c.name) for c in rows):
        return
    for container in rows:
        if not _MERLIN_POD.search(container.name):
            for state in container.states:
                state.history = True


MAX_COMMAND_LOOKBACK = 60  # lines from a fragment up to the command that printed it


def _fragments_of_named_pods(facts: Facts, doc: Document) -> None:
    """A fragment that does not name its container (``describe pod X | grep -A4 "Last
    State"``, ``get pod X -o json | jq '...'``) belongs to the pod its command names; when a
    ``kubectl get pods`` row shows that pod, the fragment's container takes the row's
    readiness and restart count, so a Last State of a pod running and ready since is history
    like any other."""
    rows = {c.name: c for c in facts.containers.values() if _pod_row(c)}
    if not rows:
        return
    for container in facts.containers.values():
        if not (container.anonymous and container.name.startswith("(")) or container.line is None:
            continue
        if container.ready is not None:
            continue
        command = _command_above(doc, container.line)
        row = next((rows[name] for name in rows if command and name in command), None)
        if row is not None:
            container.ready = row.ready
            if container.restart_count is None:
                container.restart_count = row.restart_count


def _command_above(doc: Document, line: int) -> str | None:
    """The command typed on the nearest prompt line above ``line`` (None: none close by)."""
    for above in range(line - 1, max(doc.first_line, line - MAX_COMMAND_LOOKBACK) - 1, -1):
        command = command_of(doc.line(above))
        if command is not None:
            return command
    return None


def _pod_row(container: Container) -> bool:
    """True for a pod's summary row (``kubectl get pods``), named after its pod; not for a
    fragment's container whose name the paste left out (``(container at line 6)``: a jq
    selection of one container's states), which is the reporter's own, not another workload."""
    return container.anonymous and not container.name.startswith("(")


# The model (and version) a Merlin pod serves or builds: the name before its revision
# ("fraud-scorer-3-r4-predictor-...") or before the image builder's suffix.
_MODEL_OF_POD = re.compile(r"^([a-z0-9][a-z0-9-]{0,200}?)-(?:r\d{1,4}-|(?:image-)?builder\b)")
_TRAILING_NUMBER = re.compile(r"-\d{1,6}$")
MAX_MENTION_SCAN_CHARS = 256 * 1024  # a paste that lists pods of several models is short


def _other_models(facts: Facts, doc: Document) -> None:
    """When ``kubectl get pods`` rows (``-A``, a namespace shared by teams) list pods of several
    Merlin models and the rest of the paste names some of them (the reporter's sentence, the
    History line, a command, an event's object), the failing rows of the models named nowhere
    else are someone else's deployment: set aside, as other workloads' rows are."""
    if len(doc.text) > MAX_MENTION_SCAN_CHARS:
        return
    rows = {
        name: (container, found.group(1))
        for name, container in facts.containers.items()
        if _pod_row(container) and container.line is not None
        for found in [_MODEL_OF_POD.match(name)]
        if found is not None
    }
    if len({model for _, model in rows.values()}) < 2:
        return
    row_lines = {container.line for container, _ in rows.values()}
    rest = "\n".join(doc.line(n) for n in range(doc.first_line, doc.last_line + 1) if n not in row_lines)
    named = {model: _named(model, rest) for _, model in rows.values()}
    if not any(named.values()) or all(named.values()):
        return
    for container, model in rows.values():
        if not named[model]:
            for state in container.states:
                state.history = True


def _other_namespaces(facts: Facts, doc: Document) -> None:
    """When ``kubectl get events -A`` rows come from several namespaces and the rest of the
    paste names some of them (the reporter's "my model is in namespace lending", a command's
    ``-n lending``), the events of the namespaces named nowhere else are other teams' (a
    cluster-wide Warning list): set aside, as other models' pod rows are."""
    if len(doc.text) > MAX_MENTION_SCAN_CHARS:
        return
    spaced = [event for event in facts.events if event.namespace and event.line is not None]
    namespaces = {event.namespace for event in spaced}
    if len(namespaces) < 2:
        return
    row_lines = {n for event in spaced for n in range(event.line, (event.end_line or event.line) + 1)}  # type: ignore[arg-type]
    rest = "\n".join(doc.line(n) for n in range(doc.first_line, doc.last_line + 1) if n not in row_lines)
    named = {
        namespace: re.search(rf"(?<![\w-]){re.escape(namespace)}(?![\w-])", rest) is not None
        for namespace in namespaces
    }
    if not any(named.values()) or all(named.values()):
        return
    for event in spaced:
        if not named[event.namespace]:  # type: ignore[index]
            event.stale = True


def _named(model: str, text: str) -> bool:
    """True when ``text`` names the model, or its name without the version ("fraud-scorer"
    for "fraud-scorer-3"), as a word of its own."""
    names = {model, _TRAILING_NUMBER.sub("", model)}
    return any(
        re.search(rf"(?<![a-z0-9-]){re.escape(name)}(?![a-z0-9])", text) is not None
        for name in names
        if len(name) >= 4
    )


# Exit codes of a container that stopped when asked to: SIGTERM, a clean exit, or SIGKILL
# when it outlived the grace period (137 with reason Error, not OOMKilled).
_ASKED_TO_STOP = (143, 0, 137)


def _stopped_on_purpose(facts: Facts) -> None:
    """A container that never restarted and ended on SIGTERM (exit 143) while the kubelet
    was "Stopping container" it, and no probe had failed, was stopped: Knative scaling the
    revision to zero, a rollout replacing the pod, a deletion. That end is not a crash."""
    stopping = {
        event.message[len("Stopping container ") :].split(" ", 1)[0]
        for event in facts.events
        if event.reason == "Killing" and event.message.startswith("Stopping container ")
    }
    if not stopping or any(event.reason == "Unhealthy" for event in facts.events):
        return
    lone = len(facts.containers) == 1  # a fragment without the container's name line
    for name, container in facts.containers.items():
        if (name not in stopping and not (lone and name.startswith("("))) or (
            container.restart_count or 0
        ) > 0:
            continue
        for state in container.states:
            if (
                state.state == "terminated"
                and state.exit_code in _ASKED_TO_STOP
                and state.reason != "OOMKilled"
            ):
                state.history = True


# How many readiness failures a pod being stopped prints: the probe runs every few seconds
# during the grace period (30 s by default) while the server drains.
MAX_STOPPING_PROBE_FAILURES = 3


def _probes_while_stopping(facts: Facts) -> None:
    """A few readiness failures after the kubelet began "Stopping container" the same pod
    are the server draining (a scale-down, a rollout, a deletion), not a probe that fails.
    After means a smaller age when both events say their age, else printed below it."""
    kills: dict[str | None, Event] = {}
    for event in chronological(facts.events):
        if event.reason == "Killing" and event.message.startswith("Stopping container "):
            kills.setdefault(event.object, event)  # the oldest
    if not kills:
        return
    for event in facts.events:
        kill = kills.get(event.object)
        if (
            kill is None
            or event.reason != "Unhealthy"
            or not event.message.startswith("Readiness probe failed")
            or (event.count or 1) > MAX_STOPPING_PROBE_FAILURES
        ):
            continue
        if event.age is not None and kill.age is not None:
            after = event.age <= kill.age
        else:
            after = (event.line or 0) > (kill.line or 0)
        if after:
            event.stale = True


# A restart back-off waits at most 5 minutes: one last seen this long ago, with a container
# started after it, belongs to a crash loop that has ended.
ENDED_LOOP_SECONDS = 600


def _ended_back_offs(facts: Facts) -> None:
    # "Created container" is printed the same second as "Started": a copy cut between them
    # still dates the start.
    started = [e.age for e in facts.events if e.reason in _START_REASONS and e.age is not None]
    if not started:
        return
    newest_start = min(started)
    for event in facts.events:
        if (
            event.reason != "BackOff"
            or event.age is None
            or "restarting failed container" not in event.message
        ):
            continue
        if event.age >= ENDED_LOOP_SECONDS and newest_start < event.age:
            event.stale = True


# Events of a pod that show a replacement pod of the same workload under way.
_REPLACEMENT_PROGRESS = ("Scheduled", "Pulling", "Pulled", "Created", "Started")
# A pod's random suffix and its ReplicaSet's hash: "<owner>-5f8c2a9d71-8wq4n".
_POD_SUFFIX = re.compile(r"-[a-z0-9]{5,10}-[a-z0-9]{5}$")
# Events after which the kubelet stops a pod because of them: that stop is the failure's
# consequence (an eviction, a preemption, a failed probe), not a replacement.
_KILL_CAUSES = frozenset(
    {"Evicted", "Preempted", "Preempting", "TaintManagerEviction", "Unhealthy", "NodeNotReady"}
)


def _replaced_pods(facts: Facts) -> None:
    """A pod whose failures end with the kubelet "Stopping container" it, while another pod
    of the same model or workload is being scheduled, pulled or started, was replaced (a
    rollout, a new revision, a deletion with a replacement): its earlier failures are
    history. The replacement's own events still speak for the present."""
    kills: dict[str, Event] = {}
    for event in chronological(facts.events):
        if (
            event.object
            and event.object.startswith("pod/")
            and event.reason == "Killing"
            and event.message.startswith("Stopping container ")
        ):
            kills[event.object] = event  # the newest
    if not kills:
        return
    progress: dict[str, set[str]] = {}
    for event in facts.events:
        if event.object and event.object.startswith("pod/") and event.reason in _REPLACEMENT_PROGRESS:
            progress.setdefault(_owner_of(event.object), set()).add(event.object)
    ordered = chronological(facts.events)
    position = {id(event): n for n, event in enumerate(ordered)}
    caused = {event.object for event in facts.events if event.reason in _KILL_CAUSES}
    for pod, kill in kills.items():
        if pod in caused:
            continue  # stopped because of its failure
        if not progress.get(_owner_of(pod), set()) - {pod}:
            continue  # no other pod of the workload: the paste does not show a replacement
        for event in facts.events:
            if event.object == pod and position[id(event)] < position[id(kill)]:
                event.stale = True


# containerd refusing a second create of a container whose first create is still running.
_RESERVED_NAME = re.compile(r'failed to reserve container name "([a-z0-9][a-z0-9-]{0,62})_')


def _created_later(facts: Facts) -> None:
    """A container create that failed because an earlier create still held its name, then
    "Started container <name>" on the same pod: the slow create finished, nothing is stuck."""
    started: dict[tuple[str | None, str], int] = {}
    ordered = chronological(facts.events)
    for n, event in enumerate(ordered):
        if event.reason == "Started" and event.message.startswith("Started container "):
            started[(event.object, event.message[len("Started container ") :].split(" ", 1)[0])] = n
    if not started:
        return
    for n, event in enumerate(ordered):
        found = _RESERVED_NAME.search(event.message) if event.reason == "Failed" else None
        if found is not None and started.get((event.object, found.group(1)), -1) > n:
            event.stale = True


def _owner_of(pod: str) -> str:
    """The model a Merlin pod serves ("fraud-scorer-3" in "pod/fraud-scorer-3-r4-predictor-..."),
    else the pod's name without its ReplicaSet hash and random suffix."""
    name = pod.removeprefix("pod/")
    found = _MODEL_OF_POD.match(name)
    if found is not None:
        return found.group(1)
    return _POD_SUFFIX.sub("", name)


def _resolved(event: Event, later: set[str]) -> bool:
    resolvers: tuple[str, ...] = _RESOLVED_BY.get(event.reason, ())
    lowered = event.message.lower()
    if event.reason in ("Failed", "BackOff") and any(word in lowered for word in _PULL_FAILURE_WORDS):
        resolvers = ("Pulled",)  # a pull that failed, then succeeded
    return any(reason in later for reason in resolvers)


def _stale_conditions(facts: Facts) -> None:
    """A model that is Loaded (or an InferenceService that is Ready) has no current load failure.

    ``targetModelState: Pending`` alone says nothing: KServe sets it when the latest revision
    has no pod, but also while the model container runs between two crashes of a crash loop,
    and it keeps the ``lastFailureInfo`` it had either way (its controller's
    ``PropagateModelStatus``). The kept failure is an earlier attempt's only when the paste
    shows why the latest revision has no pod: another condition failing for another reason
    (its image cannot be fetched, it cannot be scheduled), not repeating the kept failure."""
    loaded = any(c.type == "ModelStatus" and c.status == "True" for c in facts.conditions)
    ready = any(c.type == "Ready" and c.status == "True" for c in facts.conditions)
    # A ModelStatus condition's reason is the target state (else the active one).
    pending = any(c.type == "ModelStatus" and c.reason == "Pending" for c in facts.conditions)
    failures = [c for c in facts.conditions if c.type == "ModelLastFailure"]
    if not failures or not (loaded or ready or pending):
        return
    others = [
        c.message
        for c in facts.conditions
        if c.status == "False" and c.type not in ("ModelLastFailure", "ModelStatus") and c.message
    ]
    for failure in failures:
        if loaded or ready or (others and not any(_repeats(failure.message, other) for other in others)):
            failure.stale = True


def _superseded_revisions(facts: Facts) -> None:
    """A revision that failed before a newer revision of its configuration became Ready is
    history: Knative routes traffic to the newer one, the failure was fixed by a redeploy.
    The same judgement for every shape that names the revision of a condition (``get
    revision`` rows, Revision objects in a ``-o yaml|json`` list or one after another): all
    the older revision's conditions (ContainerHealthy, ResourcesAvailable too) are set aside.
    Two passes over the conditions."""
    newest_ready: dict[str, int] = {}
    for condition in facts.conditions:
        if condition.revision is not None and condition.type == "Ready" and condition.status == "True":
            configuration, generation = condition.revision
            newest_ready[configuration] = max(generation, newest_ready.get(configuration, 0))
    if not newest_ready:
        return
    for condition in facts.conditions:
        if condition.revision is None or condition.status == "True":
            continue
        configuration, generation = condition.revision
        if generation < newest_ready.get(configuration, 0):
            condition.stale = True


# What a Knative condition says while the model container crash-loops: the kept failure is current.
_CRASH_LOOP_WORDS = (
    "Back-off restarting",
    "CrashLoopBackOff",
    "Container failed with",
    "exit code",
    "ExitCode",
)


def _repeats(failure: str | None, other: str) -> bool:
    """True when condition message ``other`` is about the same failure as ``failure`` (a
    lastFailureInfo message): it quotes it, or it tells of the crash loop that kept it."""
    if any(word in other for word in _CRASH_LOOP_WORDS):
        return True
    text = (failure or "").removeprefix("Container failed with:").strip()
    return bool(text) and text[:60] in other


def _covered(facts: Facts) -> list[tuple[int, int]]:
    """Sorted, merged line ranges whose text belongs to a parsed fact."""
    spans: list[tuple[int, int]] = []
    for container in facts.containers.values():
        for state in container.states:
            if state.line is not None:
                spans.append((state.line, max(state.line, state.end_line or state.line)))
            if state.message_line is not None:
                spans.append((state.message_line, max(state.message_line, state.end_line or 0)))
    for event in (*facts.events, *facts.repeats):
        if event.line is not None:
            spans.append((event.line, max(event.line, event.end_line or event.line)))
    for condition in facts.conditions:
        if condition.line is not None:
            # kubectl prints a condition's keys sorted, so its message line comes before its
            # reason line: the span runs from the first of the two to the last.
            other = condition.end_line if condition.end_line is not None else condition.line
            spans.append((min(condition.line, other), max(condition.line, other)))
    for line, _ in facts.termination_message:
        spans.append((line, line))
    for line, _ in facts.error_lines:
        spans.append((line, line))
    if facts.pod_line is not None and facts.pod_message:
        spans.append((facts.pod_line, facts.pod_line))
    spans.extend(facts.configuration)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + 1:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
