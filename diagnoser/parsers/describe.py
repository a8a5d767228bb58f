"""``kubectl describe pod`` (and ``describe job``): indentation-structured text.

kubectl prints top-level ``Key:  value`` lines at column 0 and nests containers,
their states, resources and probes by indentation. We walk the segment once,
tracking the current section (Containers, Conditions, Events, ...) and container.
A container's termination ``Message:`` may span several lines, the later ones at
column 0 (kubectl does not indent embedded newlines), so unknown column-0 lines
inside a container are joined to the last message instead of ending the block.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from diagnoser.model import Condition, Container, ContainerState, Event, Facts, Probe, Segment
from diagnoser.normalise import Document
from diagnoser.parsers._util import WAITING_REASONS, to_int
from diagnoser.parsers.event_rows import RowReader, parse_row
from diagnoser.prompts import PROMPT

_KEY = re.compile(r"([A-Za-z][\w ./-]{0,60}?):(?:[ \t]+(.*))?$")
_TOP_KEY = re.compile(r"[A-Z][A-Za-z -]{0,30}:(?:[ \t]|$)")
_CONTAINER_NAME = re.compile(r"([a-z0-9][a-z0-9._-]{0,252}):[ \t]*$")
# Column-0 keys of describe pod/job. While a multi-line message is being read, only
# these end it (a traceback line such as "ValueError: bad input" must not).
_KNOWN_TOP_KEYS = frozenset(
    [
        "Name",
        "Namespace",
        "Priority",
        "Priority Class Name",
        "Runtime Class Name",
        "Service Account",
        "Node",
        "Start Time",
        "Labels",
        "Annotations",
        "Status",
        "Reason",
        "Message",
        "IP",
        "IPs",
        "Controlled By",
        "Init Containers",
        "Containers",
        "Conditions",
        "Volumes",
        "QoS Class",
        "Node-Selectors",
        "Tolerations",
        "Events",
        "Readiness Gates",
        "Nominated Node Name",
        "SeccompProfile",
        "Selector",
        "Parallelism",
        "Completions",
        "Completion Mode",
        "Suspend",
        "Backoff Limit",
        "TTL Seconds After Finished",
        "Completed At",
        "Duration",
        "Active Deadline Seconds",
        "Pods Statuses",
        "Pod Template",
        "Topology Spread Constraints",
        "Ephemeral Containers",
        "Start Time",
    ]
)
_STATE_DETAIL_KEYS = frozenset(["Reason", "Exit Code", "Message", "Started", "Finished", "Signal"])
_PROBE_KEYS = {"Liveness": "liveness", "Readiness": "readiness", "Startup": "startup"}
_STATE_KEYS = {"State": "current", "Last State": "last"}
_PROBE = re.compile(r"(http-get|tcp-socket|exec|grpc)\b[ \t]*(\S{0,2000})")
_URL = re.compile(r"(?:https?://)?[^:/\s]{0,253}(?::(\w{1,20}))?(/[^\s]{0,2000})?")


class _State:
    """Where the walk is: section, container, state block and resource block."""

    def __init__(self) -> None:
        self.section = ""
        self.section_indent = -1
        self.container: Container | None = None
        self.container_indent = -1
        self.init = False
        self.state: ContainerState | None = None
        self.state_indent = -1
        self.resources: dict[str, str] | None = None
        self.resources_indent = -1
        self.message_target: object | None = None  # ContainerState or Event to extend
        self.events: RowReader | None = None
        self.kind = "pod"
        self.line = 0  # the line being read
        self.message_line = 0  # the last line a message was read from
        # How a line goes on on the next one: directly when a terminal cut it at its width.
        self.joiner: Callable[[int], str] = lambda line: " "


# A container block's keys, for lines a chat app or a web form joined into one:
# "State: Waiting Reason: CrashLoopBackOff Last State: Terminated Reason: OOMKilled ...".
_JOINED_BLOCK_KEYS = (
    "State", "Last State", "Ready", "Restart Count", "Limits", "Requests", "Image", "Image ID",
)  # fmt: skip
_JOINED_KEY = re.compile(
    r"(?:^|(?<= ))(?P<key>Last State|Restart Count|Exit Code|Image ID|State|Reason|Signal|Started|Finished"
    r"|Ready|Limits|Requests|Image|Message|cpu|memory|ephemeral-storage|nvidia\.com/gpu):(?= |$)"
)
MIN_JOINED_KEYS = 3


def _lines(doc: Document, segment: Segment) -> Iterator[tuple[int, str]]:
    """(line, text) of the segment; a line holding a container block joined into one line is
    given back as the lines it was, at the indents describe prints them with."""
    for n in range(segment.start, segment.end + 1):
        raw = doc.line(n)
        if raw.count(": ") < MIN_JOINED_KEYS or len(raw) < 40:
            yield n, raw
            continue
        keys = list(_JOINED_KEY.finditer(raw))
        if len(keys) < MIN_JOINED_KEYS or keys[0].start() > len(raw) - len(raw.lstrip()):
            yield n, raw
            continue
        for key, following in zip(keys, [*keys[1:], None], strict=True):
            end = following.start() if following is not None else len(raw)
            piece = raw[key.start() : end].strip()
            name = key.group("key")
            indent = 4 if name in _JOINED_BLOCK_KEYS else 6
            yield n, " " * indent + piece


def parse(doc: Document, segment: Segment, facts: Facts) -> None:
    """Fill pod name/namespace/phase/reason/message, containers, conditions, events."""
    st = _State()
    st.joiner = doc.joiner
    is_job = any(
        doc.line(n).startswith(("Pods Statuses:", "Parallelism:", "Completions:"))
        for n in range(segment.start, min(segment.end, segment.start + 400) + 1)
    )
    st.kind = "job" if is_job else "pod"
    name: str | None = None
    # A window of the output without its Name: line (``| tail``, a terminal's height) is about
    # the pod its command names: two such windows of two pods keep their events apart.
    commanded = _pod_of_command(doc, segment.start - 1) if segment.fragment else None
    top_keys = _KNOWN_TOP_KEYS
    if segment.fragment and _starts_inside_container(doc, segment):
        # Lines cut out of a container's block (``grep -A``, a mouse): read them as the
        # block of a container the fragment does not name.
        indent = _min_indent(doc, segment)
        st.section, st.section_indent = "Containers", indent - 2
        st.container = facts.container(f"(container at line {segment.start})", segment.start)
        st.container.anonymous = True
        st.container.pod = commanded
        st.container_indent = indent - 1
        top_keys = _CONTAINER_FOLLOWERS
    for n, raw in _lines(doc, segment):
        if not raw.strip():
            continue
        st.line = n
        indent = len(raw) - len(raw.lstrip(" "))
        text = raw.strip()
        if isinstance(st.message_target, ContainerState) and _continues_message(st, raw, indent, text):
            _extend_message(st, facts, raw.rstrip() if indent <= st.state_indent else text)
            continue
        if segment.fragment and text == "--" and st.container is not None and st.container.anonymous:
            # grep -A/-B separates its matches with "--": the next lines are another container.
            st.container = facts.container(f"(container at line {n + 1})", n + 1)
            st.container.anonymous = True
            st.container.pod = commanded
            st.state = st.resources = None
            st.message_target = None
            continue
        if segment.fragment and st.section != "Events" and (event := parse_row(raw, n)) is not None:
            facts.add_event(event)  # an event row cut out of describe together with a state block
            continue
        if indent == 0 and _is_top_key(raw, st.message_target is not None, top_keys, st.message_target):
            st.container = None
            st.state = None
            st.resources = None
            st.message_target = None
            key_match = _KEY.match(raw)
            key = key_match.group(1) if key_match else ""
            value = (key_match.group(2) or "").strip() if key_match else ""
            st.section, st.section_indent = key, 0
            if key == "Name" and name is None:
                name = value
                if not is_job:
                    facts.pod_name = facts.pod_name or value
                    facts.pod_line = facts.pod_line or n
            elif key == "Namespace" and value:
                facts.namespace = facts.namespace or value
            elif key == "Node-Selectors":
                facts.node_selectors = value
            elif key == "Status" and not is_job:
                facts.pod_phase = value or facts.pod_phase
            elif key == "Reason" and not is_job and value:
                facts.pod_reason = value
                facts.pod_line = n  # the evidence for a pod-level reason is its own line
            elif key == "Message" and not is_job and value:
                facts.pod_message = value
                st.message_target = "pod"
                st.message_line = n
            elif key == "Events":
                about = name or commanded
                st.events = RowReader(facts, f"{st.kind}/{about}" if about else None, doc.joiner)
            continue
        if indent == 0 and st.message_target is not None:
            _extend_message(st, facts, text)
            continue
        if st.section in ("Containers", "Init Containers") or (
            st.section == "Pod Template" and text in ("Containers:", "Init Containers:")
        ):
            if st.section == "Pod Template":
                st.section = text[:-1]
                st.section_indent = indent
                continue
            _container_line(st, facts, n, indent, text)
        elif st.section == "Pod Template":
            continue
        elif st.section == "Conditions":
            _condition_line(facts, n, text)
        elif st.section == "Events":
            if st.events is None:  # pragma: no cover - Events: always creates it
                st.events = RowReader(facts, f"{st.kind}/{name}" if name else None, doc.joiner)
            st.events.feed(n, raw)
    _drop_empty_anonymous(facts)


# Options of kubectl (global and describe's own) that take a value.
_VALUED = frozenset({"-n", "--namespace", "--context", "--kubeconfig", "--cluster", "--user", "-l",
                     "--selector", "-f", "--filename", "--chunk-size"})  # fmt: skip
_POD_KINDS = ("pod", "pods", "po")


def _pod_of_command(doc: Document, line: int) -> str | None:
    """The one pod ``kubectl describe pod <name>`` typed on ``line`` names (None: the line is
    no such command, or names no pod or several)."""
    if line < doc.first_line:
        return None
    raw = doc.line(line)
    prompt = PROMPT.match(raw)
    if prompt is None:
        return None
    words = raw[prompt.end() :].split("|", 1)[0].split()
    if "kubectl" not in words[:3] or "describe" not in words:
        return None
    args: list[str] = []
    rest = words[words.index("describe") + 1 :]
    index = 0
    while index < len(rest):
        word = rest[index]
        if word.startswith("-"):
            index += 2 if word in _VALUED else 1
            continue
        args.append(word)
        index += 1
    if len(args) == 1 and args[0].split("/", 1)[0] in _POD_KINDS and "/" in args[0]:
        return args[0].split("/", 1)[1] or None
    if len(args) == 2 and args[0] in _POD_KINDS:
        return args[1]
    return None


def _drop_empty_anonymous(facts: Facts) -> None:
    """A fragment's stand-in container that turned out to hold nothing is not a container."""
    for key in [k for k, c in facts.containers.items() if c.anonymous]:
        c = facts.containers[key]
        if not (c.states or c.limits or c.requests or c.image or c.probes or c.restart_count is not None):
            del facts.containers[key]


