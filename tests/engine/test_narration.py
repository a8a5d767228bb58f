"""The reporter's own sentences are not pasted output: a finding only they support gives way
to what the output shows, and stands at low confidence when nothing else is pasted."""

from __future__ import annotations

import pytest

from diagnoser import diagnose
from diagnoser.narration import is_narration

PENDING = (
    "  Warning  FailedScheduling  3m (x7 over 26m)  default-scheduler  0/9 nodes are available: "
    "9 Insufficient memory. preemption: 0/9 nodes are available: 9 No preemption victims found."
)


def test_sentences_a_person_wrote_are_narration_and_log_lines_are_not() -> None:
    assert is_narration("After the OOMKilled last week I bumped memory to 24Gi in the config.")
    assert is_narration("Is this the quota again or something with the node pool?")
    assert is_narration("Hi all, after moving the model the pod never starts. kubectl says:")
    assert not is_narration("I1202 10:11:12.123456 1 server.go:42] OOMKilled container restarted")
    assert not is_narration("2026-12-01T10:00:00Z ERROR my handler failed: OOMKilled")
    assert not is_narration("Error: I/O timeout while reading the model from the bucket")
    assert not is_narration("  Warning  BackOff  1m  kubelet  Back-off restarting failed container")


def test_a_chat_quote_of_what_happened_earlier_today_is_narration() -> None:
    assert is_narration("it was OOMKilled again this morning")
    assert is_narration("the pod got OOMKilled again after the redeploy")
    assert not is_narration("Back-off restarting failed container, will try again in 5m0s")


def test_a_finding_only_narration_supports_gives_way_to_the_pasted_output() -> None:
    text = "It was OOMKilled last week so I raised the memory, now it is stuck:\n" + PENDING
    assert [f.id for f in diagnose(text).findings] == ["insufficient-resources"]


def test_narration_alone_still_answers_at_low_confidence() -> None:
    findings = diagnose("My model pod keeps getting OOMKilled after every deploy, any idea why?").findings
    assert [(f.id, f.confidence) for f in findings] == [("oomkilled", "low")]


def test_quote_marks_bullets_clocks_and_emphasis_lead_a_persons_line() -> None:
    assert is_narration("> Is the admission webhook down? My deploy fails right away.")
    assert is_narration("* raised memory to 4Gi because I read CrashLoopBackOff is often OOM")
    assert is_narration("*I want* the deployment list to show why the last pod died")
    assert not is_narration("- message: 'Back-off restarting failed container'")


def test_a_timeline_entry_is_a_persons_record_of_what_happened() -> None:
    assert is_narration("* 10:42 pod OOMKilled (exit 137) right after loading the model, limit was 3Gi")
    assert is_narration("• 14:02 deploy v4 with standard transformer, History: predictor OOMKilled")
    assert not is_narration("10:42:13 kserve-container OOMKilled after loading the model")
    assert not is_narration(
        "(raylet) [2026-10-06 01:02:54,871 E 91 91] 2 Workers killed over the last time period."
    )


def test_a_question_in_the_middle_of_a_line_is_a_persons() -> None:
    assert is_narration("* is 8Gi still not enough? (no OOMKilled since 10:50 though)")
    assert not is_narration("GET /v1/models/m?verbose=1 returned 500 Internal Server Error")


def test_a_timeline_of_a_fixed_failure_gives_way_to_the_output_below_it() -> None:
    text = (
        "* 10:42 pod OOMKilled (exit 137) right after loading the model, limit was 3Gi\n"
        "* 10:50 bumped memory to 8Gi request / 8Gi limit, redeployed as r3\n"
        "Events:\n  Type     Reason     Age   From     Message\n"
        "  ----     ------     ----  ----     -------\n"
        "  Normal   Killing    62s (x3 over 11m)   kubelet   Container kserve-container failed liveness"
        " probe, will be restarted\n"
    )
    assert [f.id for f in diagnose(text).findings] == ["probe-failure"]


def test_a_guess_a_denial_or_a_memory_alone_is_no_answer() -> None:
    assert diagnose("Is this pandas FutureWarning why my teammate's model got OOMKilled?").findings == []
    assert diagnose("My teammate's copy of the model was OOMKilled last week, mine runs fine.").findings == []
    assert (
        diagnose("Right now we are not hitting Insufficient nvidia.com/gpu on the llm pool.").findings == []
    )


def test_only_the_sentence_holding_the_error_is_judged() -> None:
    text = (
        "Since Monday our retrain fails at the build. Merlin marks the version failed with "
        '"timeout building pyfunc image". It compiles cmdstan now, I guess that\'s why.'
    )
    assert [(f.id, f.confidence) for f in diagnose(text).findings] == [("image-build-timeout", "low")]


def test_output_quoted_inline_in_a_question_still_answers() -> None:
    text = (
        "[10:31] Rina K.: transformer stuck in CreateContainerConfigError: `Error: couldn't find key "
        "FEAST_AUTH_TOKEN in ConfigMap pricing-ml/feast-client-config` is that the RBAC change?"
    )
    assert [f.id for f in diagnose(text).findings] == ["missing-secret-or-configmap"]


