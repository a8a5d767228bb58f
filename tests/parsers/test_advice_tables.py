"""Runbook tables that pair a message with its cause and fix are documentation, not output."""

from diagnoser import diagnose
from diagnoser.model import Facts
from diagnoser.normalise import normalise
from diagnoser.parsers import advice_tables


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def spans(text: str) -> list[tuple[int, int]]:
    facts = Facts()
    advice_tables.read(normalise(text), facts)
    return facts.configuration


MARKDOWN = (
    "Our wiki says:\n\n"
    "| Symptom | Likely cause | Fix |\n"
    "|---|---|---|\n"
    "| kserve-container Terminated 137 OOMKilled | model bigger than the limit | raise memory |\n"
    "| 0/6 nodes are available: 6 Insufficient cpu. | request too large | lower the CPU request |\n"
    "\n"
)


def test_a_markdown_runbook_table_is_data_and_its_quoted_errors_are_not_found():
    assert spans(MARKDOWN) == [(3, 6)]
    assert ids(MARKDOWN) == []


def test_a_tab_separated_table_ends_at_the_first_line_without_a_tab():
    text = "Error message\tWhat to do\nImagePullBackOff\tcheck the tag\nthen a line of prose\n"
    assert spans(text) == [(1, 2)]


def test_output_after_the_table_is_still_read():
    text = MARKDOWN + "Today's History message:\nkserve-container  Terminated  137  OOMKilled\n"
    assert ids(text)[:1] == ["oomkilled"]


def test_tables_of_output_are_not_advice():
    conditions = (
        "TYPE             STATUS   REASON            MESSAGE\n"
        "PodScheduled     False    Unschedulable     0/3 nodes are available: 3 Insufficient memory.\n"
    )
    events = (
        "LAST SEEN   TYPE      REASON    OBJECT                 MESSAGE\n"
        "2m          Warning   BackOff   pod/fraud-3-r1-pred    Back-off restarting failed container\n"
    )
    assert spans(conditions) == [] and spans(events) == []
    assert ids(conditions)[:1] == ["insufficient-resources"]


def test_a_rollout_historys_change_cause_notes_are_data():
    text = (
        "REVISION  CHANGE-CAUSE\n"
        "3         merlin redeploy: image ranker:11\n"
        "4         kubectl set resources --limits=memory=6Gi (r3 pods were OOMKilled under 4Gi)\n"
        "\n"
        'deployment "ranker-predictor" successfully rolled out\n'
    )
    assert spans(text) == [(1, 3)]
    assert ids(text) == []