# Column-0 keys that can follow a container's block; only these end a container state's
# message (a termination message can hold "Status:" or "Reason:" lines of its own).
_CONTAINER_FOLLOWERS = frozenset(
    [
        "Containers",
        "Init Containers",
        "Conditions",
        "Volumes",
        "QoS Class",
        "Node-Selectors",
        "Tolerations",
        "Events",
        "Readiness Gates",
        "Topology Spread Constraints",
        "Ephemeral Containers",
        "Pod Template",
    ]
)
_IN_CONTAINER_KEYS = re.compile(
    r"[ \t]{0,40}(?:State|Last State|Reason|Exit Code|Restart Count|Ready|Image|Image ID|Container ID|Limits"
    r"|Requests|Liveness|Readiness|Startup|Started|Finished|Message|Port|Host Port|Command|Args|Mounts"
    r"|Environment|Signal|memory|cpu):"
)


def _is_top_key(raw: str, in_message: bool, known: frozenset[str], target: object) -> bool:
    if not _TOP_KEY.match(raw):
        return False
    key = raw.split(":", 1)[0]
    if isinstance(target, ContainerState):
        return key in _CONTAINER_FOLLOWERS
    if not in_message and known is _KNOWN_TOP_KEYS:
        return True
    return key in known


_CONTAINER_KEYS = frozenset(
    ["State", "Last State", "Ready", "Restart Count", "Limits", "Requests", "Liveness", "Readiness",
     "Startup", "Environment", "Mounts", "Environment Variables from", "Image", "Image ID", "Port",
     "Host Port", "Args", "Command", "Container ID"]
)  # fmt: skip