PULL_NOT_FOUND = (
    '  Warning  Failed  2m (x4 over 3m)  kubelet  Failed to pull image "registry.acme.internal/ml/fraud:v7": '
    "rpc error: code = NotFound desc = failed to resolve reference "
    '"registry.acme.internal/ml/fraud:v7": registry.acme.internal/ml/fraud:v7: not found'
)


def test_a_sentence_below_event_rows_does_not_continue_the_last_message() -> None:
    for sentence in (
        "We fixed the OOMKilled problem from last week already, any idea what this one is?",
        "请问是什么原因？之前 OOMKilled 的问题已经解决了。",
    ):
        ids = [finding.id for finding in diagnose(f"{PULL_NOT_FOUND}\n{sentence}\n").findings]
        assert ids == ["image-not-found"], sentence


def test_a_line_in_a_script_no_software_message_uses_is_narration() -> None:
    assert is_narration("之前 OOMKilled 的问题已经解决了。")
    assert is_narration("모델 배포가 계속 실패합니다 OOMKilled")
    assert is_narration("После обновления под снова OOMKilled, что делать?")
    assert not is_narration("2026-12-01T10:00:00Z ERROR 模型加载失败: OOMKilled")  # a log record
    assert not is_narration("Error: model café-3 failed: OOMKilled")  # a few accented letters


CRASH_LOOP_DESCRIBE = (
    "    State:          Waiting\n      Reason:       CrashLoopBackOff\n"
    "    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    1\n"
    "    Restart Count:  6\n"
)


def test_a_sentence_passing_on_the_outputs_cause_of_a_shown_symptom_is_kept_at_low_confidence() -> None:
    told = "kubectl logs --previous only shows exec format error, I built the image on my M1 laptop"
    report = diagnose(CRASH_LOOP_DESCRIBE + told + "\n")
    assert [(f.id, f.confidence) for f in report.findings][:2] == [
        ("image-wrong-architecture", "low"),
        ("container-crash", "high"),
    ]


def test_a_memory_or_a_guess_about_a_cause_beside_a_shown_symptom_is_still_dropped() -> None:
    for told in (
        "Last week this pod was OOMKilled, we raised the memory since then",
        "is 8Gi still not enough? (no OOMKilled since 10:50 though)",
        "I wonder if it shows exec format error because of my M1 laptop?",
    ):
        ids = [f.id for f in diagnose(CRASH_LOOP_DESCRIBE + told + "\n").findings]
        assert ids == ["container-crash"], told


def test_an_exception_line_with_a_message_in_another_language_is_output() -> None:
    assert not is_narration("RuntimeError: モデルの読み込みに失敗しました")
    assert not is_narration("ERROR: 模型文件不存在 gs://bucket/model")


def test_error_words_negated_right_before_them_are_denied_even_beside_inline_code() -> None:
    from diagnoser.narration import tells_of_now

    line = "`kubectl describe pod` shows Exit Code 137 but Reason `Error`, not `OOMKilled`, sadly."
    assert not tells_of_now(line, line.index("OOMKilled"))
    stated = "`kubectl describe pod` shows Reason `OOMKilled` with Exit Code 137 every time."
    assert tells_of_now(stated, stated.index("OOMKilled"))


def test_a_reporter_saying_not_oomkilled_beside_a_liveness_kill_gives_no_oom_finding() -> None:
    probe = 'Get "http://10.1.2.3:8080/v1/models/m": dial tcp 10.1.2.3:8080: connect: connection refused'
    paste = "\n".join(
        [
            "We see the same thing: `kubectl describe pod` shows Exit Code 137 but Reason `Error`,"
            " not `OOMKilled`.",
            "    Last State:     Terminated",
            "      Reason:       Error",
            "      Exit Code:    137",
            f"  Warning  Unhealthy  2m (x9 over 5m)  kubelet  Liveness probe failed: {probe}",
            "  Normal   Killing    2m (x3 over 5m)  kubelet  Container kserve-container failed liveness"
            " probe, will be restarted",
        ]
    )
    ids = [finding.id for finding in diagnose(paste).findings]
    assert ids[:1] == ["probe-failure"]
    assert "oomkilled" not in ids


@pytest.mark.parametrize(
    "text",
    [
        "How do we set memory so it doesn't get OOMKilled under load?\n"
        "I want to avoid the usual OOMKilled / CrashLoopBackOff stories from other teams.\n",
        "We are planning the rollout and want to prevent CrashLoopBackOff on the first deploy.\n",
        "Is there a setting so that it won't get Evicted when the node is busy?\n",
    ],
)
def test_a_plan_to_avoid_a_failure_alone_is_no_answer(text: str) -> None:
    assert diagnose(text).findings == []


def test_a_failure_stated_beside_words_of_help_or_consequence_still_answers() -> None:
    for text in (
        "In case it helps, the model pod is OOMKilled every time it loads the model.\n",
        "The image is built for arm64 so it won't start, the pod is in CrashLoopBackOff now.\n",
    ):
        assert diagnose(text).findings != []
