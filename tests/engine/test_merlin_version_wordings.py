"""Merlin's messages in the wordings of older and newer versions (batch ar): the autoscaling
policy checks of ValidateAutoscalingPolicy, the capitalised transformer validator messages
of Merlin 0.1x-0.2x, the protocol checks of the standard transformer compiler, and the
readings that keep a Feast core outage, a request without its entity and a quota that
starves the image builder from being named as something else."""

from __future__ import annotations

from diagnoser import diagnose


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_old_autoscaling_policy_wordings_are_a_rejected_autoscaling_config() -> None:
    for body in (
        "Unable to deploy model version: invalid input: "
        "raw_deployment doesn't support \\u0026{concurrency 5} autoscaling metrics",
        "Unable to process model version input: invalid input: policy cpu_utilization is outside 0-100 range",
        "Unable to process model version input: invalid input: policy rps is less than or equal to 0",
    ):
        assert ids('HTTP response body: {"error":"' + body + '"}')[:1] == ["autoscaling-config-invalid"], body


def test_the_policy_printed_in_an_info_log_is_not_a_rejection() -> None:
    line = '{"level":"info","msg":"deploying endpoint with autoscaling policy &{rps 20} on serverless"}\n'
    assert "autoscaling-config-invalid" not in ids(line)


def test_capitalised_validator_messages_of_old_merlin_are_a_rejected_transformer_config() -> None:
    for message in (
        "Transformer image name is not specified",
        "Standard transformer config is not specified",
        "Unknown transformer type: standard_transformer",
    ):
        assert ids('{"error":"' + message + '"}')[:1] == ["transformer-config-invalid"], message


def test_a_protocol_check_failing_at_the_transformers_start_is_the_config_not_the_container() -> None:
    log = (
        '{"level":"fatal","msg":"Unable to compile standard transformer",'
        '"error":"UPIPreprocessOutput is not supported in postprocess step"}\n'
    )
    found = ids(log)
    assert found[:1] == ["transformer-config-invalid"]


def test_feast_core_unreachable_while_validating_is_neither_a_config_nor_a_retrieval_error() -> None:
    body = (
        '{"error":"Request validation failed: Error validating transformer: error retrieving list of entity '
        "for project drivers: rpc error: code = Unavailable desc = connection error: desc = "
        '\\"transport: Error while dialing dial tcp 10.1.2.3:6565: connect: connection refused\\""}'
    )
    found = ids("HTTP response body: " + body)
    assert "transformer-config-invalid" not in found
    assert "feature-retrieval-failed" not in found


def test_a_request_without_the_entity_field_is_not_a_feature_store_failure() -> None:
    line = (
        "eta-1-r1-transformer-00001-deployment-5d6f7-abcde transformer "
        '{"level":"error","msg":"preprocess error",'
        '"error":"unable to extract entity driver_id: key error: driver_id not found in object"}\n'
    )
    assert "feature-retrieval-failed" not in ids(line)


def test_a_quota_refusing_the_builder_pods_ranks_before_the_build_timeout_it_causes() -> None:
    paste = (
        "timeout building pyfunc image\n\n"
        "LAST SEEN   TYPE      REASON         OBJECT              MESSAGE\n"
        "30m         Warning   FailedCreate   job/team-model-3   "
        'Error creating: pods "team-model-3-x7k2p" is '
        "forbidden: exceeded quota: builder-quota, requested: limits.memory=8Gi, used: limits.memory=30Gi, "
        "limited: limits.memory=32Gi\n"
    )
    found = ids(paste)
    assert found[:1] == ["resource-quota-exceeded"]
    assert "image-build-timeout" in found
