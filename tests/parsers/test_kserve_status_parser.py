from parsers_helpers import facts_of, sample


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
