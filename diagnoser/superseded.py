"""Lines about a deployment that a later one in the same paste replaced.

A terminal session pasted whole shows every attempt: the describe of the first pod, the
redeploy, the pods of the second. Merlin names each deployment of a model version with a
revision suffix, ``<model>-<version>-r<N>`` (its InferenceService, and every pod under
it: ``fraud-3-r2-predictor-00001-deployment-5f8c2a9d71-8wq4n``); a redeploy is ``r<N+1>``.
So a failure whose lines are about ``r1`` while the paste also shows ``r2`` of the same
model version belongs to an earlier attempt. The same holds for a pod the session shows
deleted, evicted by a drain or terminating while another pod of its model runs, and for
a Knative revision (``...-predictor-00001``) older than its configuration's latest ready
one (``kubectl get revision`` READY True, ``get isvc`` LATESTREADYREVISION).

What a line is about: the deployments its own text names as pasted (an event's object, a
pod row, a message quoting the pod, the pod in its log prefix: Loki's labels, the Logs tab's
``[pod]``), else those its *region* names. A region starts at a command
prompt, a describe's ``Name:`` line, a History message's first line or a k9s view's title,
and runs to the next; it is about what its first line names or, when that line names
none, about the one deployment its lines name, if they name exactly one.

One pass finds the names (a C-speed search for ``-r<digits>`` and for Knative revision
numbers, each candidate walked back over at most ``_MAX_NAME`` characters); one pass over
the lines builds the regions. Only pastes up to ``MAX_SESSION_CHARS`` are read.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from diagnoser.attempts import attempt_starts
from diagnoser.normalise import Document, names_shaped, starts_of_lines_matching
from diagnoser.parsers._util import header_columns, split_row
from diagnoser.prompts import PROMPT
from diagnoser.revisions import latest_ready

MAX_SESSION_CHARS = 512 * 1024  # a session put together by hand; a bigger paste is one log
MAX_CANDIDATES = 20_000
_MAX_NAME = 200
_NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-"  # for ``str.rstrip``: C speed
_POD_RUN = re.compile(r"[a-z0-9.-]{1,253}")

# A Merlin revision suffix after a model version: "...-3-r2" then a separator or a component.
# Both patterns start with their "-" and look behind it for the name: a pattern that starts
# with a literal is searched at C speed, one that starts with a lookbehind is tried at every
# character (seven times slower on a big paste).
_MERLIN_REVISION = re.compile(r"-(?<=[a-z0-9]-)r(\d{1,4})(?![a-z0-9])")
# A Knative revision: "<configuration>-00001".
_KNATIVE_REVISION = re.compile(r"-(?<=[a-z0-9]-)(\d{5})(?![0-9])")
# A pod of a Deployment: "<owner>-<replicaset hash>-<5 characters>" (``_is_pod`` rules out
# the names whose last parts are words or a Knative revision number).
_POD_NAME = re.compile(
    r"(?P<owner>[a-z0-9][a-z0-9.-]{0,250}?)-(?P<hash>[a-z0-9]{6,10})-(?P<suffix>[a-z0-9]{5})"
)
_NOT_HASHES = frozenset({"predictor", "transformer", "deployment", "explainer"})

# Lines that start a region besides prompts.
_HEADER = re.compile(
    r"[ \t]{0,8}(?:Name:[ \t]|error (?:deploying|creating|updating) inference service \("
    r"|[^\n]{0,40}(?:Logs|Describe|YAML)\([a-z0-9-]{1,63}/[a-z0-9])"
)
# What the session says happened to a pod: deleted, evicted by a drain, marked for deletion.
_GONE = re.compile(
    r'pod "(?P<a>[a-z0-9][a-z0-9.-]{0,252})" deleted'
    r"|pod/(?P<b>[a-z0-9][a-z0-9.-]{0,252}) evicted"
    r"|Marking for deletion Pod [a-z0-9-]{1,63}/(?P<c>[a-z0-9][a-z0-9.-]{0,252})"
)
_TERMINATING_ROW = re.compile(
    r"[ \t]{0,4}(?P<pod>[a-z0-9][a-z0-9.-]{0,252})[ \t]{1,100}\d{1,3}/\d{1,3}[ \t]{1,100}Terminating\b"
)
_NOT_FOUND = re.compile(r"(?i)\bnot ?found\b")
# ``kubectl get revision`` (NAME, CONFIG NAME, ...) and ``kn revision list`` (NAME, SERVICE,
# TRAFFIC, ...): both name one revision a row, with a READY column.
_REVISION_TABLE = re.compile(r"[ \t]{0,4}NAME[ \t]{2,100}(?:CONFIG NAME|SERVICE[ \t]{2,100}TRAFFIC)[ \t]")
_ISVC_TABLE = re.compile(
    r"[ \t]{0,4}NAME[ \t]{2,100}URL[ \t]{2,100}READY[ \t][^\n]{0,200}LATESTREADYREVISION"
)


@dataclass(frozen=True)
class _Name:
    """One deployment a line names: a Merlin revision, a Knative revision, a pod (or all three:
    ``fraud-3-r2-predictor-00001-deployment-5f8c2a9d71-8wq4n``)."""

    merlin: tuple[str, int] | None  # (model version, N) of "-r<N>"
    knative: tuple[str, int] | None  # (configuration, number) of "-<5 digits>"
    pod: str | None


def superseded_lines(doc: Document) -> Callable[[int], bool]:
    """A test: is line ``n`` only about deployments the paste shows replaced later?"""
    text = doc.text
    if len(text) > MAX_SESSION_CHARS:
        return _never
    switches = context_switches(doc)
    by_line = _names_by_line(doc, switches)
    if not by_line:
        return _never
    # The revisions the output shows exist: not a command's arguments (the user may ask for a
    # name that does not exist) nor an answer that it does not.
    newest: dict[str, set[int]] = {}
    for line, names in by_line.items():
        text = doc.line(line)
        existing = not PROMPT.match(text) and not _NOT_FOUND.search(text)
        for name in names:
            if name.merlin is not None:
                numbers = newest.setdefault(name.merlin[0], set())
                if existing:
                    numbers.add(name.merlin[1])
    ready = latest_ready(doc) if not switches else {}
    for line, config, number in _ready_from_tables(doc):
        key = _in_world(config, line, switches)
        ready[key] = max(number, ready.get(key, 0))
    gone = _gone_pods(doc, by_line, switches) | _older_replica_sets(doc, by_line)
    if not (any(len(numbers) > 1 for numbers in newest.values()) or ready or gone):
        return _never

    def replaced(name: _Name) -> bool:
        if name.pod is not None and name.pod in gone:
            return True
        if name.merlin is not None and max(newest[name.merlin[0]], default=0) > name.merlin[1]:
            return True
        return name.knative is not None and name.knative[1] < ready.get(name.knative[0], 0)

    context = _contexts(doc, by_line)
    cache: dict[int, bool] = {}

    def superseded(line: int) -> bool:
        if line not in cache:
            names = _distinct(by_line.get(line) or context.get(line) or set())
            cache[line] = bool(names) and all(replaced(name) for name in names)
        return cache[line]

    return superseded


def _never(line: int) -> bool:
    return False


def _distinct(names: set[_Name]) -> list[_Name]:
    """The names of a line less the bare mentions of a Merlin deployment that the line also
    names more precisely (a revision table's CONFIG NAME beside the revision's NAME)."""
    precise = {name.merlin for name in names if name.merlin and (name.knative or name.pod)}
    return [name for name in names if name.knative or name.pod or name.merlin not in precise]


_MERLIN_IN_NAME = re.compile(r"([a-z0-9][a-z0-9-]{0,190}?-\d{1,6})-r(\d{1,4})(?![a-z0-9])")
_KNATIVE_IN_NAME = re.compile(r"([a-z0-9][a-z0-9-]{0,200}?)-(\d{5})(?![0-9])")


# kubectl pointed at another cluster: its deployments are not the earlier ones' successors.
_SWITCH = re.compile(
    r"[ \t]{0,8}Switched to context \"|[^\n]{0,200}\b(?:kubectl config use-context|kubectx)[ \t]{1,4}\S"
)


def context_switches(doc: Document) -> list[int]:
    """Lines where the session switched kubectl to another cluster (context). Only the lines
    holding one of the switch's words are tried: a big paste without them costs three scans."""
    starts = starts_of_lines_matching(doc.text, ("Switched to context", "use-context", "kubectx"), _SWITCH)
    return sorted({doc.line_of(start) for start in starts})


