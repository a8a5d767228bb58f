"""A paste of several attempts: the failure before the reporter's last change is over, the
one after it is the one to fix; one attempt, or a change that did not help, keeps all."""

from __future__ import annotations

import pytest

from diagnoser import diagnose
from diagnoser.attempts import last_attempt_start
from diagnoser.normalise import normalise

POD = "ocr-3-r2-predictor-00001-deployment-6b8d7c9f4-r5t2k"
INVALID_NAME = (
    "  Warning  InspectFailed  2m  kubelet  Failed to apply default image tag "
    '"registry.acme.test/OCR/serve:1.4": couldn\'t parse image reference '
    '"registry.acme.test/OCR/serve:1.4": invalid reference format: repository name must be lowercase\n'
)
PULL_401 = (
    '  Warning  Failed  40s  kubelet  Failed to pull image "registry.acme.test/ocr/serve:1.4": '
    'failed to pull and unpack image "registry.acme.test/ocr/serve:1.4": failed to resolve reference '
    '"registry.acme.test/ocr/serve:1.4": unexpected status from HEAD request to '
    "https://registry.acme.test/v2/ocr/serve/manifests/1.4: 401 Unauthorized\n"
)


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_the_cause_of_an_attempt_fixed_since_is_set_aside_for_the_current_one() -> None:
    note = "fixed the repo name to lower case and redeployed, now:"
    text = f"first try the pod said:\n{INVALID_NAME}\n{note}\n{PULL_401}"
    found = ids(text)
    assert found[0] == "image-pull-unauthorized"
    assert "invalid-image-name" not in found


def test_the_same_failure_after_the_change_is_still_reported() -> None:
    text = f"{PULL_401}\nI bumped the pull secret and redeployed, still:\n{PULL_401}"
    assert ids(text)[:1] == ["image-pull-unauthorized"]


def test_without_a_note_of_a_change_every_cause_stays() -> None:
    text = f"the pod said:\n{INVALID_NAME}\nthen I looked at the other replica:\n{PULL_401}"
    assert {"invalid-image-name", "image-pull-unauthorized"} <= set(ids(text))


def test_a_later_attempt_with_only_a_symptom_keeps_the_earlier_cause() -> None:
    text = (
        "Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n"
        "I raised the memory to 8Gi and redeployed, now:\n"
        "  Warning  BackOff  10s  kubelet  Back-off restarting failed container kserve-container"
        f" in pod {POD}\n"
    )
    assert "oomkilled" in ids(text)


def test_output_lines_with_words_of_change_are_not_notes() -> None:
    doc = normalise(
        "INFO[0003] Set retry count to 5 for registry pulls\n"
        "2026-12-01T10:00:00Z  Normal  Updated  deployment changed replicas  kubelet\n"
        '{"msg": "fixed endpoint", "level": "info"}\n'
    )
    assert last_attempt_start(doc) is None


def test_the_last_note_of_a_change_starts_the_current_attempt() -> None:
    doc = normalise("attempt 1 (v5) ended with:\nx\nfixed conda.yaml and logged v6. attempt 2:\ny\n")
    assert last_attempt_start(doc) == 3


def test_an_earlier_failure_is_over_when_the_pods_after_the_change_are_running_and_ready() -> None:
    text = (
        "v2 kept crashing:\nModuleNotFoundError: No module named 'sklearn'\n"
        "added scikit-learn to conda.yaml, logged v3 and redeployed:\n"
        "NAME                                                  READY   STATUS    RESTARTS   AGE\n"
        "pricing-3-r1-predictor-00001-deployment-5b4c3d2e1-y7u8i   2/2     Running   0          11m\n"
    )
    assert ids(text) == []


OOM_HISTORY = (
    "error deploying inference service (fraud-txn-11-r2): timeout waiting inference service to be ready\n"
    ">\n> Pod container status:\n"
    "> ┌──────────────────┬────────────┬───────────┬───────────┐\n"
    "> │ CONTAINER NAME   │ STATUS     │ EXIT CODE │ REASON    │\n"
    "> ├──────────────────┼────────────┼───────────┼───────────┤\n"
    "> │ kserve-container │ Terminated │ 137       │ OOMKilled │\n"
    "> └──────────────────┴────────────┴───────────┴───────────┘\n"
)
RUNNING = (
    "NAME                                                         READY   STATUS    RESTARTS   AGE\n"
    "fraud-txn-11-r3-predictor-00001-deployment-6d9f7c8b5-kq2wz   2/2     Running   0          5h\n"
)