def _continues_message(st: _State, raw: str, indent: int, text: str) -> bool:
    """True when a line inside a container state's Message is more of that message.

    kubectl prints a message's own newlines as they are, so its later lines start at any
    column (a traceback's "  File ..." lines, "KeyError: ..." at column 0). Only the keys
    that can follow a message, at the indentation kubectl gives them, end it.
    """
    key = _KEY.match(text)
    name = key.group(1) if key else None
    if indent == 0:
        return not (name in _CONTAINER_FOLLOWERS and _TOP_KEY.match(raw))
    if name in _STATE_DETAIL_KEYS and st.state_indent < indent <= st.state_indent + 4 and name != "Message":
        return False
    if name in _CONTAINER_KEYS and st.container_indent < indent <= st.state_indent:
        return False
    if _CONTAINER_NAME.match(text) and indent <= st.container_indent + 2:
        return False
    return indent <= st.state_indent or indent > st.state_indent + 4 or key is None


def _min_indent(doc: Document, segment: Segment) -> int:
    indents = [
        len(raw) - len(raw.lstrip(" "))
        for raw in (doc.line(n) for n in range(segment.start, min(segment.end, segment.start + 200) + 1))
        if raw.strip()
    ]
    return min(indents) if indents else 0


def _starts_inside_container(doc: Document, segment: Segment) -> bool:
    """True when a fragment's first line is a line of a container's block."""
    for n in range(segment.start, min(segment.end, segment.start + 20) + 1):
        raw = doc.line(n)
        if raw.strip():
            return _IN_CONTAINER_KEYS.match(raw) is not None or _CONTAINER_NAME.match(raw.strip()) is not None
    return False


