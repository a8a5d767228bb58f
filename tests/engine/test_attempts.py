"""A paste of several attempts: the failure before the reporter's last change is over, the
one after it is the one to fix; one attempt, or a change that did not help, keeps all."""

from __future__ import annotations

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
