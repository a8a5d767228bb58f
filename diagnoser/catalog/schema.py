"""The catalog's schema: dataclasses and the validation that builds them.

Validation is strict because the catalog is written by hand and shipped to every
reader's browser: a typo in a field, an ``explains`` that points nowhere, or a regex
that can backtrack for minutes on a hostile paste must fail the build with a message
naming the file and the field, not surface later as a wrong or frozen diagnosis.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from typing import Any

from diagnoser.catalog.pages import page_for
from diagnoser.regex_safety import RegexRuleError, check_linear, edge_literals, required_literals

# Where the known-error sections live on the docs site (relative to the site root).
# Part of the public linking contract with the Merlin UI: never change it lightly.
DOCS_PAGE = "deploying-a-model/troubleshooting-deployment-errors/"
GENERAL_STEPS_URL = DOCS_PAGE + "#general-troubleshooting-steps"

# api-validation: Merlin rejected the request before anything was deployed; platform: the
# cluster or platform is broken, no user setting fixes it.
STAGES = ("api-validation", "image-build", "deployment", "both", "platform")
# How often users hit an error: orders the docs sections within a stage.
FREQUENCIES = ("common", "occasional", "rare")
ROLES = ("cause", "symptom", "fallback")
CONFIDENCES = ("high", "medium", "low")
# Where a signal can be found. ``message`` is the general one: a message pattern declared
# once and matched in every place text appears (see PLACES); the others read parsed facts.
SOURCES = ("message", "container", "event", "condition", "pod")
# The places a ``message`` signal is matched, most structured first. ``error``: the first
# line of a History message, an API / SDK / kubectl error; ``event``/``condition``/
# ``container``/``pod``: the message of a parsed event, status condition, container state
# (termination message) or the pod's status; ``log``: any other line of the paste.
PLACES = ("error", "event", "condition", "container", "pod", "log")
_ID = re.compile(r"[a-z0-9]{1,40}(?:-[a-z0-9]{1,40}){0,10}")
_PLACEHOLDER = re.compile(r"\{(\w{1,60})(?:\|([^{}]{0,200}))?\}")

# Exact-match list fields and regex fields each structured source accepts.
_LIST_FIELDS = {
    "container": {"reason": str, "exit_code": int, "state": str, "phase": str, "component": str},
    "event": {"reason": str, "type": str},
    "condition": {"type": str, "status": str, "reason": str, "object": str},
    "pod": {"phase": str, "reason": str},
}
# ``not_message``: the signal does not match when this regex is found in the message
# (a near miss that shares the words, e.g. a GPU taint listed beside "Insufficient memory").
_REGEX_FIELDS = {
    "container": ("name", "message", "not_message"),
    "event": ("message", "not_message"),
    "condition": ("message", "not_message"),
    "pod": ("message", "not_message"),
}
# Fields every signal may carry, whatever its source.
_COMMON_FIELDS = {
    "confidence",
    "component",
    "only_component",
    "role",
    "explains",
    "because",
    "unless",
    "gpu_pod",
}
# ``not_after``: the hit is dropped when one of the few lines just before it (from the same
# Logs-tab source) matches this regex with the same values for the named groups both regexes
# have: a line that explains the hit away (gunicorn's SIGKILL of the worker it just timed out).
# ``only_after``: the mirror of ``not_after``: the hit counts only when one of those lines
# matches it, for words that say what they mean only with the line pip or a tool prints first.
# ``cleared_by``: this signal's own version of the entry's ``cleared_by`` (a later line that
# means the failure it found has passed), for a wording that a different later line clears.
_MESSAGE_FIELDS = {"in", "not", "not_after", "only_after", "log_confidence", "cleared_by"}


class CatalogError(ValueError):
    """The catalog is malformed; the message names the entry and field to fix."""


@dataclass(frozen=True)
class Signal:
    """One way to detect a known error. Any one matching signal is enough.

    Besides detecting, a signal can carry what its evidence says about ranking: ``role`` and
    ``explains`` override the entry's own when this signal matched (a container restarted
    after a failed liveness probe makes the probe the cause of the crash), ``because`` says
    why in one sentence, and ``unless`` drops the hit when one of those ids is found too (a
    bare ImagePullBackOff is "image not found" unless the paste shows an auth failure).
    """

    source: str  # one of SOURCES
    confidence: str
    values: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # exact-match lists
    sources: dict[str, str] = field(default_factory=dict)  # field -> regex text
    places: tuple[str, ...] = PLACES  # message signals: where they may match
    log_confidence: str | None = None  # message signals: confidence in a free log line
    literals: tuple[str, ...] = ()  # message signals: every match contains one of them (prefilter)
    # message signals: the literal texts the regex can start with and can end with
    edges: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    components: tuple[str, ...] = ()  # only hits attributed to these (or an unknown) component
    only_components: tuple[str, ...] = ()  # only hits known to come from these components
    role: str | None = None
    explains: tuple[str, ...] = ()
    because: str | None = None
    unless: tuple[str, ...] = ()
    gpu_pod: bool = False  # only for a pod that asks for a GPU (or whose resources the paste hides)

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        """The compiled regexes, compiled on first use: most signals of a catalog are never
        needed for a given paste (their literal is absent), and compiling ~170 regexes up
        front is most of the catalog's load time in the browser."""
        return {name: re.compile(text) for name, text in self.sources.items()}

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """The regex of a ``message`` signal."""
        return self.patterns.get("text")

    def confidence_in(self, place: str) -> str:
        """The confidence of a hit found in ``place``: a free log line is one step weaker
        than a parsed message unless the signal says otherwise."""
        if place != "log":
            return self.confidence
        if self.log_confidence is not None:
            return self.log_confidence
        return CONFIDENCES[min(CONFIDENCES.index(self.confidence) + 1, len(CONFIDENCES) - 1)]


