"""Bare values printed by ``-o jsonpath`` / ``-o custom-columns`` become the facts their
field paths name; other revisions of a Knative configuration settle which failure is current."""

from __future__ import annotations

from diagnoser.normalise import normalise
from diagnoser.parsers import parse
from diagnoser.recognise import recognise

POD = "churn-2-r3-transformer-00001-deployment-6c7d8e9f5-k2lmn"


def facts_of(text: str):
    doc = normalise(text)
    return parse(doc, recognise(doc))


def test_two_jsonpath_queries_fill_one_waiting_state_of_the_named_container() -> None:
    path = '{.status.containerStatuses[?(@.name=="transformer")].state.waiting'
    facts = facts_of(
        f"$ kubectl get pod {POD} -o jsonpath='{path}.reason}}'\n"
        "CreateContainerConfigError\n"
        f"$ kubectl get pod {POD} -o jsonpath='{path}.message}}'\n"
        'secret "feast-redis" not found\n'
    )
    (state,) = facts.containers["transformer"].states
    assert (state.phase, state.state, state.reason) == ("current", "waiting", "CreateContainerConfigError")
    assert (state.message, state.message_line) == ('secret "feast-redis" not found', 4)


def test_custom_columns_rows_give_each_pod_its_container_reason_and_image() -> None:
    facts = facts_of(
        "$ kubectl get pods -o custom-columns='NAME:.metadata.name,WAITING:.status.containerStatuses[*]"
        ".state.waiting.reason,IMAGE:.spec.containers[*].image'\n"
        "NAME                       WAITING            IMAGE\n"
        "m-1-r2-predictor-6b9d8c    InvalidImageName   registry.acme.internal/m:v2@sha256:\n"
        "m-1-r1-predictor-5f6b8d    <none>             registry.acme.internal/m:v1\n"
    )
    broken = facts.containers["m-1-r2-predictor-6b9d8c"]
    assert [s.reason for s in broken.states] == ["InvalidImageName"]
    assert broken.image == "registry.acme.internal/m:v2@sha256:" and broken.anonymous
    assert facts.containers["m-1-r1-predictor-5f6b8d"].states == []


def test_a_jsonpath_template_of_several_fields_or_a_whole_object_adds_no_container() -> None:
    facts = facts_of(
        f"$ kubectl get pod {POD} -o jsonpath='{{.status.phase}}{{.status.reason}}'\nPendingUnschedulable\n"
    )
    assert facts.containers == {} and facts.pod_phase is None


def test_a_revision_that_failed_before_a_newer_ready_one_is_history() -> None:
    from diagnoser.judge import judge

    facts = facts_of(
        "NAME                    CONFIG NAME         GENERATION   READY   REASON\n"
        "fd-3-predictor-00003    fd-3-predictor      3            False   ExitCode1\n"
        "fd-3-predictor-00004    fd-3-predictor      4            True\n"
        "fd-3-predictor-00005    fd-3-predictor      5            False   ExitCode2\n"
    )
    judge(facts)  # the judgement of revisions is the same for every shape that names them
    assert [(c.reason, c.stale) for c in facts.conditions] == [
        ("ExitCode1", True),
        (None, False),
        ("ExitCode2", False),
    ]


def test_a_template_with_several_fields_is_cut_at_the_literal_it_prints_between_them() -> None:
    state = "{.status.containerStatuses[0].state.terminated"
    facts = facts_of(
        f"$ kubectl get pod {POD} -o jsonpath='{state}.reason}}{{\" \"}}{state}.exitCode}}'\nOOMKilled 137\n"
    )
    (container,) = facts.containers.values()
    (found,) = container.states
    assert (found.state, found.reason, found.exit_code) == ("terminated", "OOMKilled", 137)


def test_fields_run_together_with_nothing_between_them_give_no_fact() -> None:
    state = "{.status.containerStatuses[0].state.terminated"
    command = f"$ kubectl get pod {POD} -o jsonpath='{state}.reason}}{state}.exitCode}}'"
    facts = facts_of(command + "\nOOMKilled137\n")
    assert not any(container.states for container in facts.containers.values())


def test_a_range_template_over_conditions_gives_one_condition_per_printed_line() -> None:
    template = '{range .status.conditions[*]}{.type}={.status}{"\\n"}{end}'
    facts = facts_of(
        f"$ kubectl get pod {POD} -o jsonpath='{template}'\n"
        "Initialized=True\nReady=False\nPodScheduled=True\n"
    )
    assert [(c.type, c.status) for c in facts.conditions] == [
        ("Initialized", "True"),
        ("Ready", "False"),
        ("PodScheduled", "True"),
    ]
    assert facts.pod_ready is False
