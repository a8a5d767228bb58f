"""The pipeline: normalise -> read (recognise + parse) -> judge -> match catalog -> rank -> report.

``diagnose`` is the one call every surface uses (CLI, docs plugin checks, the browser
worker). It never raises for anything a user can paste: problems with the input become
notes in the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from diagnoser.attempts import attempt_starts, quoted_lines
from diagnoser.catalog import Catalog, KnownError, load_catalog
from diagnoser.catalog.schema import CONFIDENCES, Signal, Step, render_step
from diagnoser.deployment_list import serving_now, superseded_spans
from diagnoser.judge import container_recovered, judge
from diagnoser.looks_wrong import looks_wrong
from diagnoser.match import Hit, Matcher, strongest_first
from diagnoser.missing import what_is_missing
from diagnoser.model import (
    COMPONENT_IMAGE_BUILDER,
    KIND_BUILDER_LOG,
    KIND_CONTAINER_LOG,
    KIND_CSV_LOG,
    KIND_JSON_LOG,
    KIND_LOGS,
    KIND_OTEL_LOG,
    Container,
    Facts,
    kind_label,
)
from diagnoser.narration import is_narration, reports_output, tells_of_now
from diagnoser.normalise import Document, normalise
from diagnoser.other_workloads import other_workload_lines
from diagnoser.parsers import parse
from diagnoser.rank import Candidate, rank
from diagnoser.recognise import recognise
from diagnoser.report import Evidence, Finding, InputSummary, Report
from diagnoser.revisions import latest_ready, only_older_revisions
from diagnoser.superseded import context_switches, current_nodes, superseded_lines
from diagnoser.versions import installed_versions
from diagnoser.views import build_view

MAX_EVIDENCE_LINES = 8
# Kinds of input that are text, not structure the engine parsed.
_FREE_TEXT_KINDS = (
    KIND_CONTAINER_LOG,
    KIND_BUILDER_LOG,
    KIND_LOGS,
    KIND_JSON_LOG,
    KIND_CSV_LOG,
    KIND_OTEL_LOG,
)


def diagnose(
    data: str | bytes,
    catalog: Catalog | None = None,
    *,
    lines_before: int = 0,
    notes: list[str] | None = None,
) -> Report:
    """Analyse a paste and report every known error found in it, root cause first.

    ``lines_before``: lines of the input the caller already dropped (the CLI keeps only
    the end of a huge file), so evidence line numbers still count from its top.
    ``notes``: what the caller had to do to the input (cut a huge line), shown in the report.
    """
    installed = catalog is None
    catalog = catalog or load_catalog()
    doc = normalise(data, lines_before=lines_before)
    doc.notes.extend(notes or [])
    if not doc.text.strip():
        return Report(input=InputSummary(kind="empty", kinds=[], lines=0, notes=doc.notes), findings=[])
    facts = parse(doc, recognise(doc))
    judge(facts, doc)
    facts.view = build_view(doc, facts.claimed)  # after judge: the lines read as structure are known
    matcher = Matcher(doc, facts, catalog)

    hits_by_id: dict[str, list[Hit]] = {}
    ready_revisions = latest_ready(doc)
    replaced = superseded_lines(doc)
    nodes = current_nodes(doc, replaced)
    elsewhere = other_workload_lines(doc)
    for error in catalog.errors:
        hits = _not_explained_by_the_line_before(matcher.hits(error), doc, facts)
        hits = _not_cleared(hits, error, doc, facts)
        if ready_revisions:
            hits = _not_superseded(hits, doc, ready_revisions)
        hits = [hit for hit in hits if not (hit.lines and all(replaced(line) for line in hit.lines))]
        hits = [hit for hit in hits if not (hit.lines and all(elsewhere(line) for line in hit.lines))]
        if hits:
            hits_by_id[error.id] = strongest_first(hits)
    _other_nodes(hits_by_id, catalog, nodes)
    # Before the narration is weighed: a replaced deployment's error on the History page is no
    # output backing the reporter's sentence that quotes the same error ("kemarin ... gagal
    # dengan 'error building pyfunc image: OOMKilled'" above a page whose newest row serves).
    _replaced_deployments(hits_by_id, doc)
    _weigh_narration(hits_by_id, catalog, doc, facts)
    # Before ``unless``: a finding of an attempt that is over explains nothing in the present
    # (an earlier transformer config refusal does not hide the custom transformer's crash).
    _earlier_attempts(hits_by_id, catalog, doc, facts)
    _drop_unless(hits_by_id)
    _quoted_earlier_message(hits_by_id, catalog, doc, facts)
    _restarts_seen_as_repeats(hits_by_id, catalog, doc, facts)
    _drop_weak_fallbacks(hits_by_id, catalog)

    candidates = [_candidate(catalog.get(error_id), hits) for error_id, hits in hits_by_id.items()]
    _superseded_refusals(candidates, hits_by_id)
    builder = (
        facts.error_component == COMPONENT_IMAGE_BUILDER
        or KIND_BUILDER_LOG in facts.kinds
        or any(c.component == COMPONENT_IMAGE_BUILDER for c in facts.containers.values())
    )
    findings = [_finding(c, hits_by_id[c.error.id], doc, builder) for c in rank(candidates)]
    report = Report(input=_input_summary(doc, facts), findings=findings)
    if not findings:
        report.looks_wrong = looks_wrong(doc, facts)
    report.missing = what_is_missing(facts, findings)
    if installed:
        report.versions = installed_versions()
    return report


def _other_nodes(hits_by_id: dict[str, list[Hit]], catalog: Catalog, nodes: set[str]) -> None:
    """A node's failure (it went NotReady, it could not attach a disk) when every present pod
    of the deployment runs on another node (``superseded.current_nodes``) and those pods fail
    for a reason of their own: it was an earlier pod's trouble, not this failure's. Kept when
    nothing else is found (the question may be about the old pod stuck on that node)."""
    if not nodes:
        return

    def elsewhere(hit: Hit) -> bool:
        node = hit.facts.get("node")
        about = hit.facts.get("object")
        if not isinstance(node, str) and isinstance(about, str) and about.startswith("node/"):
            node = about[len("node/") :]  # an event of the node itself
        return isinstance(node, str) and node not in nodes

    own = [
        error_id
        for error_id, hits in hits_by_id.items()
        if catalog.get(error_id).role != "fallback" and not any(elsewhere(hit) for hit in hits)
    ]
    if not own:
        return
    for error_id in list(hits_by_id):
        kept = [hit for hit in hits_by_id[error_id] if not elsewhere(hit)]
        if kept:
            hits_by_id[error_id] = kept
        else:
            del hits_by_id[error_id]


def _not_cleared(hits: list[Hit], error: KnownError, doc: Document, facts: Facts) -> list[Hit]:
    """Message hits that a later line clears (``cleared_by``: a request served with 200 after
    the failure; the signal's own ``cleared_by`` when it has one) are left out: the failure
    has passed. A hit in Logs-tab output is cleared by a line from the same process (the
    same "[pod] [container]" prefix) or by one outside any Logs-tab output (the user's own
    ``curl``): another pod serving says nothing about this one. A hit in an event about an
    object (``Kustomization/ml-serving``) is cleared only by a line that is no event or an
    event about the same object: another Kustomization's "Health check passed" is its own."""
    by_pattern: dict[re.Pattern[str], list[Hit]] = {}
    for hit in hits:
        pattern = hit.signal.patterns.get("cleared_by") or error.cleared_pattern
        if hit.signal.source == "message" and hit.lines and pattern is not None:
            by_pattern.setdefault(pattern, []).append(hit)
    cleared: set[int] = set()
    objects = _event_objects(facts) if by_pattern else {}
    for pattern, message_hits in by_pattern.items():
        source_of = {id(hit): facts.source_at(max(hit.lines)) for hit in message_hits}
        about_of = {id(hit): _object_of(hit) for hit in message_hits}
        wanted: set[str] = {_ANY_LINE} | {source for source in source_of.values() if source is not None}
        if any(source is not None for source in source_of.values()):
            wanted.add(_NO_PREFIX)
        if any(about is not None for about in about_of.values()):
            wanted |= {_NO_OBJECT} | {_object_key(a) for a in about_of.values() if a is not None}
        first = min(min(hit.lines) for hit in message_hits)
        last_of = _last_lines_matching(pattern, doc, facts, wanted, first, objects)
        for hit in message_hits:
            source = source_of[id(hit)]
            about = about_of[id(hit)]
            if about is not None:
                keys: tuple[str, ...] = (_object_key(about), _NO_OBJECT)
            else:
                keys = (_ANY_LINE,) if source is None else (source, _NO_PREFIX)
            if max(last_of.get(key, 0) for key in keys) > max(hit.lines):
                cleared.add(id(hit))
    return [hit for hit in hits if id(hit) not in cleared]


# How far back ``not_after`` looks: the explaining line comes just before the hit (gunicorn
# logs "WORKER TIMEOUT (pid:N)" and its SIGKILL of worker N within a second), other workers'
# lines may sit between.
_NOT_AFTER_WINDOW = 12


def _not_explained_by_the_line_before(hits: list[Hit], doc: Document, facts: Facts) -> list[Hit]:
    """Message hits whose signal says ``not_after`` are left out when one of the few lines
    before the hit, from the same Logs-tab source (any line when the hit has none), matches
    that regex with the same value for every named group the hit also has: the line says
    what the hit's words really mean (a worker killed by its own server's timeout, not by the
    kernel's OOM killer). Hits whose signal says ``only_after`` are kept only when such a
    line matches that regex: pip's "Ignored the following versions that require a different
    python version" is what makes its next "Could not find a version" about Python. At most
    ``_NOT_AFTER_WINDOW`` lines are read per hit."""
    kept: list[Hit] = []
    for hit in hits:
        if hit.signal.source != "message" or not hit.lines:
            kept.append(hit)
            continue
        unless = hit.signal.patterns.get("not_after")
        needed = hit.signal.patterns.get("only_after")
        if unless is not None and _explained_by_a_line_before(hit, unless, doc, facts):
            continue
        if needed is not None and not _explained_by_a_line_before(hit, needed, doc, facts):
            continue
        kept.append(hit)
    return kept


def _explained_by_a_line_before(hit: Hit, pattern: re.Pattern[str], doc: Document, facts: Facts) -> bool:
    first = min(hit.lines)
    source = facts.source_at(first)
    for line in range(first - 1, max(doc.first_line, first - _NOT_AFTER_WINDOW) - 1, -1):
        if source is not None and facts.source_at(line) != source:
            continue
        match = pattern.search(doc.line(line))
        if match is None:
            continue
        groups = match.groupdict()
        shared = [name for name, value in groups.items() if value is not None and name in hit.facts]
        if all(str(hit.facts[name]) == groups[name] for name in shared):
            return True
    return False


def _not_superseded(hits: list[Hit], doc: Document, ready: dict[str, int]) -> list[Hit]:
    """Message hits whose lines name only revisions older than their configuration's latest
    ready revision are left out (``revisions``): a later revision of it became ready."""
    return [
        hit
        for hit in hits
        if hit.signal.source != "message"
        or not hit.lines
        or not all(only_older_revisions(doc.original_line(line), ready) for line in hit.lines)
    ]


# Keys of ``_last_lines_matching`` that no Logs-tab prefix can be ("\n" never is in one).
_ANY_LINE = "\n any line"  # the last clearing line anywhere
_NO_PREFIX = "\n outside the logs"  # the last clearing line outside Logs-tab output
_NO_OBJECT = "\n no event object"  # the last clearing line that is not an event about an object
_OBJECT = "\n object "  # + an event's object: the last clearing line that is an event about it
_CLEARING_WINDOW = 1 << 20


def _event_objects(facts: Facts) -> dict[int, str]:
    """The object each event's line is about (``Kustomization/ml-serving``), by line."""
    return {event.line: event.object for event in facts.events if event.line is not None and event.object}


def _object_of(hit: Hit) -> str | None:
    """The object of the event a hit was found in, if it was."""
    about = hit.facts.get("object") if hit.place == "event" else None
    return about if isinstance(about, str) and about else None


def _object_key(about: str) -> str:
    return _OBJECT + about


def _last_lines_matching(
    pattern: re.Pattern[str],
    doc: Document,
    facts: Facts,
    sources: set[str],
    first: int,
    objects: dict[int, str] | None = None,
) -> dict[str, int]:
    """The last line, from line ``first`` on, where ``pattern`` matches, for each of
    ``sources`` (a Logs-tab prefix, ``_ANY_LINE``, ``_NO_PREFIX``, an event's object from
    ``objects`` or ``_NO_OBJECT``). Read backwards in windows
    from the end, so the usual case (the paste ends serving) costs one window; each match
    is looked at once. A window ends two lines past its boundary (a match may span a line
    break, ``\n200\n``); only matches starting before the boundary count in it."""
    text = doc.original
    floor = doc.original_offset_of(first)
    wanted = set(sources)
    found: dict[str, int] = {}
    end = len(text)
    while wanted and end > floor:
        start = max(floor, end - _CLEARING_WINDOW)
        if start > floor:  # start at a line start, one character early: a match may begin at "\n"
            start = max(floor, text.rfind("\n", floor, start))
        reach = end
        for _ in range(2):
            newline = text.find("\n", reach + 1)
            reach = len(text) if newline == -1 else newline + 1
        matches = [m for m in pattern.finditer(text, start, reach) if m.start() < end]
        for match in reversed(matches):
            line = doc.original_line_of(match.start())
            prefix = facts.source_at(line)
            about = objects.get(line) if objects else None
            subject = _NO_OBJECT if about is None else _object_key(about)
            for source in (_ANY_LINE, _NO_PREFIX if prefix is None else prefix, subject):
                if source in wanted:
                    found[source] = line
                    wanted.discard(source)
            if not wanted:
                break
        end = start
    return found


def _drop_weak_fallbacks(hits_by_id: dict[str, list[Hit]], catalog: Catalog) -> None:
    """A fallback (``deployment-timeout``) resting only on low-confidence hints (a Deployment
    without minimum availability yet) says nothing once a specific error is found."""
    if all(catalog.get(error_id).role == "fallback" for error_id in hits_by_id):
        return
    for error_id in list(hits_by_id):
        weak = all(hit.confidence == "low" for hit in hits_by_id[error_id])
        if catalog.get(error_id).role == "fallback" and weak:
            del hits_by_id[error_id]


def _earlier_attempts(
    hits_by_id: dict[str, list[Hit]], catalog: Catalog, doc: Document, facts: Facts
) -> None:
    """Findings of an attempt the reporter has since fixed (see ``attempts``): every piece of
    their evidence is above the reporter's last note of a change, and the output below that
    note shows a failure of its own (``_fails_on_its_own``), or pods that are all running and
    ready. The failure to fix is the current one, if any.

    A switch of kubectl's context (``kubectl config use-context``) also ends what came before
    when the output below it shows a failure of its own: the reporter looked in the wrong
    cluster first (a Forbidden for their own user, an old experiment in dev). Healthy output
    in the other cluster does not end it: that is a comparison ("this works in staging")."""
    if not hits_by_id:
        return
    switches = set(context_switches(doc))
    # The newest change whose output below shows where things stand: a change typed last
    # with nothing after it (a debug pod deleted at the end) says nothing about the present.
    for start in sorted(set(attempt_starts(doc)) | switches, reverse=True):
        later = {
            error_id
            for error_id, hits in hits_by_id.items()
            if any(not hit.lines or max(hit.lines) > start for hit in hits)
        }
        earlier = [error_id for error_id in hits_by_id if error_id not in later]
        if _fails_on_its_own(later, earlier, catalog) or (
            start not in switches and _healthy_after(facts, doc, start)
        ):
            for error_id in earlier:
                del hits_by_id[error_id]
            return
        if start not in switches and _built_after(facts, start):
            built = [e for e in earlier if catalog.get(e).stage == IMAGE_BUILD_STAGE]
            if built and len(built) == len(earlier):
                for error_id in built:
                    del hits_by_id[error_id]
                return


IMAGE_BUILD_STAGE = "image-build"


def _built_after(facts: Facts, start: int) -> bool:
    """True when an image build below line ``start`` ended by pushing its image (kaniko's
    ``Pushed <image>@sha256:...``): after the reporter's change the build works, so what
    failed the builds before it (a dependency conflict fixed by a new pin) is over. It says
    nothing about a deployment's failure, so only the image-build findings give way."""
    return any(pushed > start for _, pushed in facts.pushed_builds)


def _fails_on_its_own(later: set[str], earlier: list[str], catalog: Catalog) -> bool:
    """True when the findings below a change show a failure the earlier findings cannot be:
    a cause, or a symptom none of the earlier ones explains (a readiness probe answered 404
    after an image that was not found is fixed; a crash loop after an OOM kill may still be
    that OOM kill, so it does not count)."""
    for error_id in later:
        error = catalog.get(error_id)
        if error.role == "cause":
            return True
        if error.role == "symptom" and not any(error_id in catalog.get(e).explains for e in earlier):
            return True
    return False


def _replaced_deployments(hits_by_id: dict[str, list[Hit]], doc: Document) -> None:
    """Hits wholly inside the error of a deployment that a later one replaced (see
    ``deployment_list``: a Failed row under the Deployed one) are left out."""
    if not hits_by_id:
        return
    spans = superseded_spans(doc)
    if not spans:
        return

    def replaced(hit: Hit) -> bool:
        return bool(hit.lines) and all(any(a <= line <= b for a, b in spans) for line in hit.lines)

    for error_id in list(hits_by_id):
        kept = [hit for hit in hits_by_id[error_id] if not replaced(hit)]
        if kept:
            hits_by_id[error_id] = kept
        else:
            del hits_by_id[error_id]


def _quoted_earlier_message(
    hits_by_id: dict[str, list[Hit]], catalog: Catalog, doc: Document, facts: Facts
) -> None:
    """Findings of the earlier message a reply quotes (see ``attempts.quoted_lines``): every
    piece of their evidence is in the quoted lines, and the reply's own lines show a cause of
    their own, or pods that are all running and ready ("confirmed fixed, it is serving").
    What the quoted message shows is over; with nothing in the reply, it stays the answer."""
    if not hits_by_id:
        return
    quoted = quoted_lines(doc)
    if not quoted:
        return
    earlier = {
        error_id
        for error_id, hits in hits_by_id.items()
        if all(hit.lines and all(line in quoted for line in hit.lines) for hit in hits)
    }
    if not earlier:
        return
    reply_cause = any(
        catalog.get(error_id).role == "cause" for error_id in hits_by_id if error_id not in earlier
    )
    replied = [c for c in facts.containers.values() if c.line is not None and c.line not in quoted]
    healthy = bool(replied) and all(container_recovered(container) for container in replied)
    if reply_cause or healthy:
        for error_id in earlier:
            del hits_by_id[error_id]


CRASH_LOOP = "container-crash"
_REPEATED_START = Signal(
    source="message",
    confidence="medium",
    because="The same start-up failure is logged again at another time by the same container: it was"
    " started again after each failure, so it keeps crashing.",
)


def _restarts_seen_as_repeats(
    hits_by_id: dict[str, list[Hit]], catalog: Catalog, doc: Document, facts: Facts
) -> None:
    """The crash loop a start-up failure (an entry with ``at_start``) explains, when one
    container's log shows that failure's line at two different times (the lines read the same
    once their timestamps and prefixes are removed, and differ as pasted): the container was
    started again, so it restarts. A log export (Loki, Kibana, Cloud Logging) shows restarts
    only so. One pass over the hits' lines."""
    if CRASH_LOOP in hits_by_id or CRASH_LOOP not in catalog.ids:
        return
    for error_id, hits in hits_by_id.items():
        error = catalog.get(error_id)
        if not error.at_start or CRASH_LOOP not in error.explains:
            continue
        first: dict[tuple[str | None, str], tuple[int, str]] = {}  # (source, text) -> first line
        for hit in hits:
            if hit.place != "log":
                continue
            for line in hit.lines:
                key = (facts.source_at(line), doc.line(line).strip())
                pasted = doc.original_line(line)
                seen = first.setdefault(key, (line, pasted))
                if seen[1] != pasted:
                    container = facts.container_at(line)
                    found = {"container": container} if container else {}
                    repeat = Hit(
                        _REPEATED_START, sorted((seen[0], line)), found, hit.component, "log", "medium"
                    )
                    hits_by_id[CRASH_LOOP] = [repeat]
                    return


# What a deployment that works prints: the SDK's and kubectl's words for it, a prediction.
_WORKS = re.compile(
    r"Model [^\s]{1,200} version \d{1,10} is deployed\.|deployment \"[^\"\n]{1,253}\" successfully rolled out"
    r"|\"predictions\": ?\[|<Status\.(?:RUNNING|SERVING): '(?:running|serving)'>"
    r"|<JobStatus\.COMPLETED: 'completed'>"  # the SDK's prediction job that ran to the end
)


def _healthy_after(facts: Facts, doc: Document, start: int) -> bool:
    """True when the paste shows, below line ``start``, containers that all run and are ready,
    or a deployment that works (``_WORKS``, an InferenceService Ready, a History page whose
    newest row is Deployed, a batch prediction job completed) and no container failing
    there. Containers above it (a quoted History table of the failed try) are that
    attempt's; a pod shown terminating below it is the old one going away."""
    later = [
        recovered
        for container in facts.containers.values()
        for recovered in [_recovered_after(container, start)]
        if recovered is not None
    ]
    if later and not all(later):
        return False
    if later:
        return True
    ready = any(c.type == "Ready" and c.status == "True" and (c.line or 0) > start for c in facts.conditions)
    return (
        ready
        or any(line > start for line in serving_now(doc))
        or any(doc.line_of(m.start()) > start for m in _WORKS.finditer(doc.text, doc.offset_of(start)))
    )


def _recovered_after(container: Container, start: int) -> bool | None:
    """Whether the states of ``container`` seen below line ``start`` are running and ready
    (None: none seen there, or only a pod terminating). States above it are another
    attempt's, even in the same container (two pods described one after the other)."""
    below = [s for s in container.states if (s.line or 0) > start and not s.history]
    if not below:
        return None
    current = [s for s in below if s.phase == "current"]
    if current and all(s.reason == "Terminating" for s in current):
        return None
    if any(s.state == "waiting" or (s.state == "terminated" and not s.succeeded) for s in current):
        return False
    return container.ready is True or container.init or any(s.succeeded for s in current)


def _weigh_narration(hits_by_id: dict[str, list[Hit]], catalog: Catalog, doc: Document, facts: Facts) -> None:
    """Findings that only the reporter's sentences support (see ``narration``): dropped when
    the pasted output supports another finding or was read as structure (a healthy pod's
    describe says more than a sentence about yesterday), else kept at low confidence when
    one of the sentences states the failure as it is now (not a guess, a denial or a
    memory: ``tells_of_now``).

    One exception to the drop: a sentence that passes on what the output said, now, about
    the cause of a symptom the output shows, while the output shows no cause ("the previous
    logs only show exec format error" under a describe's CrashLoopBackOff), is the only word
    on why; it is kept at low confidence."""
    told: dict[int, bool] = {}

    def narrated(hit: Hit) -> bool:
        if hit.place != "log":
            return False
        for line in hit.lines:
            if line not in told:
                told[line] = is_narration(doc.line(line))
            if not told[line]:
                return False
        return bool(hit.lines)

    only_told = {error_id for error_id, hits in hits_by_id.items() if all(narrated(hit) for hit in hits)}
    if not only_told:
        return
    structured = any(kind not in _FREE_TEXT_KINDS for kind in facts.kinds)
    if structured or len(only_told) < len(hits_by_id):
        shown = [error_id for error_id in hits_by_id if error_id not in only_told]
        why = _told_causes_of_shown_symptoms(hits_by_id, only_told, shown, catalog, doc)
        for error_id in only_told:
            if error_id in why:
                for hit in hits_by_id[error_id]:
                    hit.confidence = "low"
            else:
                del hits_by_id[error_id]
        return
    for error_id in [e for e, hits in hits_by_id.items() if not any(_states_it(h, doc) for h in hits)]:
        del hits_by_id[error_id]
    for hits in hits_by_id.values():
        for hit in hits:
            hit.confidence = "low"


def _told_causes_of_shown_symptoms(
    hits_by_id: dict[str, list[Hit]], told: set[str], shown: list[str], catalog: Catalog, doc: Document
) -> set[str]:
    """The narrated causes that explain a symptom the output shows, stated as now, when the
    output shows no cause of its own."""
    if not shown or any(catalog.get(error_id).role == "cause" for error_id in shown):
        return set()
    return {
        error_id
        for error_id in told
        if catalog.get(error_id).role == "cause"
        and any(symptom in catalog.get(error_id).explains for symptom in shown)
        and any(_passes_on_output(hit, doc) for hit in hits_by_id[error_id])
    }


def _passes_on_output(hit: Hit, doc: Document) -> bool:
    """True when one of a narrated hit's lines passes on what the output said, now, where
    the signal's words are ("the previous logs show exec format error"): see
    ``narration.reports_output``."""
    return _narrated_as(hit, doc, reports_output)


def _states_it(hit: Hit, doc: Document) -> bool:
    """True when one of a narrated hit's lines states the failure as it is now: the sentence
    holding the signal's words (the whole line when they cannot be placed) is judged."""
    return _narrated_as(hit, doc, tells_of_now)


def _narrated_as(hit: Hit, doc: Document, reading: Callable[[str, int | None], bool]) -> bool:
    """True when ``reading`` holds for one of a narrated hit's lines, given where the
    signal's words start in it (None when they cannot be placed: not a message signal)."""
    pattern = hit.signal.pattern if hit.signal.source == "message" else None
    for line in hit.lines:
        text = doc.line(line)
        match = pattern.search(text) if pattern is not None else None
        if reading(text, match.start() if match else None):
            return True
    return False


def _drop_unless(hits_by_id: dict[str, list[Hit]]) -> None:
    """Drop hits whose signal says ``unless: [ids]`` when one of those ids was found.

    Decided against the ids that keep a hit whatever happens: one whose signal defers to
    none of the ids found (no ``unless``, or an ``unless`` naming only ids absent from the
    paste: disk-full's "unless evicted" with no eviction). So two entries that each defer
    to the other cannot both vanish.
    """
    found = set(hits_by_id)
    firm = {
        error_id
        for error_id, hits in hits_by_id.items()
        if any(found.isdisjoint(h.signal.unless) for h in hits)
    }
    for error_id in list(hits_by_id):
        kept = [h for h in hits_by_id[error_id] if not any(other in firm for other in h.signal.unless)]
        if kept:
            hits_by_id[error_id] = kept
        else:
            del hits_by_id[error_id]


def _candidate(error: KnownError, strongest: list[Hit]) -> Candidate:
    """What the hits say about an error: confidence, where, which component, and any
    evidence-driven role or explanation carried by the signals that matched."""
    roles = [h.signal.role for h in strongest if h.signal.role]
    explains = tuple(dict.fromkeys(t for h in strongest for t in h.signal.explains))
    because = next((h.signal.because for h in strongest if h.signal.because), None)
    lines = [line for hit in strongest for line in hit.lines]
    role = min(roles, key=("cause", "symptom", "fallback").index) if roles else error.role
    confidence = strongest[0].confidence
    if role == "fallback" and confidence == "high":
        # The paste proves the deployment timed out, not why: as an answer, a fallback is
        # never more than medium (the cause is elsewhere, the report says where to look).
        confidence = "medium"
    return Candidate(
        error=error,
        confidence=confidence,
        first_line=min(lines) if lines else 0,
        component=next((hit.component for hit in strongest if hit.component), None),
        role=role,
        explains=(*error.explains, *explains),
        because=because,
        evidence_explains=explains,
    )


_POD_STAGES = ("deployment", "both")


def _superseded_refusals(candidates: list[Candidate], hits_by_id: dict[str, list[Hit]]) -> None:
    """An error that stops the pod being created (``before_pod``), all of whose lines come
    before a pod's own failure in the paste, is from an earlier attempt: a chat thread or a
    terminal scrollback in time order, or a quota refusal and the pod created after it. It
    ranks after the pod's failure (the present), with its confidence kept; it stays listed.
    """

    def last_line(candidate: Candidate) -> int:
        return max((line for hit in hits_by_id[candidate.error.id] for line in hit.lines), default=0)

    pod_failures = [
        c.first_line
        for c in candidates
        if not c.error.before_pod and c.role != "fallback" and c.error.stage in _POD_STAGES and c.first_line
    ]
    if pod_failures:
        latest = max(pod_failures)
        for candidate in candidates:
            last = last_line(candidate)
            if candidate.error.before_pod and 0 < last < latest:
                candidate.superseded = True
                candidate.because = (
                    "A pod of the deployment fails further down the paste, so this refusal came from an "
                    "earlier attempt that has since got past it; it is listed after that failure."
                )
    # A refusal known only from events, beside a pod failure read from a status condition
    # (a Revision that failed to schedule): the condition is the present and needs a pod,
    # which the refusal would have stopped; the event is older (describe lists conditions
    # above its events, so line order cannot tell).
    from_conditions = any(
        hit.place == "condition" or hit.signal.source == "condition"
        for c in candidates
        if not c.error.before_pod and c.role != "fallback" and c.error.stage in _POD_STAGES
        for hit in hits_by_id[c.error.id]
    )
    if from_conditions:
        for candidate in candidates:
            hits = hits_by_id[candidate.error.id]
            if candidate.error.before_pod and hits and all(hit.place == "event" for hit in hits):
                candidate.superseded = True
                candidate.because = (
                    "The deployment's current status shows a pod failing, so this refusal, known only "
                    "from an event, came from an earlier attempt; it is listed after that failure."
                )
    # Two different refusals: the one whose lines all come before the other's first line is
    # the earlier attempt (a webhook that timed out once, then a policy that denies each retry).
    refusals = [c for c in candidates if c.error.before_pod and not c.superseded and c.first_line]
    for candidate in refusals:
        last = last_line(candidate)
        if any(0 < last < other.first_line for other in refusals if other is not candidate):
            candidate.superseded = True
            candidate.because = (
                "A different refusal follows it further down the paste, so this one came from an "
                "earlier attempt; it is listed after the refusal that is current."
            )


def _fits(step: Step, component: str | None, facts: dict[str, Any], builder_in_paste: bool) -> bool:
    """A step fits when its component and fact conditions hold. With the component unknown,
    every component's steps are shown, except the image builder's when the paste shows no
    build at all (a deployment-only paste must not get build advice)."""
    if not step.fits_facts(facts):
        return False
    if component is None:
        return builder_in_paste or not step.components or set(step.components) != {COMPONENT_IMAGE_BUILDER}
    return step.applies_to(component)


def _finding(
    candidate: Candidate, strongest_first: list[Hit], doc: Document, builder_in_paste: bool = True
) -> Finding:
    error = candidate.error
    merged: dict[str, Any] = {}
    for hit in strongest_first:
        for name, value in hit.facts.items():
            if value is not None and value != "" and name not in merged:
                merged[name] = value
    component = candidate.component
    if component:
        merged["component"] = component
    shown = {name: merged[name] for name in error.facts if name in merged}
    chosen = [step for step in error.steps if _fits(step, component, merged, builder_in_paste)]
    parts = [render_step(step.text, merged) for step in chosen]
    return Finding(
        id=error.id,
        title=error.title,
        stage=error.stage,
        confidence=candidate.confidence,
        url=error.url,
        summary=error.summary,
        component=component,
        facts=shown,
        fact_labels=dict(error.facts),
        evidence=_evidence(strongest_first, doc),
        steps=["".join(part["text"] for part in step) for step in parts],
        step_parts=parts,
        explained_by=candidate.explained_by,
        role=candidate.role,
        because=candidate.because,
    )


def _evidence(hits: list[Hit], doc: Document) -> list[Evidence]:
    lines = sorted({line for hit in hits for line in hit.lines})[:MAX_EVIDENCE_LINES]
    return [Evidence(line=line, text=doc.original_line(line)) for line in lines]


def _input_summary(doc: Document, facts: Facts) -> InputSummary:
    kinds = facts.kinds
    kind = kinds[0] if len(kinds) == 1 else ("mixed" if kinds else "unrecognised")
    reasons: dict[str, None] = {}
    for event in facts.events:
        if event.reason:
            reasons.setdefault(event.reason)
    conditions = [
        f"{c.type}={c.status}" + (f" ({c.reason})" if c.reason else "") for c in facts.conditions[:20]
    ]
    labels = []
    for segment in facts.segments:
        label = kind_label(segment.kind, segment.fragment)
        if label not in labels:
            labels.append(label)
    return InputSummary(
        kind=kind,
        kinds=kinds,
        lines=doc.line_count,
        first_line=doc.first_line,
        truncated=doc.truncated,
        containers=[name for name, c in facts.containers.items() if not c.anonymous],
        events=list(reasons)[:50],
        conditions=conditions,
        notes=[*doc.notes, *facts.notes],
        kind_labels=[kind_label(k) for k in kinds],
        summary=", ".join(labels[:8]) if labels else "unrecognised text",
    )


__all__ = ["CONFIDENCES", "diagnose"]
