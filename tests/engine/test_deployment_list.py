"""Merlin's list of an endpoint's deployments pasted whole (diagnoser/deployment_list.py):
a Failed deployment below the Deployed one was replaced by it and gives no finding; a
Failed deployment above it is the newest attempt and still does."""

from __future__ import annotations

from diagnoser import diagnose

FAILED = (
    "Error message\n"
    "error deploying inference service (cart-5-r1): timeout waiting inference service to be ready\n"
    "\n"
    "Pod container status:\n"
    "┌──────────────────┬────────────┬───────────┬───────────┐\n"
    "│ CONTAINER NAME   │ STATUS     │ EXIT CODE │ REASON    │\n"
    "├──────────────────┼────────────┼───────────┼───────────┤\n"
    "│ kserve-container │ Terminated │ 137       │ OOMKilled │\n"
    "└──────────────────┴────────────┴───────────┴───────────┘\n"
)
HEADER = "Deployment History\nDeployment Time\tDeployment Status\n"


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_a_failed_deployment_below_the_deployed_one_was_replaced() -> None:
    rows = "4 minutes ago  Current\tDeployed\n52 minutes ago\tFailed\n"
    page = HEADER + rows + FAILED + "3 days ago\tNot Deployed\n"
    assert ids(page) == []


def test_the_newest_deployment_failed_above_the_serving_one() -> None:
    page = HEADER + "6 minutes ago\tFailed\n" + FAILED + "2 days ago  Current\tDeployed\n"
    assert ids(page)[:1] == ["oomkilled"]


def test_api_records_a_failed_deployment_with_an_older_id_than_the_running_one() -> None:
    error = "error deploying inference service (cart-5-r1): timeout waiting inference service to be ready"
    running = '{\n  "id": 412,\n  "status": "running",\n  "error": "",\n  "updated_at": "2027-03-12"\n}\n'
    failed = (
        f'{{\n  "id": 409,\n  "status": "failed",\n  "error": "{error}",\n  "updated_at": "2027-03-11"\n}}\n'
    )
    assert ids(running + failed) == []
    assert ids(failed)[:1] == ["deployment-timeout"]
    newer_failure = failed.replace('"id": 409', '"id": 415')
    assert ids(running + newer_failure)[:1] == ["deployment-timeout"]


QUOTA = (
    "Error message\n"
    'error deploying inference service (cart-5-r3): pods "cart-5-r3-predictor-00001-deployment-" is'
    " forbidden: exceeded quota: q, requested: limits.memory=8Gi, used: limits.memory=60Gi,"
    " limited: limits.memory=64Gi\n"
)


def test_an_older_failure_below_the_newest_expanded_failure_is_an_earlier_attempt() -> None:
    rows = "5 minutes ago\tFailed\n" + QUOTA + "41 minutes ago\tFailed\n" + FAILED
    assert ids(HEADER + rows + "2 weeks ago\tNot Deployed\n") == ["resource-quota-exceeded"]


def test_an_unexpanded_newest_failure_leaves_the_older_message_speaking() -> None:
    rows = "5 minutes ago\tFailed\n41 minutes ago\tFailed\n" + FAILED
    assert "oomkilled" in ids(HEADER + rows)


NOTE = 'redeployed with more memory after the last one failed with "kserve-container OOMKilled". Now:\n\n'


def test_a_failure_quoted_above_a_page_whose_newest_row_is_deployed_is_over() -> None:
    page = HEADER + "6 minutes ago  Current\tDeployed\n2 days ago\tNot Deployed\n"
    assert ids(NOTE + page) == []


def test_a_failure_quoted_above_a_page_whose_newest_row_failed_still_counts() -> None:
    page = HEADER + "6 minutes ago\tFailed\n2 days ago  Current\tDeployed\n"
    assert "oomkilled" in ids(NOTE + page)


def test_serving_now_names_only_the_newest_row_of_each_page() -> None:
    from diagnoser.deployment_list import serving_now
    from diagnoser.normalise import normalise

    serving = HEADER + "6 minutes ago  Current\tDeployed\n2 days ago\tFailed\n"
    failed = HEADER + "1 minute ago\tFailed\n3 days ago  Current\tDeployed\n"
    assert serving_now(normalise(serving + failed)) == [3]