def _in_world(name: str, line: int, switches: list[int]) -> str:
    """``name`` qualified by the cluster the session was talking to at ``line``."""
    return f"{bisect_right(switches, line)}:{name}" if switches else name


def _names_by_line(doc: Document, switches: list[int]) -> dict[int, set[_Name]]:
    """The deployments each line names, for the lines that name any (qualified by cluster
    when the session switched kubectl's context). Read once per paste: replaced deployments
    and the present pods' nodes both need them."""
    by_line = doc.shared.get("deployment_names")
    if by_line is None:
        by_line = doc.shared["deployment_names"] = _read_names_by_line(doc)
    assert isinstance(by_line, dict)
    if not switches:
        return by_line
    return {line: {_qualified(name, line, switches) for name in names} for line, names in by_line.items()}


def _qualified(name: _Name, line: int, switches: list[int]) -> _Name:
    return _Name(
        merlin=(_in_world(name.merlin[0], line, switches), name.merlin[1]) if name.merlin else None,
        knative=(_in_world(name.knative[0], line, switches), name.knative[1]) if name.knative else None,
        pod=_in_world(name.pod, line, switches) if name.pod else None,
    )


def _read_names_by_line(doc: Document) -> dict[int, set[_Name]]:
    """Read in the normalised text (where a redaction placeholder reads as a name), then,
    for the lines that name none there, in the paste's own text: normalising removes a log
    line's prefix (Loki's labels, the Logs tab's ``[pod]``), which names the pod the line
    came from."""
    found = _names_in(doc.text, doc.line_of, set())
    found.update(_names_in(names_shaped(doc.original), doc.original_line_of, set(found)))
    return found


