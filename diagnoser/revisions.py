"""Knative revisions that a newer ready revision has superseded.

A Knative Configuration (the predictor or transformer of an InferenceService) creates a
numbered Revision per rollout, ``<configuration>-00001``, ``-00002``... When the paste says
which revision is the latest ready one (``latestReadyRevision(Name)`` in YAML or JSON,
``Latest Ready Revision:`` in describe), a failure that names only an older revision of the
same configuration (``jq`` records of revisions, an old event) is history: a later revision
of it became ready. Status conditions get the same judgement in ``kserve_status``; this
covers the message signals' hits in any text.
"""

from __future__ import annotations

import re

from diagnoser.normalise import Document

# Each pattern starts with its own literal words, so the paste is searched at C speed.
_NAME = r"(?P<name>[a-z0-9<][a-z0-9<>.-]{0,252})"
_LATEST_READY = (
    re.compile(r'latestReadyRevision(?:Name)?"?[ \t]{0,4}:[ \t]{0,4}"?' + _NAME),
    re.compile(r"Latest Ready Revision(?: Name)?:[ \t]{1,40}" + _NAME),
)
# A revision's name: its configuration's name, a dash, five digits (names a share copy
# redacted read "<model-1>-predictor-00002").
_REVISION = re.compile(r"(?<![a-z0-9<>-])(?P<config>[a-z0-9<][a-z0-9<>-]{0,200})-(?P<number>\d{5})(?![0-9])")


def latest_ready(doc: Document) -> dict[str, int]:
    """The number of the latest ready revision of each configuration the paste names."""
    found: dict[str, int] = {}
    for pattern in _LATEST_READY:
        for match in pattern.finditer(doc.original):  # as the hits' evidence lines read
            revision = _REVISION.fullmatch(match.group("name"))
            if revision is not None:
                config, number = revision.group("config"), int(revision.group("number"))
                found[config] = max(number, found.get(config, 0))
    return found


def only_older_revisions(text: str, latest: dict[str, int]) -> bool:
    """True when ``text`` names revisions of a configuration with a known latest ready
    revision, and every one of them is older than it."""
    named = [(m.group("config"), int(m.group("number"))) for m in _REVISION.finditer(text)]
    known = [(config, number) for config, number in named if config in latest]
    return (
        bool(known) and len(known) == len(named) and all(number < latest[config] for config, number in known)
    )
