"""Lines about another team's pod in the same export.

A node's kubelet journal, a syslog archive or an events index holds every pod's lines: a
monitoring stack crash-looping, another team's Spark driver backing off. When the paste
also names the reporter's Merlin pods (``<model>-<version>-r<N>-predictor-...``), a line
whose every pod is some other workload's, in a namespace none of the Merlin pods is in, is
not about the deployment asked about: its failure is set aside, as ``judge`` sets aside the
``kubectl get pods`` rows of other workloads.

A line names its pods the way Kubernetes components print them: klog's structured
``pod="<namespace>/<name>"`` (and ``pods=["...", ...]``), the kubelet's and the BackOff
event's ``<name>_<namespace>(<uid>)``, an event's ``involvedObject`` on one JSON line.
One search per pattern over the paste (bounded); no catalog knowledge.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from diagnoser.normalise import Document

MAX_SCAN_CHARS = 4 * 1024 * 1024
MAX_REFERENCES = 50_000
# A Merlin pod: a model revision's predictor or transformer, or the image builder's.
_MERLIN_POD = re.compile(r"-(?:predictor|transformer)(?:-default)?-|-r\d{1,4}-|builder|kaniko")
# Each pattern starts with a literal, so a search costs one pass over the paste whatever it
# holds (a name pattern that started anywhere would try 250 characters at every letter).
_REFERENCES = (
    # klog's key for the pod a line is about, then "<namespace>/<name>" (the first item of a
    # ``pods=[...]`` list); the key must stand alone (``_standalone``).
    re.compile(r'pods?=\[?"(?P<ns>[a-z0-9][a-z0-9-]{0,62})/(?P<name>[a-z0-9][a-z0-9.-]{0,252})"'),
    # The kubelet's "<name>_<namespace>(<uid>)": found by its "_<namespace>(<uid>)", the name
    # walked back to (``_name_before``).
    re.compile(r"_(?P<ns>[a-z0-9][a-z0-9-]{0,62})\([0-9a-f-]{36}\)"),
    # An event's involvedObject printed on one line (JSON), its keys in either order.
    re.compile(
        r'"namespace": ?"(?P<ns>[a-z0-9][a-z0-9-]{0,62})", ?"name": ?"(?P<name>[a-z0-9][a-z0-9.-]{0,252})"'
    ),
    re.compile(
        r'"name": ?"(?P<name>[a-z0-9][a-z0-9.-]{0,252})", ?"namespace": ?"(?P<ns>[a-z0-9][a-z0-9-]{0,62})"'
    ),
)
MAX_NAME_CHARS = 253
_NAME_REVERSED = re.compile(r"[a-z0-9.-]{1,253}")


def other_workload_lines(doc: Document) -> Callable[[int], bool]:
    """A test: is line ``n`` only about pods of other workloads, in namespaces none of the
    paste's Merlin pods is in?"""
    text = doc.text
    if len(text) > MAX_SCAN_CHARS or ("_" not in text and "/" not in text):
        return _never
    pods_by_line: dict[int, list[tuple[str, str]]] = defaultdict(list)
    count = 0
    for pattern in _REFERENCES:
        for found in pattern.finditer(text):
            if pattern is _REFERENCES[0] and not _standalone(text, found.start()):
                continue
            name = _name_before(text, found.start()) if pattern is _REFERENCES[1] else found.group("name")
            if not name:
                continue
            pods_by_line[doc.line_of(found.start())].append((found.group("ns"), name))
            count += 1
            if count >= MAX_REFERENCES:
                break
    merlin_namespaces = {
        namespace for pods in pods_by_line.values() for namespace, name in pods if _MERLIN_POD.search(name)
    }
    if not merlin_namespaces:
        return _never
    elsewhere = {
        line
        for line, pods in pods_by_line.items()
        if all(_elsewhere(namespace, name, merlin_namespaces) for namespace, name in pods)
    }
    return elsewhere.__contains__


def _elsewhere(namespace: str, name: str, merlin_namespaces: set[str]) -> bool:
    """True for a pod that is not Merlin's, in a namespace no Merlin pod of the paste is in."""
    return _MERLIN_POD.search(name) is None and namespace not in merlin_namespaces


def _standalone(text: str, start: int) -> bool:
    """True when klog's ``pod=`` key at ``start`` is a key of its own, not the end of a word."""
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")


def _name_before(text: str, end: int) -> str:
    """The pod name that ends at ``end`` (the kubelet's "<name>_<namespace>(<uid>)"): the name
    characters right before it (at most a name's length, matched on the reversed window in
    one C step), or "" when none is there."""
    window = text[max(0, end - MAX_NAME_CHARS) : end][::-1]
    found = _NAME_REVERSED.match(window)
    return found.group()[::-1].lstrip(".-") if found else ""


def _never(line: int) -> bool:
    return False