def _names_in(text: str, line_of: Callable[[int], int], skip: set[int]) -> dict[int, set[_Name]]:
    """The deployments each line of ``text`` names (``line_of`` maps an offset to its line),
    except the lines in ``skip``."""
    found: dict[int, set[_Name]] = {}
    seen: set[int] = set()
    for pattern in (_MERLIN_REVISION, _KNATIVE_REVISION):
        for count, match in enumerate(pattern.finditer(text)):
            if count >= MAX_CANDIDATES:
                break
            start = _name_start(text, match.start())
            if start in seen or start == match.start():
                continue
            seen.add(start)
            line = line_of(start)
            if line in skip:
                continue
            name = _read_name(text, start)
            if name is not None:
                found.setdefault(line, set()).add(name)
    return found


def _name_start(text: str, end: int) -> int:
    """Where the run of name characters that ends at ``end`` starts (at most ``_MAX_NAME`` back)."""
    window = text[max(0, end - _MAX_NAME) : end]
    run = window[len(window.rstrip(_NAME_CHARS)) :]  # the name characters before ``end``
    return end - len(run.lstrip("-"))


def _read_name(text: str, start: int) -> _Name | None:
    """The Merlin revision, Knative revision and pod a name starting at ``start`` says."""
    run = _POD_RUN.match(text, start)
    return _name_of(run.group().rstrip(".-") if run else "")


@lru_cache(maxsize=1024)
def _name_of(token: str) -> _Name | None:
    """What one name says, read once: a log's prefix repeats its pod's name on every line."""
    merlin = _MERLIN_IN_NAME.match(token)
    knative = _KNATIVE_IN_NAME.match(token)
    if merlin is None and knative is None:
        return None
    return _Name(
        merlin=(merlin.group(1), int(merlin.group(2))) if merlin else None,
        knative=(knative.group(1), int(knative.group(2))) if knative else None,
        pod=token if _is_pod(token) else None,
    )


def _is_pod(name: str) -> bool:
    """A Deployment's pod name, not a configuration's or a revision's that looks like one."""
    found = _POD_NAME.fullmatch(name)
    return (
        found is not None
        and found.group("hash") not in _NOT_HASHES
        and not found.group("suffix").isdigit()
        and not found.group("hash").isdigit()
    )