# Kubernetes caps a termination message at 4 KB and event messages are short; a longer
# "message" is a paste gone wrong, and extending it line by line would cost quadratic time.
MAX_MESSAGE_CHARS = 16_384


def _extend_message(st: _State, facts: Facts, text: str) -> None:
    target = st.message_target
    current = facts.pod_message if target == "pod" else getattr(target, "message", None)
    if current is not None and len(current) > MAX_MESSAGE_CHARS:
        return
    # A line a terminal cut at its width goes on on the next one mid-word, with no break.
    cut = st.message_line == st.line - 1 and st.joiner(st.message_line) == ""
    st.message_line = st.line
    if target == "pod":
        facts.pod_message = f"{facts.pod_message}{'' if cut else ' '}{text}".strip()
    elif isinstance(target, ContainerState):
        target.message = f"{target.message or ''}{'' if cut else chr(10)}{text}".strip()
        target.end_line = st.line
    elif isinstance(target, Event):
        target.message = f"{target.message}{'' if cut else ' '}{text}".strip()
        target.end_line = st.line


def _container_line(st: _State, facts: Facts, n: int, indent: int, text: str) -> None:
    if indent <= st.section_indent:
        return
    name_match = _CONTAINER_NAME.match(text)
    if name_match and (st.container is None or indent <= st.container_indent or st.container.anonymous):
        st.container = facts.container(name_match.group(1), n)
        st.container.init = st.section == "Init Containers"
        st.container_indent = indent
        st.state = st.resources = None
        st.message_target = None
        return
    container = st.container
    if container is None:
        return
    key_match = _KEY.match(text)
    if st.resources is not None and indent > st.resources_indent and key_match:
        st.resources[key_match.group(1)] = (key_match.group(2) or "").strip()
        return
    st.resources = None
    if (
        st.state is not None
        and indent > st.state_indent
        and key_match
        and (key_match.group(1) in _STATE_DETAIL_KEYS or st.message_target is not st.state)
    ):
        _state_detail(st, n, key_match.group(1), (key_match.group(2) or "").strip())
        return
    if st.state is not None and indent > st.state_indent and st.message_target is st.state:
        _extend_message(st, facts, text)
        return
    st.state = None
    st.message_target = None
    if key_match is None:
        return
    key, value = key_match.group(1), (key_match.group(2) or "").strip()
    if key in _STATE_KEYS:
        if value:
            st.state = ContainerState(container.name, _STATE_KEYS[key], value.lower(), line=n)
            container.states.append(st.state)
            st.state_indent = indent
    elif key == "Reason" and _opens_cut_waiting_state(container, value):
        _open_waiting_state(st, container, n, indent, value)
    elif key == "Image":
        container.image = value or container.image
    elif key == "Ready":
        container.ready = {"true": True, "false": False}.get(value.lower(), container.ready)
    elif key == "Restart Count":
        container.restart_count = to_int(value)
    elif key in ("Limits", "Requests"):
        st.resources = container.limits if key == "Limits" else container.requests
        st.resources_indent = indent
    elif key in _PROBE_KEYS:
        probe = parse_probe(_PROBE_KEYS[key], value, n)
        if probe is not None:
            container.probes.append(probe)