@dataclass(frozen=True)
class Step:
    text: str
    components: tuple[str, ...] = ()  # shown only for these components; () = always
    needs_facts: tuple[str, ...] = ()  # shown only when the paste gave these facts
    without_facts: tuple[str, ...] = ()  # shown only when it gave none of these

    def applies_to(self, component: str | None) -> bool:
        return not self.components or component in self.components

    def fits_facts(self, facts: dict[str, Any]) -> bool:
        """The facts the step needs are known, and none it excludes is."""
        if any(facts.get(name) in (None, "") for name in self.needs_facts):
            return False
        return not any(facts.get(name) not in (None, "") for name in self.without_facts)

    def render(self, facts: dict[str, Any]) -> str:
        """Fill ``{fact}`` / ``{fact|fallback}`` placeholders; never evaluates anything."""
        return "".join(part["text"] for part in render_step(self.text, facts))


def render_step(template: str, facts: dict[str, Any]) -> list[dict[str, Any]]:
    """A step as parts: its own text, and each ``{fact}`` / ``{fact|fallback}`` filled in.

    A fact's value is marked ``fact: True``: it came from the paste, so surfaces show it as
    plain text (no code formatting, no markup), whatever characters it holds. A missing fact
    becomes its fallback text (or its name in words), which is template text.
    """
    parts: list[dict[str, Any]] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > position:
            parts.append({"text": template[position : match.start()], "fact": False})
        value = facts.get(match.group(1))
        if value is None or value == "":
            fallback = match.group(2)
            parts.append(
                {
                    "text": fallback if fallback is not None else match.group(1).replace("_", " "),
                    "fact": False,
                }
            )
        else:
            parts.append({"text": str(value), "fact": True})
        position = match.end()
    if position < len(template):
        parts.append({"text": template[position:], "fact": False})
    return parts


