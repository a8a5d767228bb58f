"""Match the catalog's signals against the facts and the text of a paste.

Each signal that matches produces a ``Hit``: the lines that prove it, the facts it read,
the component it points at, the place it was found in and the confidence that place
gives it. Structured signals (container states, events, conditions, the pod) read the
parsed facts. ``message`` signals are tried on every place text appears: the parsed
messages (error lines, events, conditions, container states, the pod) and every free line
of the paste. Free-line scanning is the only part whose cost grows with the paste, so it
skips every line that lacks the signal's required literal using ``str.find`` (C speed) and
runs the regex only on the lines left, on a bounded window of very long lines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from itertools import accumulate, islice
from typing import Any

from diagnoser.catalog.schema import CONFIDENCES, Catalog, KnownError, Signal
from diagnoser.model import (
    COMPONENT_MODEL,
    COMPONENT_STORAGE_INITIALIZER,
    COMPONENT_TRANSFORMER,
    COMPONENT_UNKNOWN,
    Condition,
    Container,
    ContainerState,
    Event,
    Facts,
    component_of,
    in_spans,
)
from diagnoser.normalise import Document, starts_of_lines_holding, starts_of_lines_holding_from_end
from diagnoser.not_output import LONG_LINE, inside_data, line_is_not_output
from diagnoser.views import continued_exception, decode_escapes

# A signal that matches very often (a noisy log) needs no more than a few lines of proof.
MAX_LINES_PER_SIGNAL = 5
# On a line longer than ``LONG_LINE`` (``not_output``, whose checks stop there too), a regex
# is run only around each occurrence of its literal: a 5 MB minified line must not cost a
# bounded-repeat search from every position.
_WINDOW = 1_200  # wider than any bounded part of a catalog regex around its literal
MAX_WINDOWS = 16
# A line this long is not a log line a person wrote or read: a hit in it is weak evidence.
ABSURD_LINE = 65_536


@dataclass
class Hit:
    """One signal matching once: the proof behind (part of) a finding."""

    signal: Signal
    lines: list[int]
    facts: dict[str, Any] = field(default_factory=dict)
    component: str | None = None
    place: str = "log"
    confidence: str = "high"


@dataclass(slots=True)
class Place:
    """A parsed message a ``message`` signal is tried on."""

    place: str  # error | event | condition | container | pod
    text: str
    lines: list[int]
    component: str | None
    facts: dict[str, Any]


class Matcher:
    """Matches catalog entries against one analysed paste.

    Built once per analysis: it collects the parsed messages once (``places``), and caches
    the lines holding each required literal, since several signals often need the same one.
    """

    def __init__(self, doc: Document, facts: Facts, catalog: Catalog | None = None) -> None:
        """``catalog``: the catalog whose signals will be tried. Its literal parts let a big
        paste skip the scan of a literal that holds a shorter literal found absent; its
        literals and their signals let a small paste find, before any signal is tried, the
        only message signals that can match it."""
        self.doc = doc
        self.facts = facts
        parts = catalog.literal_parts if catalog is not None else _no_parts
        self.places = _places(facts)
        # All places' text in one string (one place a line) for the literal prefilter.
        self._place_text = "\n".join(place.text.replace("\n", " ") for place in self.places)
        self._place_starts = list(accumulate([0, *(len(place.text) + 1 for place in self.places[:-1])]))
        self._place_literals = _LiteralLines(self._place_text, self._place_index, parts)
        # Each container's component, worked out once (every container signal needs it).
        self._components = {name: c.component for name, c in facts.containers.items()}
        self._claimed = in_spans(facts.claimed)
        self._literal_lines = _LiteralLines(doc.text, doc.line_of, parts)
        view = facts.view
        self._view_literal_lines = (
            _LiteralLines(view.text, view.index_of, parts) if view is not None else None
        )
        haystacks = [self._place_text, doc.text] + ([view.text] if view is not None else [])
        self._big = sum(map(len, haystacks)) >= SUBSUME_ABOVE_CHARS
        # A small paste's texts in one string: one C scan per literal, no Python loop (no
        # literal holds a NUL, so none is found across two of them).
        self._haystack = "" if self._big else "\x00".join(haystacks)
        self._present: dict[str, bool] = {}
        # id() of the only message signals a small paste can match: those with a literal it
        # holds, or with a first or last word a cut line can complete. Found once, from the
        # catalog's indexes (trying each of 600 signals in turn was a third of a History
        # message's analysis); None: every signal is tried.
        self._live: set[int] | None = None
        if catalog is not None and not self._big:
            self._present = _present_literals(self._haystack, catalog.literals)
            self._live = self._live_signals(catalog)

    def _live_signals(self, catalog: Catalog) -> set[int]:
        by_literal = catalog.message_signals_by_literal
        live: set[int] = set()
        for literal in self._present:
            live.update(by_literal.get(literal, ()))
        if self._cut_lines:
            heads, tails = self._cut_ends
            for head in set(heads):
                live.update(catalog.message_signals_with_edge(head, at_end=False))
            for tail in set(tails):
                live.update(catalog.message_signals_with_edge(tail, at_end=True))
        return live

    # ------------------------------------------------------------------ entry point
    def hits(self, error: KnownError) -> list[Hit]:
        found: list[Hit] = []
        live = self._live
        for signal in error.signals:
            if live is not None and signal.source == "message" and id(signal) not in live:
                continue  # none of its literals is in this small paste, and no cut word completes it
            if signal.gpu_pod and self.facts.requests_gpu is False:
                continue  # the paste shows the pod's resources, and no GPU among them
            allowed = signal.components or error.components
            for hit in self._match(signal):
                if signal.only_components and hit.component not in signal.only_components:
                    continue  # a generic message that means this error only in that component
                if _component_allowed(allowed, hit.component):
                    found.append(hit)
        return found

    def _match(self, signal: Signal) -> list[Hit]:
        if signal.source == "message":
            return self._message(signal)
        if signal.source == "container":
            return self._containers(signal)
        if signal.source == "event":
            return self._events(signal)
        if signal.source == "condition":
            return self._conditions(signal)
        return self._pod(signal)

    # ------------------------------------------------------------------ structured
    def _containers(self, signal: Signal) -> list[Hit]:
        hits = []
        for container, component, state in _by_reason(*self._live_states, signal):
            if not _state_matches(signal, container, state, component):
                continue
            groups = _search_groups(signal.patterns.get("message"), state.message)
            facts = {**container_facts(container, state, component), **groups}
            lines = [n for n in (state.line, container.line) if n is not None][:1]
            hits.append(_hit(signal, lines, facts, component, "container"))
            if len(hits) >= MAX_LINES_PER_SIGNAL:
                return hits  # enough proof; a paste of 10,000 crash-looping containers says no more
        return hits

    @cached_property
    def _live_states(
        self,
    ) -> tuple[list[tuple[Container, str | None, ContainerState]], dict[str | None, list[int]]]:
        """(container, component, state) of every state that is not history, in paste order,
        and their positions by reason: a signal for one reason looks only at its states."""
        rows = []
        for container in self.facts.containers.values():
            component = self._components.get(container.name) or container.component
            rows.extend((container, component, state) for state in container.states if not state.history)
        return rows, _positions_by(rows, lambda row: row[2].reason)

    @cached_property
    def _live_events(self) -> tuple[list[Event], dict[str | None, list[int]]]:
        """Events that are not stale, in paste order, and their positions by reason."""
        events = [event for event in self.facts.events if not event.stale]
        return events, _positions_by(events, lambda event: event.reason)

    def _events(self, signal: Signal) -> list[Hit]:
        hits = []
        for event in _by_reason(*self._live_events, signal):
            if not _event_matches(signal, event):
                continue
            groups = _search_groups(signal.patterns.get("message"), event.message)
            facts, component = self._event_facts(event, groups)
            hits.append(_hit(signal, [event.line] if event.line else [], facts, component, "event"))
            if len(hits) >= MAX_LINES_PER_SIGNAL:
                break
        return hits

    def _event_facts(self, event: Event, groups: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
        facts: dict[str, Any] = {
            "event_reason": event.reason,
            "event_message": event.message,
            "count": event.count,
            "object": event.object,
            **groups,
        }
        container = container_named_in(self.facts, event.message, groups)
        component = container.component if container else _component_named(groups)
        if container:
            facts = {**container_facts(container, None, component), **facts}
        return facts, component

    def _conditions(self, signal: Signal) -> list[Hit]:
        hits = []
        for condition in self.facts.conditions:
            if condition.stale or not _condition_matches(signal, condition):
                continue
            groups = _search_groups(signal.patterns.get("message"), condition.message)
            facts = condition_facts(condition) | groups
            lines = [condition.line] if condition.line else []
            component = condition_component(condition) or self.facts.error_component
            hits.append(_hit(signal, lines, facts, component, "condition"))
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
        return [_hit(signal, [facts.pod_line] if facts.pod_line else [], {**found, **groups}, None, "pod")]

    # ------------------------------------------------------------------ messages
    def _message(self, signal: Signal) -> list[Hit]:
        """A message signal's hits. Its regexes are compiled only once one of its literals is
        found (``Signal.patterns`` compiles on first use): most signals never are, and
        compiling them is most of a first analysis in WebAssembly."""
        literals = signal.literals
        if "text" not in signal.sources or not literals:
            return []
        hits: list[Hit] = []
        if not any(map(self._anywhere, literals)):
            # None of the signal's literals is anywhere: only a cut line could still match.
            if signal.edges != ((), ()) and self._cut_lines:
                hits.extend(self._cut_hits(signal))
            return hits
        for index in self._places_with(literals):
            place = self.places[index]
            if place.place not in signal.places:
                continue
            if place.place == "error" and self.facts.before_successful_push(place.lines[0]):
                continue  # an error line of a build that then pushed its image
            # The prefilter text joins a place's lines with spaces: a literal found across
            # one of its line breaks ("error:" at a line's end) is not in the place itself.
            literal = next((lit for lit in literals if lit in place.text), None)
            if literal is None:
                continue
            pattern, unwanted = _regexes(signal)
            match = _search(pattern, place.text, literal)
            if match is None or (unwanted is not None and unwanted.search(place.text)):
                continue
            facts = {**place.facts, **_groups(match)}
            component = place.component or _component_named(facts)
            hits.append(_hit(signal, list(place.lines), facts, component, place.place))
        if "log" in signal.places:
            for literal in literals:
                hits.extend(self._free_lines(signal, literal, len(hits)))
                if len(hits) >= MAX_LINES_PER_SIGNAL:
                    break
        if not hits and signal.edges != ((), ()) and self._cut_lines:
            hits.extend(self._cut_hits(signal))
        return hits

    @cached_property
    def _cut_lines(self) -> list[tuple[int, str, bool, bool]]:
        """(line, text, starts cut, ends cut) of the lines a mouse selection may have cut in a
        word: the first and last line of the paste and of its paragraphs, when one starts
        with a lower-case letter or ends with a letter."""
        doc = self.doc
        text = doc.text
        edges = [0]
        for count, blank in enumerate(_BLANK_LINE.finditer(text)):
            if count >= MAX_CUT_PARAGRAPHS:
                break
            edges.append(blank.start())
            edges.append(blank.end())
        edges.append(len(text.rstrip("\n")))
        found: dict[int, tuple[int, str, bool, bool]] = {}
        for offset in edges:
            line = doc.line_of(min(offset, max(len(text) - 1, 0)))
            body = doc.line(line).strip()
            starts = body[:1].islower()
            ends = body[-1:].isalpha()
            if starts or ends:
                _, _, had_start, had_end = found.get(line, (line, body, False, False))
                found[line] = (line, body, starts or had_start, ends or had_end)
        return sorted(found.values())

    @cached_property
    def _cut_ends(self) -> tuple[list[str], list[str]]:
        """The first and the last ``MIN_SEEN`` characters of every cut line and cut place:
        a signal none of whose start or end literals holds one of them completes none."""
        heads = [text[:MIN_SEEN] for _line, text, starts, _ends in self._cut_lines if starts]
        tails = [text[-MIN_SEEN:] for _line, text, _starts, ends in self._cut_lines if ends]
        tails += [place.text[-MIN_SEEN:] for place in self._cut_places]
        return heads, tails

    @cached_property
    def _cut_places(self) -> list[Place]:
        """The parsed messages that end where a cut line ends (a YAML or
        JSON waiting message cut mid-word at the end of the paste: ``... 401 Unauth``)."""
        bodies = [text for _line, text, _starts, ends in self._cut_lines if ends]
        if not bodies:
            return []
        return [place for place in self.places if any(place.text.rstrip().endswith(body) for body in bodies)]

    def _cut_hits(self, signal: Signal) -> list[Hit]:
        """Hits on lines cut mid-word, matched after completing the signal's own first or last
        words (``ded quota: ...`` is ``exceeded quota: ...``); never above medium confidence."""
        leads, trails = signal.edges
        lead_text, trail_text = "\x00".join(leads), "\x00".join(trails)
        heads, tails = self._cut_ends
        if not any(head in lead_text for head in heads) and not any(tail in trail_text for tail in tails):
            return []  # no cut word is inside one of the signal's first or last words
        hits = []
        for place in self._cut_places:
            # A parsed message the paste ends in, cut: only its end can be completed (its
            # start is where the structure put it).
            if place.place not in signal.places or not trails:
                continue
            match = _completed_match(signal, place.text, ((), trails))
            if match is not None:
                facts = {**place.facts, **_groups(match)}
                hits.append(_hit(signal, list(place.lines), facts, place.component, place.place))
        for line, text, starts, ends in self._cut_lines if "log" in signal.places else ():
            if self.claimed(line) or self.facts.before_successful_push(line) or line_is_not_output(text):
                continue
            edges = (leads if starts else (), trails if ends else ())
            match = _completed_match(signal, text, edges)
            if match is None:
                continue
            facts = _groups(match)
            component = self.facts.component_at(line) or _component_named(facts)
            hits.append(_hit(signal, [line], facts, component, "log"))
        for hit in hits:  # words put back are weaker proof than words pasted
            if hit.confidence == "high":
                hit.confidence = "medium"
        return hits

    def _free_lines(self, signal: Signal, literal: str, had: int) -> list[Hit]:
        hits: list[Hit] = []
        seen: set[int] = set()
        if had >= MAX_LINES_PER_SIGNAL:
            return hits
        for line, text in self._free_candidates(literal):
            if line in seen or self.claimed(line) or self.facts.before_successful_push(line):
                continue
            pattern, unwanted = _regexes(signal)
            match = _search(pattern, text, literal)
            if match is None or (unwanted is not None and unwanted.search(text)):
                continue
            if line_is_not_output(text) or inside_data(text, match.start()):
                continue  # a command, a comment, an alert rule, a payload: words about errors
            seen.add(line)
            facts = _groups(match)
            container = self.facts.container_at(line)
            if container:
                facts.setdefault("container", container)
            component = self.facts.component_at(line) or _component_named(facts)
            hit = _hit(signal, [line], facts, component, "log")
            if len(text) > ABSURD_LINE:
                hit.confidence = "low"
            hits.append(hit)
            if had + len(hits) >= MAX_LINES_PER_SIGNAL:
                break
        return hits

    def _anywhere(self, literal: str) -> bool:
        """Whether ``literal`` is in the paste, its parsed messages or its decoded view: one
        cached C scan per literal, so a signal whose words are nowhere costs a dict lookup."""
        if self._big:
            return True  # a big paste: _LiteralLines' subsumption skips most scans instead
        known = self._present.get(literal)
        if known is None:
            known = False if self._live is not None else literal in self._haystack
            self._present[literal] = known
        return known

    def _places_with(self, literals: tuple[str, ...]) -> list[int]:
        """Indices of the places holding one of ``literals``, in order: one C-speed scan of
        all places' text per literal instead of a Python test per place and signal. Like
        lines, a literal in more than ``MAX_TRIES`` places is tried on the first and last."""
        found: set[int] = set()
        for literal in literals:
            found.update(self._place_literals.holding(literal))
        return sorted(found)

    def _place_index(self, offset: int) -> int:
        return bisect_right(self._place_starts, offset) - 1

    def _free_candidates(self, literal: str):
        """(line, text) of every line holding ``literal``: the paste's own normalised lines,
        then the decoded / joined views of lines that had escapes or were wrapped."""
        doc = self.doc
        for line in self._lines_with(literal):
            yield line, doc.line(line)
        view = self.facts.view
        if view is None:
            return
        for index in self._view_lines_with(literal):
            yield view.line_of_index(index), view.line_text(index)

    def _lines_with(self, literal: str) -> list[int]:
        return self._literal_lines.holding(literal)

    def _view_lines_with(self, literal: str) -> list[int]:
        assert self._view_literal_lines is not None
        return self._view_literal_lines.holding(literal)

    def claimed(self, line: int) -> bool:
        """True when ``line`` was read as structure (its text is matched through its facts)."""
        return self._claimed(line)


# ---------------------------------------------------------------------- places
MAX_PLACES = 5_000


def _places(facts: Facts) -> list[Place]:
    """Every distinct parsed message of the paste, once, with the facts its place provides.

    The same message repeated (a History line pasted 20,000 times, a crash loop's identical
    terminations) is one place with its first lines as evidence, so matching costs the
    number of distinct messages, not the number of lines.
    """
    places = _PlaceList()
    for line, text in facts.error_lines:
        # A History first line names its component in words; any other error line is
        # attributed like a log line (the Logs-tab container, the builder's output).
        component = facts.error_component if line == facts.error_line else facts.component_at(line)
        container = facts.container_at(line)
        context = {"container": container} if container else {}
        places.append(Place("error", text, [line], component, context))
    for event in facts.events:
        if event.stale or not event.message:
            continue
        container = container_named_in(facts, event.message, {})
        component = container.component if container else None
        context: dict[str, Any] = {
            "event_reason": event.reason,
            "event_message": event.message,
            "count": event.count,
            "object": event.object,
        }
        if container:
            context = {**container_facts(container, None, component or COMPONENT_UNKNOWN), **context}
        places.append(Place("event", event.message, [event.line] if event.line else [], component, context))
    for condition in facts.conditions:
        if condition.stale or not condition.message:
            continue
        lines = [condition.line] if condition.line else []
        component = condition_component(condition) or facts.error_component
        context = condition_facts(condition)
        places.append(Place("condition", condition.message, lines, component, context))
        if "\n" in condition.message:  # a message holding a termination message: each line too
            for part in condition.message.split("\n")[1:]:
                if part.strip():
                    places.append(Place("condition", part.strip(), lines, component, context))
    for container in facts.containers.values():
        component = container.component
        for state in container.states:
            if state.history or not state.message:
                continue
            lines = [n for n in (state.message_line or state.line,) if n is not None]
            context = container_facts(container, state, component)
            parts = state.message.split("\n")
            for offset, part in enumerate(parts):
                here = [lines[0] + offset] if lines and state.message_line else lines
                if part.strip():
                    places.append(Place("container", part, here, component, context))
                joined = continued_exception(parts, offset)
                if joined is not None:  # "ImportError: " alone, its message on the next line
                    places.append(Place("container", joined, here, component, context))
    terminated = facts.terminated_container
    component = component_of(terminated) if terminated else None
    context = {"container": terminated} if terminated else {}
    termination = [text for _, text in facts.termination_message]
    for index, (line, text) in enumerate(facts.termination_message):
        if text.strip():
            places.append(Place("container", text, [line], component, context))
        joined = continued_exception(termination, index)
        if joined is not None:
            places.append(Place("container", joined, [line], component, context))
    if facts.pod_message:
        context = {"pod": facts.pod_name, "pod_reason": facts.pod_reason, "pod_message": facts.pod_message}
        places.append(
            Place("pod", facts.pod_message, [facts.pod_line] if facts.pod_line else [], None, context)
        )
    return places.items


class _PlaceList:
    """Places with repeats merged: (place, text, component) once, its first lines kept."""

    def __init__(self) -> None:
        self.items: list[Place] = []
        self._seen: dict[tuple[str, str, str | None], Place] = {}

    def append(self, place: Place) -> None:
        """Adds ``place`` and, when its text holds escapes, the same place decoded: a runtime
        error nested in a parsed message keeps its own quoting (runc's logrus line inside the
        kubelet's event, ``msg="... exec: \\"serve\\": executable file not found"``), and the
        catalog writes a message once, with plain quotes. Parsed lines are claimed, so the
        decoded text view never covers them."""
        self._append(place)
        if "\\" in place.text:
            decoded = decode_escapes(place.text)
            if decoded != place.text:
                self._append(replace(place, text=decoded, lines=list(place.lines)))

    def _append(self, place: Place) -> None:
        key = (place.place, place.text, place.component)
        seen = self._seen.get(key)
        if seen is not None:
            if len(seen.lines) < MAX_LINES_PER_SIGNAL:
                seen.lines.extend(line for line in place.lines if line not in seen.lines)
            return
        if len(self.items) < MAX_PLACES:
            self._seen[key] = place
            self.items.append(place)


# ---------------------------------------------------------------------- helpers
def _hit(signal: Signal, lines: list[int], facts: dict[str, Any], component: str | None, place: str) -> Hit:
    return Hit(signal, lines, facts, component, place, signal.confidence_in(place))


def _component_allowed(allowed: tuple[str, ...], component: str | None) -> bool:
    """A hit attributed to a known component the signal (or else its entry) does not list
    is ignored: an image-builder phrase inside a model's request log is not a build failure,
    a model's ModuleNotFoundError inside pip's build output is not a model load error."""
    if not allowed or component in (None, COMPONENT_UNKNOWN):
        return True
    return component in allowed


# A literal found on more lines than this is tried on the first and the last half of them:
# a log repeating a near miss 100,000 times must not cost 100,000 regex runs per signal.
MAX_TRIES = 2_000


def _positions_by(items: list, key: Callable[[Any], str | None]) -> dict[str | None, list[int]]:
    positions: dict[str | None, list[int]] = {}
    for index, item in enumerate(items):
        positions.setdefault(key(item), []).append(index)
    return positions


def _by_reason(items: list, positions: dict[str | None, list[int]], signal: Signal) -> list:
    """The items a signal can match: all of them, or, when it names reasons, only those with
    one of its reasons (in paste order), so 10,000 containers cost nothing to a signal
    whose reason none of them has."""
    reasons = signal.values.get("reason")
    if reasons is None:
        return items
    picked = sorted(index for reason in reasons for index in positions.get(reason, ()))
    return [items[index] for index in picked]


SUBSUME_ABOVE_CHARS = 128 * 1024


def _no_parts(_literal: str) -> tuple[str, ...]:
    return ()


class _LiteralLines:
    """The lines of one text that hold each literal, found once per literal.

    A whole-text scan per literal was most of the matcher's cost on a big paste, and most
    literals are absent from it. So a big text is first reduced to its words: the distinct
    runs of four or more letters it holds, joined in one short string. Every letter run of a
    literal lies inside one letter run of any text that holds the literal, so a literal with
    a word missing from that string is absent, answered without touching the text (a
    realistic 1 MB log has a few thousand distinct words, a hostile one a handful). Likewise
    a literal that holds a shorter literal already known to be absent (the catalog's
    literals often extend one another: "Error: " and "ValueError: "). A small text is
    scanned outright: that costs less than indexing it.
    """

    def __init__(
        self,
        text: str,
        line_of: Callable[[int], int],
        parts: Callable[[str], tuple[str, ...]] | None = None,
    ) -> None:
        self.text = text
        self.line_of = line_of
        self.found: dict[str, list[int]] = {}
        self.absent: set[str] = set()
        self.parts = parts or _no_parts
        self.subsume = len(text) >= SUBSUME_ABOVE_CHARS
        self._words: str | None = None

    @property
    def words(self) -> str:
        """The text's distinct letter runs of four or more, one a line (built on first use)."""
        if self._words is None:
            self._words = "\n".join(_letter_runs(self.text))
        return self._words

    def _word_absent(self, literal: str) -> bool:
        words = self.words
        return any(word not in words for word in _words_of(literal))

    def holding(self, literal: str) -> list[int]:
        cached = self.found.get(literal)
        if cached is not None:
            return cached
        if self.subsume and any(part in self.absent for part in self.parts(literal)):
            lines: list[int] = []  # holds a literal known to be absent: no scan at all
        elif self.subsume and self._word_absent(literal):
            lines = []  # holds a word the text lacks: no scan either
            self.absent.add(literal)
        elif literal not in self.text:
            lines = []  # absent: one C scan, none of the line-finding machinery
            if self.subsume:
                self.absent.add(literal)
        else:
            lines = _head_and_tail_holding(self.text, literal, self.line_of)
            if not lines:
                self.absent.add(literal)
        self.found[literal] = lines
        return lines


# A letter run the word index keeps: shorter runs ("pod", "the") are in every text.
_WORD_RUN = re.compile(r"[A-Za-z]{4,}")
_LITERAL_WORDS: dict[str, tuple[str, ...]] = {}
# The longest literal word the index answers for: a longer one is looked for in the text.
MAX_INDEXED_WORD = 64


def _letter_runs(text: str) -> set[str]:
    """The text's distinct letter runs of four or more. A run longer than two indexed words
    is kept as overlapping pieces (each ``2 * MAX_INDEXED_WORD`` letters, one every
    ``MAX_INDEXED_WORD``): every word up to that length inside it is inside one piece, and a
    megabyte of one repeated letter is one piece, not a megabyte to scan for every word."""
    runs = set(_WORD_RUN.findall(text))
    span = 2 * MAX_INDEXED_WORD
    for run in [run for run in runs if len(run) > span]:
        runs.discard(run)
        last = len(run) - MAX_INDEXED_WORD
        runs.update(run[start : start + span] for start in range(0, last, MAX_INDEXED_WORD))
    return runs


def _present_literals(text: str, literals: tuple[str, ...]) -> dict[str, bool]:
    """The ``literals`` that ``text`` holds (each mapped to True). Each distinct word of the
    literals is looked for once in the text's word index; only a literal with all its words
    there is looked for in the text itself."""
    index = "\n".join(_letter_runs(text))
    words = {word for word in _all_words(literals) if word in index}
    return {literal: True for literal in literals if words.issuperset(_words_of(literal)) and literal in text}


@lru_cache(maxsize=4)
def _all_words(literals: tuple[str, ...]) -> frozenset[str]:
    return frozenset(word for literal in literals for word in _words_of(literal))


def _words_of(literal: str) -> tuple[str, ...]:
    """A literal's letter runs of four or more, longest first (the likeliest to be absent)."""
    words = _LITERAL_WORDS.get(literal)
    if words is None:
        found = {word for word in _WORD_RUN.findall(literal) if len(word) <= MAX_INDEXED_WORD}
        words = _LITERAL_WORDS[literal] = tuple(sorted(found, key=len, reverse=True))
    return words


def _head_and_tail_holding(text: str, literal: str, line_of: Callable[[int], int]) -> list[int]:
    """The first and the last ``MAX_TRIES // 2`` lines holding ``literal``: where a failure
    shows in a long log (its start, its end). The middle of a log that holds the literal on
    every line is never scanned."""
    half = MAX_TRIES // 2
    head = list(islice(starts_of_lines_holding(text, literal), half))
    if len(head) < half:
        return [line_of(start) for start in head]
    last = head[-1]
    tail = [start for start in islice(starts_of_lines_holding_from_end(text, literal), half) if start > last]
    return [line_of(start) for start in head + tail[::-1]]


def _regexes(signal: Signal) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """A message signal's regex and its ``not`` regex, compiled on the first call."""
    patterns = signal.patterns
    return patterns["text"], patterns.get("not")


def _search(pattern: re.Pattern[str], text: str, literal: str) -> re.Match[str] | None:
    """``pattern.search(text)``, but only around the literal on a very long line.

    On a long line the regex runs in a window around each of the first
    ``MAX_WINDOWS`` occurrences of its literal: the cost stays bounded whatever the line.
    """
    if len(text) <= LONG_LINE:
        return pattern.search(text)
    position = text.find(literal)
    windows = 0
    while position != -1 and windows < MAX_WINDOWS:
        windows += 1
        begin = max(0, position - _WINDOW)
        match = pattern.search(text, begin, min(len(text), position + len(literal) + _WINDOW))
        if match is not None:
            return match
        position = text.find(literal, position + len(literal) + _WINDOW)
    return None


MAX_CUT_PARAGRAPHS = 20
MIN_SEEN = 3  # characters of a cut word that must be left to complete it
MIN_MATCHED_CHARS = 12  # a completed line's match must cover this much of the pasted text
MIN_CONFIRMED_CHARS = 10  # ... and hold this many characters of the signal's own literals
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _completed_match(
    signal: Signal, text: str, edges: tuple[tuple[str, ...], tuple[str, ...]]
) -> re.Match[str] | None:
    """The signal's match on ``text`` completed with the first of its start and end
    literals that makes it match (a signal may start with one of several words). Its
    regexes are compiled only once a completion has the signal's own words.

    The start and the end are completed apart (each literal tried once), then combined:
    a signal with many start and end words costs their sum, not their product."""
    leads, trails = edges
    heads = [found for lead in leads if (found := _completed_head(text, lead)) is not None]
    tails = [found for trail in trails if (found := _completed_tail(text, trail)) is not None]
    if not heads and not tails:
        return None
    whole = max((len(literal) for literal in signal.literals if literal in text), default=0)
    for prefix, seen_head in heads or [("", 0)]:
        for suffix, seen_tail in tails or [("", 0)]:
            completed = prefix + text + suffix
            # The signal's own words must be there: the part of its literals left in the
            # cut line, with its prefilter literal when that is whole ("re available" is
            # not the end of "... for architecture" with one word of evidence).
            if min(seen_head + seen_tail, len(text)) + whole < MIN_CONFIRMED_CHARS:
                continue
            pattern, unwanted = _regexes(signal)
            match = pattern.search(completed)
            if match is None or (unwanted is not None and unwanted.search(completed)):
                continue
            # The match must rest on what was pasted, not on the words put back: a cut
            # word's last letters ("ror ...") are the end of many literals.
            begin = len(prefix)
            if min(match.end(), begin + len(text)) - max(match.start(), begin) >= MIN_MATCHED_CHARS:
                return match
    return None


def _completed_head(text: str, lead: str) -> tuple[str, int] | None:
    """The start of ``text``'s first word restored from ``lead`` (the literal a signal starts
    with), when the text begins inside one of its words: (what to put before the text, how
    many of the literal's characters the text holds); None when it does not apply."""
    head = text[:MIN_SEEN]
    position = lead.find(head, 1) if len(head) == MIN_SEEN else -1
    while position != -1:
        rest = lead[position:]
        # The text goes on after the literal, or ends inside it (cut at both ends).
        inside_word = lead[position - 1].isalpha() and rest[0].isalpha()
        if inside_word and (text.startswith(rest) or rest.startswith(text)):
            return lead[:position], min(len(rest), len(text))
        position = lead.find(head, position + 1)
    return None


def _completed_tail(text: str, trail: str) -> tuple[str, int] | None:
    """The end of ``text``'s last word restored from ``trail`` (the literal a signal ends
    with), when the text ends inside one of its words: (what to put after the text, how
    many of the literal's characters the text holds); None when it does not apply."""
    tail = text[-MIN_SEEN:]
    position = trail.rfind(tail) if len(tail) == MIN_SEEN else -1
    while position != -1:
        cut = position + MIN_SEEN
        inside_word = cut < len(trail) and trail[cut - 1].isalpha() and trail[cut].isalpha()
        if inside_word and (text.endswith(trail[:cut]) or trail[:cut].endswith(text)):
            return trail[cut:], min(cut, len(text))
        position = trail.rfind(tail, 0, position + MIN_SEEN - 1)
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
    if state.succeeded and 0 not in signal.values.get("exit_code", ()):
        return False  # a container that completed with exit code 0 never crashed
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
    values = {
        "type": condition.type,
        "status": condition.status,
        "reason": condition.reason,
        "object": condition.object,
    }
    for name, allowed in signal.values.items():
        if values.get(name) not in allowed:
            return False
    return _message_ok(signal, condition.message)


def condition_component(condition: Condition) -> str | None:
    """The component a KServe condition is about, from its type (TransformerReady, PredictorReady)."""
    if condition.type.startswith("Transformer"):
        return COMPONENT_TRANSFORMER
    if condition.type.startswith("Predictor"):
        return COMPONENT_MODEL
    return None


def condition_facts(condition: Condition) -> dict[str, Any]:
    return {
        "condition_type": condition.type,
        "condition_reason": condition.reason,
        "condition_message": condition.message,
    }


def container_facts(container: Container, state: ContainerState | None, component: str) -> dict[str, Any]:
    facts: dict[str, Any] = {
        # A pod row's init container is KServe's storage-initializer (Container.component).
        "container": container.name
        if not container.anonymous
        else ("storage-initializer" if component == COMPONENT_STORAGE_INITIALIZER else None),
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


def container_named_in(facts: Facts, message: str, groups: dict[str, Any]) -> Container | None:
    """The container an event is about: a ``container`` group, its name or its image in the message."""
    named = groups.get("container")
    if isinstance(named, str) and named in facts.containers:
        return facts.containers[named]
    for name in facts.quoted_names(message):
        if name in facts.containers:
            return facts.containers[name]
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


def strongest_first(hits: list[Hit]) -> list[Hit]:
    return sorted(hits, key=lambda hit: CONFIDENCES.index(hit.confidence))
