from parsers_helpers import facts_of, sample

from diagnoser.parsers.history import split_error_chain


def test_history_error_chain_keeps_parenthesised_name_whole():
    facts = facts_of(sample("history_deploy_timeout.txt"))
    assert facts.error_chain == [
        "error deploying inference service (churn-model-2-r3)",
        "timeout waiting inference service to be ready",
    ]
    assert facts.error_line == 1


def test_history_error_chain_does_not_split_inside_quotes():
    chain = split_error_chain(
        'error deploying inference service (a-1): admission webhook "x.kserve.io" denied the request: '
        'cpu: "8" is more than max'
    )
    assert chain[0] == "error deploying inference service (a-1)"
    assert chain[1] == 'admission webhook "x.kserve.io" denied the request'
    assert chain[-1] == 'cpu: "8" is more than max' or chain[-2:] == ["cpu", '"8" is more than max']


def test_history_conditions_table_with_box_characters_gives_conditions_with_lines():
    facts = facts_of(sample("history_deploy_timeout.txt"))
    types = [(c.type, c.status, c.reason, c.line) for c in facts.conditions]
    assert types == [
        ("PredictorReady", "False", "RevisionFailed", 7),
        ("Ready", "False", "RevisionFailed", 8),
    ]
    assert facts.conditions[0].message.startswith('Revision "churn-model-2-r3-predictor-00001" failed')
    assert facts.conditions[0].message.endswith("(most recent call last).")


def test_history_waiting_container_has_no_exit_code():
    facts = facts_of(sample("history_deploy_timeout.txt"))
    state = facts.containers["kserve-container"].states[0]
    assert (state.phase, state.state, state.reason, state.exit_code, state.line) == (
        "current",
        "waiting",
        "CrashLoopBackOff",
        None,
        15,
    )


def test_history_termination_message_lines_keep_paste_line_numbers():
    facts = facts_of(sample("history_deploy_timeout.txt"))
    assert facts.termination_message[0] == (19, "Traceback (most recent call last):")
    assert facts.termination_message[-1] == (22, "ModuleNotFoundError: No module named 'xgboost'")


def test_history_image_build_oom_gives_job_condition_and_builder_exit_code():
    facts = facts_of(sample("history_build_oom.txt"))
    assert facts.error_chain == ["error building pyfunc image", "OOMKilled"]
    assert facts.conditions[0].reason == "BackoffLimitExceeded"
    state = facts.containers["pyfunc-image-builder"].states[0]
    assert (state.state, state.exit_code, state.reason) == ("terminated", 137, "OOMKilled")
    assert [text for _, text in facts.termination_message][-1] == "Killed"


def test_history_table_with_ascii_boxes_still_yields_condition_and_container():
    facts = facts_of(sample("history_ascii.txt"))
    assert facts.conditions[0].reason == "RevisionMissing"
    assert facts.conditions[0].message.endswith("to become ready.")
    state = facts.containers["transformer"].states[0]
    assert (state.state, state.exit_code, state.reason, state.line) == ("terminated", 1, "Error", 14)


def test_history_table_without_box_characters_still_yields_container_reason():
    facts = facts_of(sample("history_no_boxes.txt"))
    assert facts.conditions[0].reason == "RevisionFailed"
    oom = facts.containers["kserve-container"].states[0]
    assert (oom.reason, oom.exit_code, oom.line) == ("OOMKilled", 137, 11)
    waiting = facts.containers["queue-proxy"].states[0]
    assert (waiting.state, waiting.reason, waiting.exit_code) == ("waiting", None, None)


def test_history_first_line_alone_is_a_history_segment():
    facts = facts_of("timeout building pyfunc image\n")
    assert facts.kinds == ["merlin-history"]
    assert facts.error_chain == ["timeout building pyfunc image"]


def test_history_truncated_table_does_not_raise_and_keeps_complete_rows():
    text = sample("history_deploy_timeout.txt").split("\n")
    facts = facts_of("\n".join(text[:8]) + "\n│ Ready  ")
    assert facts.conditions[0].type == "PredictorReady"
    assert not facts.notes


def test_rows_of_the_container_table_copied_without_heading_are_container_states():
    text = (
        "│ kserve-container     │ Terminated │ 137       │ OOMKilled │\n"
        "│ queue-proxy          │ Running    │ -         │           │\n"
    )
    facts = facts_of(text)
    state = facts.containers["kserve-container"].states[0]
    assert (state.state, state.exit_code, state.reason, state.line) == ("terminated", 137, "OOMKilled", 1)
    assert facts.containers["queue-proxy"].states[0].state == "running"


def test_a_boxed_row_of_another_table_is_not_a_container_state():
    facts = facts_of("│ Ready │ False │ RevisionMissing │ Configuration is waiting │\n")
    assert not facts.containers


def test_rows_of_the_conditions_table_copied_without_heading_are_conditions():
    text = (
        '│ PredictorReady │ False  │ RevisionFailed │ Revision "m-1-r1-predictor-00001" failed with message: '
        "Container failed with: ImportError: libGL.so.1: cannot open shared object file │\n"
        "│ IngressReady   │ True   │                │                                   │\n"
    )
    facts = facts_of(text)
    rows = [(c.type, c.status, c.reason, c.line) for c in facts.conditions]
    assert rows == [("PredictorReady", "False", "RevisionFailed", 1), ("IngressReady", "True", None, 2)]
    assert facts.conditions[0].message.endswith("cannot open shared object file")
    assert not facts.containers


def test_a_markdown_row_with_a_boolean_second_cell_but_no_condition_type_is_not_a_condition():
    facts = facts_of("| feature_x | True | used by the ranker |\n")
    assert not facts.conditions