def test_the_earlier_message_a_mail_reply_quotes_gives_way_to_the_reply() -> None:
    quoted = "On Thu, Dec 17, 2026 at 9:58 PM Sekar wrote:\n> " + OOM_HISTORY
    assert ids("Confirmed, the new deploy is serving fine, thanks!\n" + RUNNING + "\n" + quoted) == []
    outlook = "-----Original Message-----\nFrom: Sekar\nSubject: v11 fails\n\n" + OOM_HISTORY.replace(
        "> ", ""
    )
    assert ids("Confirmed fixed, thanks!\n" + RUNNING + "\n" + outlook) == []


def test_a_quoted_message_stays_the_answer_when_the_reply_shows_nothing() -> None:
    quoted = "On Thu, Dec 17, 2026 at 9:58 PM Sekar wrote:\n> " + OOM_HISTORY
    assert ids("Any news on this one?\n\n" + quoted)[:1] == ["oomkilled"]


def test_a_chat_quote_without_a_mail_header_is_output_not_an_earlier_message() -> None:
    text = "> history says:\n> " + OOM_HISTORY + PULL_401
    assert "oomkilled" in ids(text)


# A session of commands and their outputs: the command that changed something starts the
# next attempt, with no note in the reporter's words.
OOM_DESCRIBE = (
    "    State:          Waiting\n      Reason:       CrashLoopBackOff\n"
    "    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n"
)
QUOTA = (
    "ModelEndpointDeploymentError: ('ltv', 3, 'error deploying inference service (ltv-3-r2): "
    'pods "ltv-3-r2-predictor-00001-deployment-6b9d4f7c8-" is forbidden: exceeded quota: q, '
    "requested: limits.cpu=6, used: limits.cpu=30, limited: limits.cpu=32')\n"
)


@pytest.mark.parametrize(
    "command",
    [
        "$ kubectl -n risk delete pod fraud-1-r1-predictor-00001-deployment-6c8e4a2d7-fj3lp",
        "$ kubectl -n f delete pvc store && kubectl -n f apply -f pvc.yaml",
        "alex@ops:~$ kubectl -n kserve rollout restart deployment kserve-controller-manager",
        "➜  app git:(main) ✗ docker push registry.test/app:1.0.1",
        "$ helm upgrade feast-serving feast/feast-serving -f values.yaml",
        "$ gcloud compute instances delete gke-node-1 --zone europe-west1-c --quiet",
        ">>> merlin.deploy(v22, image_builder_resource_request=ResourceRequest(cpu_request='4'))",
        "In [12]: ep = merlin.deploy(v3)",
        "PS C:\\dev\\credit> python .\\deploy.py --version 14",
    ],
)
def test_a_command_that_changes_the_deployment_starts_an_attempt(command: str) -> None:
    doc = normalise(f"{OOM_DESCRIBE}{command}\nsomething\n")
    assert last_attempt_start(doc) == OOM_DESCRIBE.count("\n") + 1


@pytest.mark.parametrize(
    "command",
    [
        "$ kubectl get pods -w",
        "$ kubectl -n ml rollout status deployment/x",
        "$ kubectl config use-context gke_prod",
        "$ kubectl -n ml logs x -c kserve-container --previous",
        "$ gsutil iam get gs://bucket",
        "$ kubectl run nettest --rm -it --image=busybox:1.36 --restart=Never -- nc -zv 10.0.0.1 9000",
    ],
)
def test_a_command_that_only_looks_changes_nothing(command: str) -> None:
    assert last_attempt_start(normalise(f"{OOM_DESCRIBE}{command}\nsomething\n")) is None


def test_a_second_deploy_call_that_fails_for_another_reason_is_the_current_attempt() -> None:
    text = (
        "In [11]: ep = merlin.deploy(v3, resource_request=R(cpu_request='16'))\n"
        "ModelEndpointDeploymentError: ('ltv', 3, 'CPU request is too large')\n\n"
        "In [12]: ep = merlin.deploy(v3, resource_request=R(cpu_request='6'))\n" + QUOTA
    )
    found = ids(text)
    assert found[0] == "resource-quota-exceeded"
    assert "resource-request-rejected" not in found


def test_a_change_with_nothing_after_it_does_not_hide_the_attempt_before_it() -> None:
    text = (
        f"{INVALID_NAME}\nfixed the repo name and redeployed:\n{PULL_401}"
        '$ kubectl delete pod nettest\npod "nettest" deleted\n'
    )
    found = ids(text)
    assert found[0] == "image-pull-unauthorized"
    assert "invalid-image-name" not in found