def _opens_cut_waiting_state(container: Container, value: str) -> bool:
    """A ``Reason:`` line of a waiting reason in a fragment's anonymous container that has
    no state yet: the ``State: Waiting`` line above it was left out of the copy (only a
    ``State:`` block prints a waiting reason indented like this)."""
    return container.anonymous and not container.states and value in WAITING_REASONS


def _open_waiting_state(st: _State, container: Container, n: int, indent: int, reason: str) -> None:
    """The current waiting state the cut ``Reason:`` line belongs to; its ``Message:`` (at the
    same indent) is read as that state's detail."""
    st.state = ContainerState(container.name, "current", "waiting", reason=reason, line=n)
    st.state.end_line = n
    container.states.append(st.state)
    st.state_indent = indent - 1


def _state_detail(st: _State, n: int, key: str, value: str) -> None:
    state = st.state
    assert state is not None
    st.message_target = None
    state.end_line = n
    if key == "Reason":
        state.reason = value or None
        state.line = n
    elif key == "Exit Code":
        state.exit_code = to_int(value)
    elif key == "Message":
        state.message = value
        state.message_line = n
        st.message_target = state
        st.message_line = n


def parse_probe(kind: str, value: str, line: int) -> Probe | None:
    """``http-get http://:8080/v1/models/x delay=0s ...`` -> Probe(kind, action, path, port)."""
    match = _PROBE.search(value)
    if match is None:
        return None
    action, target = match.group(1), match.group(2)
    path = port = None
    if action == "http-get":
        url = _URL.match(target)
        if url:
            port, path = url.group(1), url.group(2)
    elif action in ("tcp-socket", "grpc"):
        port = target.rsplit(":", 1)[-1] if ":" in target else None
    return Probe(kind=kind, action=action, path=path, port=port or None, line=line)


def _condition_line(facts: Facts, n: int, text: str) -> None:
    parts = text.split()
    if len(parts) < 2 or (parts[0] == "Type" and parts[1] == "Status") or parts[0].startswith("-"):
        return
    facts.conditions.append(Condition(type=parts[0], status=parts[1], line=n))