@dataclass(frozen=True)
class KnownError:
    id: str
    title: str
    stage: str
    role: str
    summary: str
    meaning: str
    signals: tuple[Signal, ...]
    facts: dict[str, str]  # fact name -> label, in display order
    steps: tuple[Step, ...]
    components: tuple[str, ...] = ()
    explains: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    frequency: str = "occasional"  # one of FREQUENCIES
    # The error stops the pod from being created (a webhook, an admission policy, a quota):
    # a pod failing later in the same paste means a later attempt got past it.
    before_pod: bool = False
    # The error happens as the container starts (it cannot run the program, load the model,
    # read its config): the same line logged again at another time by one container is the
    # container started again, so the paste shows it restarting.
    at_start: bool = False
    # Request-time errors: a later line matching this regex (a request served with 200)
    # means the failure passed, so a message hit followed by one is not reported.
    cleared_by: str | None = None

    @cached_property
    def cleared_pattern(self) -> re.Pattern[str] | None:
        return re.compile(self.cleared_by) if self.cleared_by else None

    @property
    def url(self) -> str:
        """Where this error's section is on the site (one page per stage)."""
        return f"{page_for(self)}#{self.id}"


@dataclass(frozen=True)
class Catalog:
    errors: tuple[KnownError, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {error.id: error for error in self.errors})

    def get(self, error_id: str) -> KnownError:
        return self._by_id[error_id]  # type: ignore[attr-defined]

    @property
    def ids(self) -> list[str]:
        return [error.id for error in self.errors]

    @cached_property
    def literals(self) -> tuple[str, ...]:
        """Every message literal of the catalog, once each."""
        return tuple(
            dict.fromkeys(
                literal for error in self.errors for signal in error.signals for literal in signal.literals
            )
        )

    @cached_property
    def message_signals_by_literal(self) -> dict[str, tuple[int, ...]]:
        """``id()`` of the message signals each literal is a prefilter literal of."""
        found: dict[str, list[int]] = {}
        for signal in self._message_signals:
            for literal in signal.literals:
                found.setdefault(literal, []).append(id(signal))
        return {literal: tuple(ids) for literal, ids in found.items()}

    def message_signals_with_edge(self, piece: str, *, at_end: bool) -> set[int]:
        """``id()`` of the message signals whose start literals (or, ``at_end``, end
        literals) hold ``piece``: a line cut mid-word completes only these. One find per
        occurrence in all the signals' edge literals joined (a map from every run of three
        characters to its signals took 4 MB, a tenth of the browser's memory snapshot)."""
        joined, starts = self._edge_index[1 if at_end else 0]
        signals = self._message_signals
        found: set[int] = set()
        at = joined.find(piece)
        while at != -1:
            found.add(id(signals[bisect_right(starts, at) - 1]))
            at = joined.find(piece, at + 1)
        return found

    @cached_property
    def _edge_index(self) -> tuple[tuple[str, list[int]], tuple[str, list[int]]]:
        """For the start literals and the end literals: every message signal's joined in one
        string (``\\x01`` between signals, ``\\x00`` between a signal's literals, neither in any
        literal), and where each signal's part starts."""
        index = []
        for side in (0, 1):
            texts = ["\x00".join(signal.edges[side]) for signal in self._message_signals]
            starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
            index.append(("\x01".join(texts), starts))
        return index[0], index[1]

    @cached_property
    def _message_signals(self) -> tuple[Signal, ...]:
        return tuple(
            signal
            for error in self.errors
            for signal in error.signals
            if signal.source == "message" and "text" in signal.sources
        )

    def literal_parts(self, literal: str) -> tuple[str, ...]:
        """The catalog's shorter literals that ``literal`` holds ("Error: " in "ValueError: ").

        A big paste asks for each literal whether a part is known to be absent (then it is
        absent too, with no scan of the text). Worked out for every literal at once, on the
        first question: comparing every literal with every other (about 750,000 tests) was a
        tenth of a second, the first big paste's in every process; each literal looked for in
        all the literals joined costs a few milliseconds.
        """
        return self._literal_parts.get(literal, ())

    @cached_property
    def _literal_parts(self) -> dict[str, tuple[str, ...]]:
        literals = self.literals
        joined = "\x00".join(literals)  # no literal holds a NUL: no find can span two of them
        starts = list(accumulate(len(literal) + 1 for literal in literals[:-1]))
        starts.insert(0, 0)
        holders: dict[str, list[str]] = {}
        for part in literals:
            at = joined.find(part)
            while at != -1:
                holder = literals[bisect_right(starts, at) - 1]
                if len(holder) > len(part):
                    holders.setdefault(holder, []).append(part)
                at = joined.find(part, at + 1)
        return {holder: tuple(dict.fromkeys(parts)) for holder, parts in holders.items()}