def _gone_pods(doc: Document, by_line: dict[int, set[_Name]], switches: list[int]) -> set[str]:
    """Pods the session shows deleted, evicted or terminating, when another pod of the same
    model is still there: a replacement. (A pod deleted with nothing in its place says
    nothing about the present.)"""
    text = doc.text
    named: set[str] = set()
    for match in _GONE.finditer(text):
        pod = match.group("a") or match.group("b") or match.group("c")
        named.add(_in_world(pod, doc.line_of(match.start()), switches))
    for line in sorted(by_line):
        found = _TERMINATING_ROW.match(doc.line(line))
        if found is not None:
            named.add(_in_world(found.group("pod"), line, switches))
    if not named:
        return set()
    pods = {name.pod for names in by_line.values() for name in names if name.pod}
    return {pod for pod in named if any(other not in named and _same_model(pod, other) for other in pods)}


def _older_replica_sets(doc: Document, by_line: dict[int, set[_Name]]) -> set[str]:
    """Pods of a Deployment's ReplicaSet the session shows before one of its changes, when a
    pod of another ReplicaSet of the same Deployment first shows after that change: the
    change (``kubectl set resources``, ``rollout restart``, a patched image) rolled out the
    new ReplicaSet, and the old one's pods stay only until a new pod is ready. (Without a
    change between them, two ReplicaSets say nothing about which is newer.)"""
    first: dict[tuple[str, str], int] = {}  # (owner in its cluster, hash) -> first line
    pods: dict[tuple[str, str], set[str]] = {}
    for line in sorted(by_line):
        for name in by_line[line]:
            if name.pod is None:
                continue
            world, _, pod = name.pod.rpartition(":")
            found = _POD_NAME.fullmatch(pod)
            if found is None:  # pragma: no cover - a name is a pod only when it matches
                continue
            key = (f"{world}:{found.group('owner')}", found.group("hash"))
            first.setdefault(key, line)
            pods.setdefault(key, set()).add(name.pod)
    newest: dict[str, int] = {}
    for (owner, _), line in first.items():
        newest[owner] = max(line, newest.get(owner, line))
    if len(newest) == len(first):
        return set()  # one ReplicaSet per Deployment: nothing was rolled out
    changes = attempt_starts(doc)
    older: set[str] = set()
    for (owner, hash_), line in first.items():
        later = newest[owner]
        index = bisect_right(changes, line)
        if line < later and index < len(changes) and changes[index] < later:
            older.update(pods[(owner, hash_)])
    return older


_MODEL_OF = re.compile(r"([a-z0-9][a-z0-9-]{0,190}?)-\d{1,6}-r\d{1,4}-")


def _same_model(pod: str, other: str) -> bool:
    """Two pods of one model (in one cluster): the same name before the version (any version
    and revision), else the same owner (a ReplicaSet's pods)."""
    world, _, pod = pod.rpartition(":")
    other_world, _, other = other.rpartition(":")
    if world != other_world:
        return False
    first, second = _MODEL_OF.match(pod), _MODEL_OF.match(other)
    if first is not None and second is not None:
        return first.group(1) == second.group(1)
    owner, other_owner = _POD_NAME.fullmatch(pod), _POD_NAME.fullmatch(other)
    return (
        owner is not None and other_owner is not None and owner.group("owner") == other_owner.group("owner")
    )


def _contexts(doc: Document, by_line: dict[int, set[_Name]]) -> dict[int, set[_Name]]:
    """For the lines that name nothing themselves: what their region names."""
    result: dict[int, set[_Name]] = {}
    region: list[int] = []
    first: int | None = None

    def close() -> None:
        if not region:
            return
        about = by_line.get(first) if first is not None else None
        if not about:
            named = {name for n in region if n in by_line for name in by_line[n]}
            if len({name.merlin or name.knative for name in named}) == 1 and len({n.pod for n in named}) == 1:
                about = named
        if about:
            for n in region:
                if n not in by_line:
                    result[n] = about

    for line in range(doc.first_line, doc.last_line + 1):
        text = doc.line(line)
        if PROMPT.match(text) or _HEADER.match(text):
            close()
            region, first = [], line
        region.append(line)
    close()
    return result


