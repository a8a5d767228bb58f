from parsers_helpers import facts_of, run, sample

from diagnoser.judge import judge


def test_describe_isvc_conditions_are_grouped_by_repeated_keys():
    facts = facts_of(sample("describe_isvc.txt"))
    assert facts.kinds == ["kserve-status"]
    predictor = next(c for c in facts.conditions if c.type == "PredictorReady")
    assert (predictor.status, predictor.reason, predictor.line) == ("False", "RevisionFailed", 19)
    assert predictor.message.endswith("Initial scale was never achieved.")
    ingress = next(c for c in facts.conditions if c.type == "IngressReady")
    assert (ingress.status, ingress.reason) == ("True", None)


def test_describe_isvc_model_status_matches_yaml_representation():
    facts = facts_of(sample("describe_isvc.txt"))
    model = next(c for c in facts.conditions if c.type == "ModelStatus")
    assert (model.status, model.reason) == ("False", "FailedToLoad")
    failure = next(c for c in facts.conditions if c.type == "ModelLastFailure")
    assert (failure.reason, failure.message) == ("ModelLoadFailed", "Failed to load model")


def test_status_yaml_fragment_without_apiversion():
    facts = facts_of(sample("status_fragment.yaml"))
    assert facts.kinds == ["kserve-status"]
    cond = facts.conditions[0]
    assert (cond.type, cond.status, cond.reason, cond.line) == ("Ready", "False", "ExitCode1", 5)


def test_indented_conditions_list_pasted_alone():
    text = (
        "  conditions:\n"
        '  - lastTransitionTime: "2024-03-05T11:00:00Z"\n'
        "    message: Deployment does not have minimum availability.\n"
        "    reason: MinimumReplicasUnavailable\n"
        '    status: "False"\n'
        "    type: Ready\n"
    )
    facts = facts_of(text)
    assert facts.kinds == ["kserve-status"]
    assert facts.conditions[0].reason == "MinimumReplicasUnavailable"


def test_get_ksvc_table_ready_and_reason_become_condition():
    facts = facts_of(sample("ksvc_table.txt"))
    cond = facts.conditions[0]
    assert (cond.type, cond.status, cond.reason, cond.line) == ("Ready", "False", "RevisionMissing", 2)


def test_get_table_conditions_carry_the_kind_its_columns_name():
    isvc = (
        "NAME        URL  READY  PREV  LATEST  PREVROLLEDOUTREVISION  LATESTREADYREVISION  AGE\n"
        "fraud-7-r2       False                                                            12m\n"
    )
    ksvc = (
        "NAME        URL                  LATESTCREATED  LATESTREADY  READY  REASON\n"
        "fraud-pred  http://f.ml.ex.io    fraud-00001                 False  RevisionMissing\n"
    )
    revision = (
        "NAME                    CONFIG NAME        K8S SERVICE NAME   GENERATION   READY   REASON\n"
        "fraud-7-r2-pred-00001   fraud-7-r2-pred                       1            False   ExitCode1\n"
    )
    assert [c.object for c in facts_of(isvc).conditions] == ["InferenceService"]
    assert [c.object for c in facts_of(ksvc).conditions] == ["Service"]
    assert [c.object for c in facts_of(revision).conditions] == ["Revision"]


def test_whole_object_conditions_carry_its_kind_and_a_bare_status_none():
    whole = (
        "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: fraud-7-r2\n"
        'status:\n  conditions:\n  - status: "False"\n    type: Ready\n'
    )
    bare = '  conditions:\n  - status: "False"\n    type: Ready\n    reason: ContainersNotReady\n'
    assert [c.object for c in facts_of(whole).conditions] == ["InferenceService"]
    assert [c.object for c in facts_of(bare).conditions] == [None]


def test_get_revision_rows_without_header_are_read_by_position():
    text = (
        "$ kubectl get revision -n geo | grep eta-7\n"
        "eta-7-r2-predictor-00001   eta-7-r2-predictor   1   False   ProgressDeadlineExceeded   0\n"
        "eta-7-r2-predictor-00002   eta-7-r2-predictor   eta-7-r2-predictor-00002   2   Unknown\n"
    )
    facts = facts_of(text)
    assert "kserve-status" in facts.kinds
    rows = [(c.type, c.status, c.reason, c.object, c.line) for c in facts.conditions]
    assert rows == [
        ("Ready", "False", "ProgressDeadlineExceeded", "Revision", 2),
        ("Ready", "Unknown", None, "Revision", 3),
    ]


def test_header_less_revision_row_before_a_newer_ready_revision_is_history():
    text = (
        "eta-7-r2-predictor-00001   eta-7-r2-predictor   1   False   ProgressDeadlineExceeded   0\n"
        "eta-7-r2-predictor-00002   eta-7-r2-predictor   2   True                               1   1\n"
    )
    facts = facts_of(text)
    assert [c.revision for c in facts.conditions] == [("eta-7-r2-predictor", 1), ("eta-7-r2-predictor", 2)]
    judge(facts)
    failed, ready = facts.conditions
    assert (failed.status, failed.stale) == ("False", True)
    assert (ready.status, ready.stale) == ("True", False)


def test_header_less_revision_rows_end_at_a_line_of_another_shape():
    text = (
        "eta-7-r2-predictor-00001   eta-7-r2-predictor   1   False   ProgressDeadlineExceeded   0\n"
        "error deploying inference service (eta-7-r2): timeout waiting inference service to be ready\n"
    )
    _, segments, _ = run(text)
    assert [(s.kind, s.start, s.end) for s in segments] == [("kserve-status", 1, 1), ("merlin-history", 2, 2)]


def test_describe_status_cut_from_status_reads_model_status_after_its_conditions():
    text = (
        "Status:\n"
        "  Conditions:\n"
        "    Last Transition Time:  2026-11-20T04:12:09Z\n"
        "    Status:                True\n"
        "    Type:                  Ready\n"
        "  Model Status:\n"
        "    Last Failure Info:\n"
        "      Message:  Specified runtime is disabled\n"
        "      Reason:   RuntimeDisabled\n"
        "    States:\n"
        "      Active Model State:  Loaded\n"
        "      Target Model State:  Loaded\n"
    )
    _, segments, facts = run(text)
    assert [(s.kind, s.start, s.end) for s in segments][-1] == ("kserve-status", 2, 12)
    failure = next(c for c in facts.conditions if c.type == "ModelLastFailure")
    assert (failure.reason, failure.message) == ("RuntimeDisabled", "Specified runtime is disabled")