# What the compiled catalog adds to each message signal: its prefilter literals and edge
# literals, worked out at build time (parsing every regex again in WebAssembly was most of
# the catalog's load time in the browser).
PREFILTER_KEY = "_prefilter"


def prefilter_of(signal: Signal) -> dict[str, list]:
    """The build-time part of a message signal, as stored in the compiled catalog."""
    leads, trails = signal.edges
    return {"literals": list(signal.literals), "edges": [list(leads), list(trails)]}


def _stored_edges(stored: list) -> tuple[tuple[str, ...], tuple[str, ...]]:
    leads, trails = stored
    return tuple(leads), tuple(trails)


def validate(entries: list[dict], *, trusted: bool = False) -> Catalog:
    """Check every entry and build the ``Catalog``; raise ``CatalogError`` on the first problem.

    ``trusted``: the entries come from the compiled catalog, whose regexes were already
    compiled and checked when it was built; only their structure is checked again.
    """
    errors = tuple(_known_error(entry, trusted) for entry in entries)
    ids = [error.id for error in errors]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CatalogError(f"duplicate ids: {', '.join(duplicates)}")
    for error in errors:
        for name, targets in (("explains", error.explains), ("related", error.related)):
            unknown = [t for t in targets if t not in ids]
            if unknown:
                raise CatalogError(f"{error.id}: {name} lists unknown ids: {', '.join(unknown)}")
    for error in errors:
        for signal in error.signals:
            unknown = [t for t in (*signal.explains, *signal.unless) if t not in ids]
            if unknown:
                raise CatalogError(f"{error.id}: a signal's explains/unless lists unknown ids: {unknown}")
    _check_acyclic(errors)
    return Catalog(errors=errors)