def _ready_from_tables(doc: Document) -> list[tuple[int, str, int]]:
    """(line, configuration, number) of the ready Knative revisions ``kubectl get revision``
    and ``kn revision list`` rows (READY True) and ``kubectl get isvc`` rows
    (LATESTREADYREVISION) show. The configuration is the revision's name without its number,
    so kn's SERVICE column need not be read."""
    found: list[tuple[int, str, int]] = []
    starts: list[int] | None = None
    names: list[str] = []
    for line in range(doc.first_line, doc.last_line + 1):
        raw = doc.line(line)
        if _REVISION_TABLE.match(raw) or _ISVC_TABLE.match(raw):
            columns = header_columns(raw)
            names, starts = [name for name, _ in columns], [pos for _, pos in columns]
            continue
        if starts is None:
            continue
        if not raw.strip() or PROMPT.match(raw):
            starts = None
            continue
        cells = dict(zip(names, split_row(raw, starts), strict=False))
        revision = cells.get("LATESTREADYREVISION") or (
            cells.get("NAME") if cells.get("READY") == "True" and _is_revision_row(cells) else None
        )
        match = _KNATIVE_REVISION.search(revision or "")
        if match is not None:
            found.append((line, (revision or "")[: match.start()], int(match.group(1))))
    return found


def _is_revision_row(cells: dict[str, str]) -> bool:
    """A row of a revision table (not of ``get isvc``, whose READY True is the service's)."""
    return "CONFIG NAME" in cells or "TRAFFIC" in cells


_ASSIGNED = re.compile(
    r"Successfully assigned [a-z0-9-]{1,63}/(?P<pod>[a-z0-9][a-z0-9.-]{0,252})"
    r" to (?P<node>[A-Za-z0-9][\w.-]{0,252})"
)
_NODE_LINE = re.compile(r"Node:[ \t]{1,40}(?P<node>[A-Za-z0-9][\w.-]{0,252})(?:/|[ \t]*$)")
_WIDE_HEADER = re.compile(
    r"[ \t]{0,4}(?:NAMESPACE[ \t]{2,100})?NAME[ \t]{2,100}READY[ \t][^\n]{0,300}[ \t]NODE[ \t]"
)


def current_nodes(doc: Document, superseded: Callable[[int], bool]) -> set[str]:
    """The nodes the paste shows the present pods of a Merlin deployment running on: their
    "Successfully assigned <pod> to <node>" events, a describe's ``Node:``, ``get pods -o
    wide`` rows. Empty when the paste does not say where every one of them runs (a pod still
    pending has no node). A failure of another node (it went NotReady, it could not attach a
    disk) is not these pods' failure."""
    if len(doc.text) > MAX_SESSION_CHARS:
        return set()
    by_line = _names_by_line(doc, [])
    present = {
        name.pod
        for line, names in by_line.items()
        if not superseded(line)
        for name in names
        if name.pod and name.merlin
    }
    if not present:
        return set()
    placed: dict[str, str] = {}
    context = _contexts(doc, by_line)
    starts: list[int] | None = None
    names: list[str] = []
    for line in range(doc.first_line, doc.last_line + 1):
        text = doc.line(line)
        if _WIDE_HEADER.match(text):
            columns = header_columns(text)
            names, starts = [name for name, _ in columns], [pos for _, pos in columns]
            continue
        if starts is not None and (not text.strip() or PROMPT.match(text)):
            starts = None
        if superseded(line):
            continue
        assigned = _ASSIGNED.search(text)
        if assigned is not None:
            placed[assigned.group("pod")] = assigned.group("node")
            continue
        node = _NODE_LINE.match(text.strip())
        if node is not None:
            for name in context.get(line, ()):
                if name.pod:
                    placed[name.pod] = node.group("node")
            continue
        if starts is not None:
            cells = dict(zip(names, split_row(text, starts), strict=False))
            if cells.get("NAME") and (cells.get("NODE") or "<none>") != "<none>":
                placed[cells["NAME"]] = cells["NODE"]
    if not all(pod in placed for pod in present):
        return set()
    return {placed[pod] for pod in present}