def test_the_sdk_saying_deployed_after_the_change_ends_the_earlier_failure() -> None:
    text = (
        f"{OOM_DESCRIBE}In [3]: merlin.deploy(v5, resource_request=R(memory_request='6Gi'))\n"
        "Deploying model price version 5\nModel price version 5 is deployed.\n"
    )
    assert ids(text) == []


def test_switching_kubectl_to_another_cluster_is_not_a_change() -> None:
    text = (
        "NAME                                                 READY   STATUS                       RESTARTS   AGE\n"  # noqa: E501
        "clf-4-r1-predictor-00001-deployment-8a0c2e4b6-d7tnw   0/2     CreateContainerConfigError   0          18m\n"  # noqa: E501
        '  Warning  Failed  3m  kubelet  Error: secret "feature-store" not found\n'
        "$ kubectl config use-context gke_staging\n"
        'Switched to context "gke_staging".\n'
        "NAME                                                 READY   STATUS    RESTARTS   AGE\n"
        "clf-4-r2-predictor-00001-deployment-6e8a0c2d4-k3vwq   2/2     Running   0          4d\n"
    )
    assert ids(text)[:1] == ["missing-secret-or-configmap"]


def test_an_earlier_refusal_does_not_hide_the_current_failure_it_would_explain() -> None:
    text = (
        ">>> merlin.deploy(v17, transformer=StandardTransformer(config_file='t.yaml'))\n"
        'HTTP response body: {"error":"Error validating transformer: entity geohash is not found in project feats"}\n'  # noqa: E501
        ">>> merlin.deploy(v17, transformer=Transformer('registry.test/preproc:0.3.0'))\n"
        "$ kubectl -n ml logs eta-17-r2-transformer-00001-deployment-5b7d9f1a3-c3xw9 -c transformer --previous\n"  # noqa: E501
        "ModuleNotFoundError: No module named 'pygeohash'\n"
    )
    found = ids(text)
    assert found[0] == "transformer-error"
    assert "transformer-config-invalid" not in found


def test_every_change_word_starts_with_a_character_of_the_change_patterns_lookahead() -> None:
    """The lookahead that rejects most word starts on their first character must not reject
    a change word: each alternative's first character (both cases of ``[Ff]``) is in it."""
    import re._parser as sre_parse  # the regex's own parse, read only by this test

    from diagnoser.attempts import _CHANGE

    lookahead, alternation, _boundary = list(sre_parse.parse(_CHANGE.pattern))[1:]
    allowed = {chr(code) for _kind, code in lookahead[1][1][0][1]}
    firsts: set[str] = set()
    pending = [[alternation]]
    while pending:  # open the groups an alternative starts with, down to its first item
        items = pending.pop()
        op, arg = items[0]
        if op == sre_parse.BRANCH:
            pending.extend(list(branch) for branch in arg[1])
        elif op == sre_parse.SUBPATTERN:
            pending.append(list(arg[3]))
        elif op == sre_parse.IN:
            firsts.update(chr(code) for _kind, code in arg)
        else:
            assert op == sre_parse.LITERAL, (op, arg)
            firsts.add(chr(arg))
    assert firsts and firsts <= allowed, sorted(firsts - allowed)


WEBHOOK = (
    "error deploying inference service (seg-4-r1): Internal error occurred: failed calling webhook "
    '"inferenceservice.kserve-webhook-server.defaulter": failed to call webhook: Post '
    '"https://kserve-webhook-server-service.kserve.svc:443/mutate?timeout=10s": '
    'no endpoints available for service "kserve-webhook-server-service"\n'
)
CRASHING_CONTROLLER = (
    "NAME                                         READY   STATUS             RESTARTS        AGE\n"
    "kserve-controller-manager-6c8f9d7b54-rx2lm   1/2     CrashLoopBackOff   212 (3m ago)    17h\n"
)


@pytest.mark.parametrize(
    "note",
    [
        "I thought the spec was invalid, so I changed it, same error.",
        "bumped the timeout in the config map, didn't help.",
        "redeployed twice, no luck.",
        "I updated the chart values, still the same.",
    ],
)
def test_a_note_of_a_change_that_altered_nothing_keeps_the_failure_before_it(note: str) -> None:
    text = f"{WEBHOOK}\n{note}\n\n{CRASHING_CONTROLLER}"
    assert last_attempt_start(normalise(text)) is None
    assert ids(text)[:1] == ["webhook-unavailable"]
