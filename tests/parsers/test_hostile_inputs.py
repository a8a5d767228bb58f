"""Nothing a user can paste may make recognise/parse raise or hang."""

import itertools
import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parsers_helpers import facts_of, run, sample

from diagnoser.model import Segment
from diagnoser.normalise import normalise
from diagnoser.parsers import parse


def test_deeply_nested_json_array_in_an_object_gives_a_note_not_an_error():
    deep = "[" * 100_000 + "]" * 100_000
    text = '{"apiVersion": "v1", "kind": "Pod", "x": ' + deep + "}\n"
    facts = facts_of(text)
    assert facts.kinds == ["kubectl-json"]
    assert any("nested too deeply" in note or "JSON" in note for note in facts.notes)


def test_deeply_nested_bare_brackets_are_just_log_text():
    facts = facts_of("[" * 100_000 + "\n")
    assert facts.kinds == ["container-log"]


def test_five_megabyte_single_line_does_not_raise():
    facts = facts_of("x" * 5_000_000)
    assert facts.kinds == ["container-log"]


def test_five_megabyte_line_inside_a_history_table_does_not_raise():
    text = sample("history_deploy_timeout.txt").replace(
        "RevisionFailed  │", "RevisionFailed" + "│" * 10 + "  │", 1
    )
    text += "│ " + "y" * 5_000_000 + "\n"
    facts = facts_of(text)
    assert facts.error_line == 1


def test_random_bytes_decoded_do_not_raise():
    rng = random.Random(1234)
    for _ in range(20):
        data = bytes(rng.randrange(256) for _ in range(4000))
        doc = normalise(data)
        from diagnoser.recognise import recognise

        parse(doc, recognise(doc))


def test_every_parser_survives_being_handed_garbage_segments():
    doc = normalise('Name:\n"unterminated\n{[}\n│││\n  - - - :\n: :\n\x00\n' * 5)
    kinds = [
        "merlin-history",
        "kubectl-describe-pod",
        "kubectl-events",
        "kubectl-yaml",
        "kubectl-json",
        "kserve-status",
        "merlin-logs",
        "container-log",
    ]
    for kind in kinds:
        facts = parse(doc, [Segment(kind, 1, doc.last_line)])
        assert isinstance(facts.notes, list)


def test_parser_crash_becomes_a_note(monkeypatch):
    from diagnoser import parsers

    def boom(doc, segment, facts):
        raise ValueError("bug")

    monkeypatch.setitem(parsers.PARSERS, "kubectl-events", boom)
    _, _, facts = run(sample("events_table.txt"))
    assert facts.notes and "kubectl-events" in facts.notes[0] and "ValueError" in facts.notes[0]


def test_yaml_alias_bomb_in_a_kubectl_yaml_paste_stays_small():
    lines = [
        "apiVersion: v1",
        "kind: Pod",
        "metadata:",
        "  name: churn-model-2",
        "  a: &a [x, x, x, x, x, x, x, x, x]",
    ]
    for index, name in enumerate("bcdefghijklmnop"):
        prev = "abcdefghijklmnop"[index]
        lines.append(f"  {name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    facts = facts_of("\n".join(lines) + "\n")
    assert facts.pod_name == "churn-model-2"


def test_unbalanced_quotes_in_yaml_and_json_do_not_raise():
    facts_of("apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"churn\nstatus:\n  phase: 'Running\n")
    facts_of('{\n    "apiVersion": "v1",\n    "kind": "Pod",\n    "metadata": {"name": "churn\n')


def test_truncated_describe_and_events_tables_do_not_raise():
    text = sample("describe_pod_crashloop.txt")
    for cut in (100, 700, 1500, 2500, len(text) - 40):
        facts_of(text[:cut])
    events = sample("events_wide.txt")
    facts_of(events[:150])


def test_history_headings_without_tables_do_not_raise():
    facts = facts_of("Model service conditions:\n\nPod container status:\n\nPod last termination message:\n")
    assert facts.kinds == ["merlin-history"]


_ALPHABET = st.sampled_from(
    [
        *list("ab: -{}[]\"'│┌─|+\n\t#&*!>|0123456789"),
        "Name: ",
        "Events:",
        "apiVersion: v1\n",
        "LAST SEEN   TYPE   REASON   OBJECT   MESSAGE\n",
        "Pod container status:\n",
        "  - ",
        "\n{\n",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=200).map("".join))
def test_random_structured_noise_never_raises(text):
    _, segments, facts = run(text)
    for a, b in itertools.pairwise(segments):
        assert a.end < b.start
    assert all("Could not fully read" not in note for note in facts.notes), facts.notes


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=500))
def test_random_unicode_never_raises(text):
    run(text)


def test_json_line_scan_handles_compact_json_objects():
    obj = {
        "apiVersion": "v1",
        "kind": "Pod",
        "status": {
            "containerStatuses": [
                {
                    "name": "kserve-container",
                    "state": {"terminated": {"reason": "OOMKilled", "exitCode": 137}},
                }
            ]
        },
    }
    text = json.dumps(obj, indent=2)[:-2]  # cut the closing braces
    facts = facts_of(text)
    assert facts.containers["kserve-container"].states[0].reason == "OOMKilled"
