"""Readings of a terminal session's outputs: where one command's output ends, the same pod
described twice, and which failures a later pull resolves."""

from __future__ import annotations

from diagnoser import diagnose

EVENTS = "  Type     Reason     Age   From     Message\n  ----     ------     ----  ----     -------\n"
TIMEOUT = (
    '  Warning  Failed     26m (x4 over 32m)  kubelet  Failed to pull image "harbor.test/ml/iforest:2": '
    'failed to do request: Head "https://harbor.test/v2/ml/iforest/manifests/2": dial tcp 10.4.9.21:443: i/o timeout\n'  # noqa: E501
)


def findings(text: str) -> list[tuple[str, str]]:
    return [(finding.id, finding.confidence) for finding in diagnose(text).findings]


def test_a_kubelet_refusal_that_names_the_image_is_not_resolved_by_a_later_pull() -> None:
    text = (
        f"Events:\n{EVENTS}"
        '  Normal   Pulled  16m  kubelet  Successfully pulled image "harbor.test/kyc/face:3.1.4" in 41.2s\n'
        "  Warning  Failed  2m   kubelet  Error: container has runAsNonRoot and image will run as root "
        '(pod: "face-2-r2-predictor-00001-deployment-7b3d5f9a1-8vcw2_kyc(8a0c2e4b)", container: kserve-container)\n'  # noqa: E501
        '  Normal   Pulled  2m   kubelet  Container image "harbor.test/kyc/face:3.1.4" already present on machine\n'  # noqa: E501
    )
    assert findings(text)[:1] == [("run-as-non-root-violated", "high")]


def test_the_same_pod_described_twice_reads_its_repeated_events_as_events() -> None:
    later = (
        '  Normal   Pulled     2m40s  kubelet  Successfully pulled image "harbor.test/ml/iforest:2" in 20.8s\n'  # noqa: E501
        "  Normal   Started    2m39s  kubelet  Started container kserve-container\n"
    )
    text = (
        f"$ kubectl describe pod x | sed -n '/^Events:/,$p'\nEvents:\n{EVENTS}{TIMEOUT}\n"
        f"$ kubectl describe pod x | sed -n '/^Events:/,$p'\nEvents:\n{EVENTS}{TIMEOUT}{later}"
    )
    assert findings(text) == []  # the repeat is the first event again, resolved by the pull


def test_the_next_prompt_ends_the_events_of_a_describe() -> None:
    text = (
        f"Events:\n{EVENTS}"
        "  Normal   Started    2m39s  kubelet  Started container kserve-container\n"
        "jdoe@laptop ~ $ kubectl -n ml get pods\n"
        "NAME                                                          READY   STATUS             RESTARTS   AGE\n"  # noqa: E501
        "iforest-2-r1-predictor-00001-deployment-4d6f8a0c2-rb8jz       1/2     CrashLoopBackOff   4          9m\n"  # noqa: E501
    )
    assert ("container-crash", "high") in findings(text)