def _known_error(entry: dict, trusted: bool = False) -> KnownError:
    where = entry.get("id", "<entry without id>") if isinstance(entry, dict) else "<entry>"
    if not isinstance(entry, dict):
        raise CatalogError(f"{where}: an entry must be a mapping")
    allowed = {
        "id", "title", "stage", "role", "summary", "meaning", "signals", "facts", "steps",
        "components", "explains", "related", "frequency", "before_pod", "at_start",
        "cleared_by",
    }  # fmt: skip
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise CatalogError(
            f"{where}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )
    error_id = _text(entry, "id", where)
    if not _ID.fullmatch(error_id):
        raise CatalogError(f"{where}: id must be lower-case words joined by '-' (it becomes a URL anchor)")
    stage = _choice(entry, "stage", STAGES, where)
    frequency = _choice(entry, "frequency", FREQUENCIES, where, default="occasional")
    role = _choice(entry, "role", ROLES, where, default="cause")
    before_pod = entry.get("before_pod", False)
    if not isinstance(before_pod, bool):
        raise CatalogError(f"{where}: before_pod must be true or false")
    at_start = entry.get("at_start", False)
    if not isinstance(at_start, bool):
        raise CatalogError(f"{where}: at_start must be true or false")
    if not isinstance(entry.get("cleared_by", ""), str):
        raise CatalogError(f"{where}: cleared_by must be a regex string")
    signals_data = entry.get("signals")
    if not isinstance(signals_data, list) or not signals_data:
        raise CatalogError(f"{where}: signals must be a non-empty list")
    signals = tuple(_signal(item, f"{where}: signals[{n}]", trusted) for n, item in enumerate(signals_data))
    facts = entry.get("facts") or {}
    if not isinstance(facts, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in facts.items()
    ):
        raise CatalogError(f"{where}: facts must map fact names to labels")
    steps_data = entry.get("steps")
    if not isinstance(steps_data, list) or not steps_data:
        raise CatalogError(f"{where}: steps must be a non-empty list")
    steps = tuple(_step(item, f"{where}: steps[{n}]") for n, item in enumerate(steps_data))
    return KnownError(
        id=error_id,
        title=_text(entry, "title", where),
        stage=stage,
        role=role,
        summary=_text(entry, "summary", where).strip(),
        meaning=_text(entry, "meaning", where).strip(),
        signals=signals,
        facts=dict(facts),
        steps=steps,
        components=_strings(entry, "components", where),
        explains=_strings(entry, "explains", where),
        related=_strings(entry, "related", where),
        frequency=frequency,
        before_pod=before_pod,
        at_start=at_start,
        cleared_by=(
            _regex(entry["cleared_by"], f"{where}.cleared_by", trusted) if entry.get("cleared_by") else None
        ),
    )


def _signal(item: Any, where: str, trusted: bool = False) -> Signal:
    if not isinstance(item, dict):
        raise CatalogError(f"{where}: a signal must be a mapping")
    sources = [key for key in item if key in SOURCES]
    if len(sources) != 1:
        raise CatalogError(f"{where}: a signal needs exactly one of {', '.join(SOURCES)}")
    source = sources[0]
    allowed = _COMMON_FIELDS | ({*_MESSAGE_FIELDS} if source == "message" else set())
    if trusted:
        allowed = allowed | {PREFILTER_KEY}
    extra = sorted(set(item) - {source} - allowed)
    if extra:
        raise CatalogError(
            f"{where}: unknown signal field(s) {', '.join(extra)}; allowed: {', '.join(sorted(allowed))}"
        )
    confidence = _choice(item, "confidence", CONFIDENCES, where, default="high")
    common: dict[str, Any] = {
        "confidence": confidence,
        "components": _strings(item, "component", where),
        "only_components": _strings(item, "only_component", where),
        "role": _choice(item, "role", (*ROLES, None), where, default=None),
        "explains": _strings(item, "explains", where),
        "because": _optional_text(item, "because", where),
        "unless": _strings(item, "unless", where),
        "gpu_pod": _flag(item, "gpu_pod", where),
    }
    body = item[source]
    if source == "message":
        if not isinstance(body, str) or not body:
            raise CatalogError(f"{where}: message must be a regex string")
        prefilter = item.get(PREFILTER_KEY) if trusted else None
        literals = tuple(prefilter["literals"]) if prefilter else required_literals(body)
        if literals is None:
            raise CatalogError(
                f"{where}: the message regex {body!r} has no literal text of 3+ characters that every "
                "match contains, outside repeats and ignore-case (for a top-level alternation: one in each "
                "branch); the engine needs one to skip lines fast. Split alternatives into separate signals."
            )
        places = _strings(item, "in", where) or PLACES
        unknown = [p for p in places if p not in PLACES]
        if unknown:
            raise CatalogError(f"{where}: in lists unknown places {unknown}; use {', '.join(PLACES)}")
        regexes = {"text": _regex(body, f"{where}.message", trusted)}
        if "not" in item:
            if not isinstance(item["not"], str):
                raise CatalogError(f"{where}: not must be a regex string")
            regexes["not"] = _regex(item["not"], f"{where}.not", trusted)
        for field in ("not_after", "only_after"):
            if field in item:
                if not isinstance(item[field], str):
                    raise CatalogError(f"{where}: {field} must be a regex string")
                regexes[field] = _regex(item[field], f"{where}.{field}", trusted)
        if "cleared_by" in item:
            if not isinstance(item["cleared_by"], str):
                raise CatalogError(f"{where}: cleared_by must be a regex string")
            regexes["cleared_by"] = _regex(item["cleared_by"], f"{where}.cleared_by", trusted)
        log_confidence = item.get("log_confidence")
        if log_confidence is not None and log_confidence not in CONFIDENCES:
            raise CatalogError(f"{where}: log_confidence must be one of {', '.join(CONFIDENCES)}")
        return Signal(
            source=source,
            sources=regexes,
            places=tuple(places),
            log_confidence=log_confidence,
            literals=literals,
            edges=_stored_edges(prefilter["edges"]) if prefilter else edge_literals(body),
            **common,
        )
    if not isinstance(body, dict) or not body:
        raise CatalogError(f"{where}: {source} must be a mapping of fields to match")
    values: dict[str, tuple[Any, ...]] = {}
    regexes = {}
    for name, value in body.items():
        if name in _LIST_FIELDS[source]:
            expected = _LIST_FIELDS[source][name]
            listed = value if isinstance(value, list) else [value]
            if not listed or not all(isinstance(v, expected) and not isinstance(v, bool) for v in listed):
                raise CatalogError(f"{where}: {source}.{name} must be a list of {expected.__name__}")
            values[name] = tuple(listed)
        elif name in _REGEX_FIELDS[source]:
            if not isinstance(value, str):
                raise CatalogError(f"{where}: {source}.{name} must be a regex string")
            regexes[name] = _regex(value, f"{where}.{source}.{name}", trusted)
        else:
            fields = sorted([*_LIST_FIELDS[source], *_REGEX_FIELDS[source]])
            raise CatalogError(f"{where}: {source} has no field {name!r}; use {', '.join(fields)}")
    return Signal(source=source, values=values, sources=regexes, **common)


def _flag(entry: dict, name: str, where: str) -> bool:
    value = entry.get(name, False)
    if not isinstance(value, bool):
        raise CatalogError(f"{where}: {name} must be true or false")
    return value


def _optional_text(entry: dict, name: str, where: str) -> str | None:
    value = entry.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: {name} must be text")
    return value.strip()


def _regex(text: str, where: str, trusted: bool = False) -> str:
    """The regex text, after checking it compiles and keeps to the linear-time rules."""
    if trusted:
        return text
    try:
        check_linear(text)
        re.compile(text)
    except RegexRuleError as problem:
        raise CatalogError(f"{where}: {problem}") from None
    except re.error as problem:
        raise CatalogError(f"{where}: not a valid regex: {problem}") from None
    return text


def _step(item: Any, where: str) -> Step:
    if isinstance(item, str):
        return Step(text=item.strip())
    if isinstance(item, dict) and isinstance(item.get("text"), str):
        when = item.get("when") or {}
        extra = sorted(set(item) - {"text", "when"}) + sorted(set(when) - {"component", "fact", "no_fact"})
        if extra:
            raise CatalogError(f"{where}: unknown step field(s) {', '.join(extra)}")
        for key in ("component", "fact", "no_fact"):
            value = when.get(key, [])
            if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
                raise CatalogError(f"{where}: when.{key} must be a list of names")
        return Step(
            text=item["text"].strip(),
            components=tuple(when.get("component", [])),
            needs_facts=tuple(when.get("fact", [])),
            without_facts=tuple(when.get("no_fact", [])),
        )
    raise CatalogError(f"{where}: a step is a string or a mapping with text (and when)")


def _text(entry: dict, name: str, where: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: {name} is required and must be text")
    return value


def _choice(entry: dict, name: str, choices: tuple[str, ...], where: str, default: str | None = None) -> str:
    value = entry.get(name, default)
    if value not in choices:
        raise CatalogError(f"{where}: {name} must be one of {', '.join(choices)} (got {value!r})")
    return value


def _strings(entry: dict, name: str, where: str) -> tuple[str, ...]:
    value = entry.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogError(f"{where}: {name} must be a list of strings")
    return tuple(value)


def _check_acyclic(errors: tuple[KnownError, ...]) -> None:
    """``explains`` must form a DAG, or "root cause first" would have no answer."""
    graph = {error.id: error.explains for error in errors}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        if state.get(node) == 2:
            return
        if state.get(node) == 1:
            cycle = " -> ".join([*path[path.index(node) :], node])
            raise CatalogError(f"explains has a cycle: {cycle}")
        state[node] = 1
        for target in graph.get(node, ()):
            visit(target, [*path, node])
        state[node] = 2

    for node in graph:
        visit(node, [])
