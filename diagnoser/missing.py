"""Ask for the paste that would settle the diagnosis, with the paste's own names filled in.

A History message says the deployment timed out but not why; a bare ImagePullBackOff does
not say whether the tag is missing or the registry refused; a describe cut before its
events hides the scheduler's message. Each rule below names the command or view that
would decide it. Events live about an hour and Merlin deletes a failed inference service
when it times out, so the timing advice is part of the text where it matters.
"""

from __future__ import annotations

import re

from diagnoser.model import COMPONENT_TRANSFORMER, Facts
from diagnoser.report import Finding, Missing

_SERVICE = re.compile(r"inference service \(([^)\s]{1,200})\)")
_EVENTS_TIMING = (
    " Events are kept for about an hour, and Merlin deletes the inference service when it gives up:"
    " run it while a redeploy is still pending."
)


def what_is_missing(facts: Facts, findings: list[Finding]) -> list[Missing]:
    namespace = facts.namespace or "<project>"
    service = _service(facts)
    pod = facts.pod_name or "<pod>"
    top = findings[0] if findings else None
    ids = {f.id for f in findings}
    asks: list[Missing] = []
    has_events = bool(facts.events)
    only_history = facts.kinds and all(k == "merlin-history" for k in facts.kinds)
    if (top is None and only_history) or (top is not None and top.role == "fallback"):
        asks.append(
            Missing(
                "The pods' own status and events: they name what kept the deployment from becoming ready."
                + _EVENTS_TIMING,
                f"kubectl describe pod -n {namespace} -l serving.kserve.io/inferenceservice={service}",
            )
        )
        asks.append(
            Missing(
                "The namespace's recent events.",
                f"kubectl get events -n {namespace} --sort-by=.lastTimestamp",
            )
        )
    if facts.pod_name and not has_events and "merlin-history" not in facts.kinds:
        asks.append(
            Missing(
                "The pod's events (the describe output was cut before its Events section).",
                f"kubectl get events -n {namespace} --field-selector involvedObject.name={pod}",
            )
        )
    if top is not None and top.id == "container-crash" and top.explained_by is None:
        container = top.facts.get("container") or "kserve-container"
        asks.append(
            Missing(
                "The crashed container's output before it exited (the previous run's log names the error).",
                f"kubectl logs {pod} -n {namespace} -c {container} --previous",
            )
        )
        if top.component == COMPONENT_TRANSFORMER:
            asks.append(Missing("The transformer's log: open the Logs tab and pick Transformer."))
    if top is not None and top.id == "image-not-found" and top.confidence != "high":
        asks.append(
            Missing(
                "The pull error's own message: a missing tag and a refused login both show as"
                " ImagePullBackOff.",
                f"kubectl describe pod {pod} -n {namespace}",
            )
        )
    if "transformer-error" in ids and not any(
        f.id in ("transformer-config-invalid", "feature-retrieval-failed", "oomkilled") for f in findings
    ):
        asks.append(Missing("The transformer's log: open the Logs tab and pick Transformer."))
    seen: set[str] = set()
    unique = []
    for ask in asks:
        if ask.text not in seen:
            seen.add(ask.text)
            unique.append(ask)
    return unique


def _service(facts: Facts) -> str:
    for _, text in facts.error_lines:
        match = _SERVICE.search(text)
        if match:
            return match.group(1)
    return "<model>-<version>-r<revision>"
