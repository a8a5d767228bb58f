"""Readings learned from real pastes: entities from web pages, a cause in jsonPayload.error,
rows whose cells outgrew the header, startup probe blips and refusals from an earlier attempt."""

from __future__ import annotations

import json

from diagnoser import diagnose
from diagnoser.normalise import normalise
from diagnoser.parsers._util import split_row
from diagnoser.regex_safety import edge_literals

PULL_401 = (
    'Failed to pull image "asia.gcr.io/acme-ml/churn:2": failed to pull and unpack image '
    '"asia.gcr.io/acme-ml/churn:2": failed to resolve reference "asia.gcr.io/acme-ml/churn:2": '
    "unexpected status from HEAD request to https://asia.gcr.io/v2/acme-ml/churn/manifests/2: "
    "401 Unauthorized"
)
WEBHOOK = (
    'Internal error occurred: failed calling webhook "webhook.serving.knative.dev": failed to call webhook: '
    'Post "https://webhook.knative-serving.svc:443/defaulting?timeout=10s": context deadline exceeded'
)


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_html_entities_and_web_page_spaces_are_read_as_the_characters_they_stand_for() -> None:
    doc = normalise("pull &quot;a/b:1&quot; &#34;c&#x22; q=1&amp;r=2\u00a0end &#10;")
    assert doc.text == 'pull "a/b:1" "c" q=1&r=2 end &#10;'  # never a control character back


def test_a_cause_in_json_payload_error_is_read_beside_its_message() -> None:
    line = (
        '{"jsonPayload":{"msg":"failed creating inference service spec",'
        '"error":"unsupported autoscaler metrics on raw deployment: rps"},"severity":"ERROR"}'
    )
    assert normalise(line).text.endswith("unsupported autoscaler metrics on raw deployment: rps")
    assert ids(line)[:1] == ["autoscaling-config-invalid"]


def test_columns_after_an_overlong_message_are_read_from_the_row_end() -> None:
    header = "LAST SEEN   TYPE      REASON   OBJECT   MESSAGE          FIRST SEEN   COUNT   NAME"
    starts = [header.index(name) for name in ("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE")]
    starts += [header.index("FIRST SEEN"), header.index("COUNT"), header.index("   NAME") + 3]
    row = "2m          Warning   Failed   pod/p    a message longer than its column   12m   8   p.17f3"
    cells = split_row(row, starts, free=4)
    assert cells[4] == "a message longer than its column"
    assert cells[5:] == ["12m", "8", "p.17f3"]


def test_a_cut_inside_a_word_moves_to_the_word_edge_and_empty_cells_stay_empty() -> None:
    starts = [0, 12, 22, 37]
    assert split_row("11m         Normal    SuccessfulCreate replicaset/x", starts)[2:] == [
        "SuccessfulCreate",
        "replicaset/x",
    ]
    assert split_row("11m                   Created          obj", starts)[1:3] == ["", "Created"]


def test_one_readiness_failure_seconds_after_start_is_not_a_finding() -> None:
    events = (
        "Events:\n  Type     Reason     Age   From     Message\n"
        "  ----     ------     ----  ----     -------\n"
        "  Normal   Started    92s   kubelet  Started container kserve-container\n"
        '  Warning  Unhealthy  88s   kubelet  Readiness probe failed: Get "http://10.0.0.4:8012/": '
        "dial tcp 10.0.0.4:8012: connect: connection refused\n"
    )
    assert "probe-failure" not in ids(events)
    repeated = events.replace("  88s   kubelet", "  88s (x30 over 5m)   kubelet")
    assert "probe-failure" in ids(repeated)


def test_a_refusal_before_a_pod_failure_ranks_after_it_and_says_why() -> None:
    chat = f"first try:\n> {WEBHOOK}\nafter a restart of the webhook the pod says\n> {PULL_401}\n"
    report = diagnose(chat)
    assert [f.id for f in report.findings][:2] == ["image-pull-unauthorized", "webhook-unavailable"]
    assert "earlier attempt" in (report.findings[1].because or "")


def test_a_refusal_after_the_pod_failure_keeps_its_place() -> None:
    later = f"> {PULL_401}\nnow redeploying gives\n> {WEBHOOK}\n"
    assert ids(later)[0] == "webhook-unavailable"


def test_the_builder_job_conditions_table_is_read_by_its_own_header() -> None:
    from diagnoser.normalise import normalise as norm
    from diagnoser.parsers import parse
    from diagnoser.recognise import recognise

    history = (
        "error building pyfunc image: failed building pyfunc image\n\nJob conditions:\n"
        "┌───────────────────────────────┬────────┬──────────────────┬──────────────────────────┐\n"
        "│ TIMESTAMP                     │ TYPE   │ REASON           │ MESSAGE                  │\n"
        "├───────────────────────────────┼────────┼──────────────────┼──────────────────────────┤\n"
        "│ Tue, 01 Dec 2026 04:52:31 UTC │ Failed │ BackoffLimitExceeded │ Job reached backoff limit │\n"
        "└───────────────────────────────┴────────┴──────────────────┴──────────────────────────┘\n"
    )
    doc = norm(history)
    facts = parse(doc, recognise(doc))
    assert [(c.type, c.status, c.reason) for c in facts.conditions] == [
        ("Failed", "True", "BackoffLimitExceeded")
    ]


def test_a_response_body_inside_an_access_log_record_is_read() -> None:
    line = (
        '{"level":"warn","msg":"response","status":400,"body":"{\\"error\\":\\"Request validation failed: '
        'max deployed endpoint reached. Max: 2 Current: 2, undeploy existing endpoint before continuing\\"}"}'
    )
    assert ids(line)[:1] == ["endpoint-limit-reached"]


def test_a_reason_cut_at_an_ellipsis_is_completed_when_only_one_reason_fits() -> None:
    from diagnoser.parsers._util import complete_cut

    assert complete_cut("OOMKill…") == "OOMKilled"
    assert complete_cut("CrashLoop...") == "CrashLoopBackOff"
    assert complete_cut("Cr…") == "Cr…"  # too short to tell
    assert complete_cut("Err…") == "Err…"  # Error, ErrImagePull, ErrImageNeverPull
    assert complete_cut("Job was active longer than…") == "Job was active longer than…"


def test_sigterm_while_the_kubelet_was_stopping_the_container_is_not_a_crash() -> None:
    describe = (
        "  kserve-container:\n    State:          Terminated\n      Reason:       Error\n"
        "      Exit Code:    143\n    Ready:          False\n    Restart Count:  0\n"
        "Events:\n  Type    Reason   Age   From     Message\n  ----    ------   ----  ----     -------\n"
        "  Normal  Killing  44s   kubelet  Stopping container kserve-container\n"
    )
    assert "container-crash" not in ids(describe)
    restarted = describe.replace("Restart Count:  0", "Restart Count:  4")
    assert "container-crash" in ids(restarted)


def test_a_failing_pod_of_another_workload_beside_the_users_deployment_is_not_reported() -> None:
    table = (
        "fraud        fraud-detector-3-r5-predictor-00002-deployment-6b9f7c8d5-n8t2w   2/2     Running"
        "            0               2d\n"
        "monitoring   node-exporter-7d9c8b6f5-2lq8m                                     0/1     "
        "CrashLoopBackOff   212 (4m ago)    18d\n"
    )
    assert ids(table) == []


def test_a_k9s_pod_list_with_cut_names_and_a_sort_arrow_is_read_row_by_row() -> None:
    panel = (
        "┌──────────────── Pods(claims)[3] ────────────────┐\n"
        "│ NAME↑                                  READY STATUS    RESTARTS AGE │\n"
        "│ claims-triage-2-r4-predictor-00001-de… 0/2   Evicted          0 27m │\n"
        "│ claims-triage-2-r4-predictor-00001-de… 0/2   Evicted          0 19m │\n"
        "│ claims-triage-2-r4-predictor-00001-de… 1/2   Running          0 2m  │\n"
        "└─────────────────────────────────────────────────┘\n"
    )
    assert ids(panel)[:1] == ["evicted"]


def test_a_pasted_kubectl_logs_command_names_the_component_of_the_lines_below_it() -> None:
    paste = (
        "$ kubectl logs churn-lgbm-2-r1-transformer-00001-deployment-5f6d7c8b9-x2k4p -c transformer\n"
        "Traceback (most recent call last):\n"
        '  File "/app/main.py", line 3, in <module>\n'
        "    import feast_helpers\n"
        "ModuleNotFoundError: No module named 'feast_helpers'\n"
    )
    assert ids(paste)[0] == "transformer-error"
    model = paste.replace("-transformer-00001", "-predictor-00001").replace(
        "-c transformer", "-c kserve-container"
    )
    assert ids(model)[0] == "model-load-error"


def test_a_watched_pod_that_ended_running_and_ready_has_no_current_failure() -> None:
    watch = "".join(
        f"loan-default-1-r6-predictor-00001-deployment-6b9d7c5f8-t4qxr   {ready}     {status}   0   {age}\n"
        for ready, status, age in (("0/2", "ErrImagePull", "14s"), ("0/2", "ImagePullBackOff", "27s"),
                                   ("2/2", "Running", "71s"))
    )  # fmt: skip
    assert ids("NAME   READY   STATUS   RESTARTS   AGE\n" + watch) == []


def test_an_event_row_pasted_under_a_history_table_is_not_a_table_row() -> None:
    history = (
        "error deploying inference service (ltv-model-6-r5): timeout waiting inference service "
        "to be ready\n\nPod container status:\n"
        "┌──────────────────┬─────────┬───────────┬────────────────────────────┐\n"
        "│ CONTAINER NAME   │ STATUS  │ EXIT CODE │ REASON                     │\n"
        "├──────────────────┼─────────┼───────────┼────────────────────────────┤\n"
        "│ kserve-container │ Waiting │ -         │ CreateContainerConfigError │\n"
        "└──────────────────┴─────────┴───────────┴────────────────────────────┘\n"
        "  Warning  Failed  11s (x20 over 4m)  kubelet  Error: container has runAsNonRoot and image "
        "will run as root\n"
    )
    assert ids(history)[0] == "run-as-non-root-violated"


def test_table_rows_of_one_width_are_not_taken_for_lines_a_terminal_cut() -> None:
    rows = (
        "NAMESPACE   NAME                               READY   STATUS             RESTARTS   AGE\n"
        "feast       feast-materialize-28711560-4xk2q   0/1     CrashLoopBackOff   12         41m\n"
        "churn       churn-model-2-r7-predictor-00001   2/2     Running            0          44m\n"
    )
    assert normalise(rows).wrapped_lines == frozenset()


def test_a_line_number_gutter_added_by_a_viewer_is_removed_when_it_numbers_every_line() -> None:
    body = ["Events:", "  Type     Reason   Age   From     Message", "  Warning  BackOff  1m    kubelet  x"]
    for layout in ("{n:>4} | {line}", "{n}\t{line}", "{n}:{line}", "{n:>5}→{line}"):
        doc = normalise("\n".join(layout.format(n=n, line=line) for n, line in enumerate(body, 40)))
        assert doc.text.split("\n") == body, layout
    times = "10:02:11 INFO a\n10:02:12 INFO b\n10:02:13 INFO c\n"
    assert normalise(times).text == times  # a time is not a line number
    unordered = "3 | a\n1 | b\n2 | c\n"
    assert normalise(unordered).text == unordered


def test_the_fast_escape_decoding_reads_every_string_as_the_regex_does() -> None:
    import random

    from diagnoser import views

    rng = random.Random(11)
    alphabet = ["\\", '"', "n", "t", "/", "'", "b", "r", "f", " ", "x", "\ue000"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert views._decode_once(text) == views._ESCAPE.sub(views._replace, text), repr(text)


def test_a_back_off_long_before_a_newer_start_is_an_ended_crash_loop() -> None:
    rows = (
        "  Warning  BackOff  41m (x2 over 41m)  kubelet  "
        "Back-off restarting failed container kserve-container in pod p\n"
        "  Normal   Started  40m (x3 over 43m)  kubelet  Started container kserve-container\n"
    )
    assert "container-crash" not in ids(rows)
    live = rows.replace("41m (x2 over 41m)", "20s (x9 over 6m)").replace(
        "40m (x3 over 43m)", "2m (x9 over 7m)"
    )
    assert "container-crash" in ids(live)


def test_a_node_agent_killed_for_memory_is_not_the_users_container() -> None:
    event = (
        "  Warning  OOMKilling  2m  kernel-monitor  Memory cgroup out of memory: Killed process 9911 ({})\n"
    )
    assert "oomkilled" not in ids(event.format("fluent-bit"))
    assert "oomkilled" in ids(event.format("python"))


def test_a_get_isvc_table_after_an_event_row_is_its_own_table_and_its_ready_settles_a_blip() -> None:
    paste = (
        '  Warning  Unhealthy  41s  kubelet  Readiness probe failed: Get "http://10.4.2.7:8012/": '
        "dial tcp 10.4.2.7:8012: connect: connection refused\n"
        "NAME        URL                                   READY   PREV   LATEST   AGE\n"
        "iris-7-r5   http://iris-7-r5.iris.models.acme.io  True           100      2m\n"
    )
    assert ids(paste) == []
    stuck = paste.replace("  41s  kubelet", "  41s (x30 over 9m)  kubelet").replace("True   ", "False  ")
    assert "probe-failure" in ids(stuck)


# --- batches i and j: forums, Terraform, build logs, logged payloads -----------------------


def test_typographic_quotes_from_a_forum_are_read_as_the_straight_quotes_software_prints() -> None:
    doc = normalise("Error: secret \u201cmodel-creds\u201d not found; it\u2019s gone")
    assert doc.text == 'Error: secret "model-creds" not found; it\'s gone'
    row = "  Warning  Failed  2m  kubelet  Error: secret \u201cfeast-creds\u201d not found"
    assert ids(row)[:1] == ["missing-secret-or-configmap"]


def test_a_left_border_box_is_read_without_its_border() -> None:
    doc = normalise("\u2577\n\u2502 Error: API response status: Failure\n\u2502 \n\u2502   with x,\n\u2575")
    assert doc.text == "\nError: API response status: Failure\n\n  with x,\n"


def test_prose_wrapped_at_word_boundaries_is_matched_as_one_line() -> None:
    box = (
        "\u2502 Error: API response status: Failure\n\u2502 \n"
        "\u2502 Internal error occurred: failed calling webhook\n"
        '\u2502 "validation.webhook.serving.knative.dev": failed to call webhook: Post\n'
        '\u2502 "https://webhook.knative-serving.svc:443/resource-validation?timeout=10s":\n'
        "\u2502 dial tcp 10.0.44.12:443: connect: connection refused\n"
    )
    report = diagnose(box)
    assert [f.id for f in report.findings][:1] == ["webhook-unavailable"]
    assert report.findings[0].evidence[0].line == 3  # the line the wrapped message starts on


def test_table_rows_are_not_joined_as_wrapped_prose() -> None:
    table = (
        "NAMESPACE     NAME                             READY   STATUS             RESTARTS   AGE\n"
        "monitoring    exporter-6b7c8d9f5-zz9kq         0/1     CrashLoopBackOff   31         2h\n"
        "credit        scorer-3-r6-predictor-00001-x2   2/2     Running            0          9m\n"
    )
    assert "container-crash" not in ids(table)


def test_errors_in_a_build_that_then_pushed_its_image_are_not_the_failure() -> None:
    head = (
        "INFO[0012] RUN pip install a==1+cpu || pip install a==1\n"
        "ERROR: Could not find a version that satisfies the requirement a==1+cpu (from versions: 1)\n"
        "ERROR: No matching distribution found for a==1+cpu\n"
        "Successfully installed a-1\n"
    )
    pushed = "INFO[0090] Pushed registry.acme.internal/merlin/m-1@sha256:" + "ab" * 32 + "\n"
    assert ids(head + pushed) == []
    assert ids(head)[:1] == ["dependency-resolution-failed"]


def test_status_words_in_a_logged_payload_are_data_but_in_a_message_key_they_speak() -> None:
    payload = 'DEBUG request={"instances": [{"summary": "api pod OOMKilled again", "sev": "P2"}]}'
    assert ids(payload) == []
    spoken = 'WARN reply={"status": "failed", "reason": "container kserve-container was OOMKilled"}'
    assert ids(spoken)[:1] == ["oomkilled"]


# --- batches k and l: cut words, joined lines, re-encoded text, passing blips -----------


def test_a_line_cut_mid_word_at_either_end_is_matched_with_its_words_put_back() -> None:
    assert ids(
        "ded quota: team-quota, requested: requests.cpu=4, used: requests.cpu=14, limited: requests.cpu=1"
    )[:1] == ["resource-quota-exceeded"]
    assert ids("anging deployment type of a serving model is not allo") == ["deployment-mode-change-rejected"]
    # Three letters that end many literals ("...Error") are not enough to put a literal back.
    assert ids("ror occurred while parsing the config, retrying") == []


def test_a_waiting_message_the_paste_ends_in_mid_word_is_completed_inside_the_yaml() -> None:
    head = (
        "status:\n  containerStatuses:\n  - name: kserve-container\n    ready: false\n    state:\n"
        '      waiting:\n        message: \'failed to pull and unpack image "harbor.acme.internal/eta:3":\n'
        '          failed to do request: Head "https://harbor.acme.internal/v2/ml/eta/manifests/3":\n'
    )
    # The end is an alternation of many words, one of them not plain (x509: ...): still completed.
    assert ids(head + "          dial tcp: lookup harbor.acme.internal on 10.96.0.10:53: no such ho\n") == [
        "image-registry-unreachable"
    ]
    assert (
        ids(head + "          dial tcp: lookup harbor.acme.internal on 10.96.0.10:53: no such horse\n") == []
    )


def test_edges_run_through_alternations_whose_branches_are_partly_plain() -> None:
    leads, trails = edge_literals(r"pull (?:failed|x509: [^:]{1,9}|code 40[13])")
    assert leads == ("pull failed", "pull x509: ", "pull code 40")  # each branch's plain start
    assert trails == ("failed",)  # "x509: ..." and "code 40[13]" end in no plain characters
    # The walk stops after a branch that is not plain throughout: " end" is not added.
    assert edge_literals(r"(?:abc\d|xyz) end")[0] == ("abc", "xyz")


def test_a_describe_block_joined_into_one_line_is_read_as_its_lines() -> None:
    joined = (
        "State: Waiting Reason: CrashLoopBackOff Last State: Terminated Reason: OOMKilled Exit Code: 137 "
        "Ready: False Restart Count: 7 Limits: cpu: 2 memory: 3Gi"
    )
    assert ids(joined)[:1] == ["oomkilled"]


def test_utf8_read_as_windows_1252_is_turned_back() -> None:
    assert normalise("webhook \u00e2\u20ac\u0153v.x\u00e2\u20ac\x9d denied; caf\u00c3\u00a9").text == (
        'webhook "v.x" denied; caf\u00e9'
    )
    assert normalise("S\u00e3o Paulo \u00c3 ok").text == "S\u00e3o Paulo \u00c3 ok"  # real Latin-1 text stays


def test_an_exception_field_of_a_json_log_line_is_read_beside_its_message() -> None:
    line = (
        '{"level":"ERROR","message":"deploy failed","exception":"ApiException: (400)\\nHTTP response body: '
        '{\\"error\\":\\"Request validation failed: min replica must be less or equal to max replica\\"}"}'
    )
    assert ids(line)[:1] == ["autoscaling-config-invalid"]


def test_stern_lines_without_timestamps_name_the_container_that_printed_them() -> None:
    pod = "price-2-r1-predictor-00001-deployment-5c8d7f6b9-lq2mz"
    lines = f"{pod} kserve-container Traceback (most recent call last):\n" + (
        f"{pod} kserve-container ModuleNotFoundError: No module named 'lightgbm'\n"
    )
    doc = normalise(lines)
    assert doc.text.splitlines()[1] == "ModuleNotFoundError: No module named 'lightgbm'"
    assert ids(lines)[:1] == ["model-load-error"]


def test_stern_keeps_a_lines_indentation_and_still_names_its_container() -> None:
    pod = "price-2-r1-transformer-00001-deployment-5c8d7f6b9-lq2mz"
    lines = f"{pod} transformer     Traceback (most recent call last):\n"
    lines += f"{pod} transformer     KeyError: 'income'\n"
    doc = normalise(lines)
    assert doc.text.splitlines() == ["    Traceback (most recent call last):", "    KeyError: 'income'"]
    assert [(container, prefix.split()[0]) for _, _, container, prefix in doc.log_stretches] == [
        ("transformer", pod)
    ]


def test_of_two_refusals_the_later_one_is_current() -> None:
    row = "  Warning  FailedCreate  {age}  replicaset-controller  Error creating: {message}\n"
    timeout = (
        'Internal error occurred: failed calling webhook "validation.gatekeeper.sh": failed to call '
        'webhook: Post "https://gk.gatekeeper-system.svc:443/v1/admit?timeout=3s": context deadline exceeded'
    )
    denied = 'admission webhook "validation.gatekeeper.sh" denied the request: [team-label] needs {"team"}'
    rows = row.format(age="4m2s", message=timeout) + row.format(age="3m30s (x6 over 3m58s)", message=denied)
    assert ids(rows) == ["admission-denied", "webhook-unavailable"]


def test_a_node_that_came_back_is_not_the_failure() -> None:
    rows = (
        "38m  Normal  NodeNotReady  node/pool-2-q7wd  Node pool-2-q7wd status is now: NodeNotReady\n"
        "37m  Normal  NodeReady     node/pool-2-q7wd  Node pool-2-q7wd status is now: NodeReady\n"
    )
    assert ids(rows) == []


def test_a_model_pod_row_in_an_init_status_is_its_storage_initializer() -> None:
    rows = (
        "NAME                                               READY   STATUS                  RESTARTS   AGE\n"
        "churn-predictor-00001-deployment-6d9f7c8b5-tq2lp   0/2     Init:CrashLoopBackOff   41         3h\n"
    )
    finding = diagnose(rows).findings[0]
    assert (finding.id, finding.facts["component"]) == ("container-crash", "storage-initializer")
    assert "kubectl logs <pod> -c storage-initializer" in finding.steps[0]
    plain = diagnose(rows.replace("Init:CrashLoopBackOff", "CrashLoopBackOff  ")).findings[0]
    assert plain.facts["component"] == "model"


def test_a_literal_found_only_across_a_line_break_of_a_parsed_message_is_no_match_and_no_crash() -> None:
    line = (
        "ModelEndpointDeploymentError: ('m', 1, 'error building pyfunc image: failed building pyfunc image"
        "\\n\\nPod last termination message:\\nPip subprocess error:\\nERROR: No matching distribution found "
        "for prophet==1.1.7\\n')"
    )
    assert ids(line)[:1] == ["dependency-resolution-failed"]


def test_an_error_carried_url_encoded_in_a_links_query_is_read() -> None:
    link = (
        "https://oncall.example.io/new?title=Deploy+failed&desc=error+deploying+inference+service"
        "+%28churn-2-r3%29%3A+timeout+waiting+inference+service+to+be+ready%0Amore"
    )
    assert ids(link)[:1] == ["deployment-timeout"]
    # A log's percentages are not encoded text.
    assert ids("progress 45% 50% 55% of model.joblib, error deploying? no\n") == []


def test_a_yaml_single_quoted_message_folded_over_lines_is_read_as_one_line() -> None:
    from diagnoser.views import folded_quoted_scalars

    text = (
        "  operationState:\n"
        '    message: \'one or more objects failed to apply, reason: admission webhook "policy.example"\n'
        "      denied the request: resource ''churn-2'' violates\n"
        "      require-limits'\n"
        "    phase: Failed\n"
    )
    assert folded_quoted_scalars(normalise(text)) == [
        (
            2,
            'one or more objects failed to apply, reason: admission webhook "policy.example" '
            "denied the request: resource 'churn-2' violates require-limits",
        )
    ]
    assert [f.id for f in diagnose(text).findings] == ["admission-denied"]


def test_a_quoted_value_never_closed_is_not_folded_into_the_keys_after_it() -> None:
    from diagnoser.views import folded_quoted_scalars

    text = "  message: 'never closed, the quote\n  phase: Failed\n  reason: \"goes on\n    past 'it'\n"
    assert folded_quoted_scalars(normalise(text)) == []


def test_a_notifiers_payload_field_holding_a_history_message_is_read() -> None:
    history = (
        "error building pyfunc image: failed building pyfunc image\n\nPod last termination message:\n"
        "ERROR: No matching distribution found for xgboost==9.1.0\n\nCondaEnvException: Pip failed\n"
    )
    record = {"level": "info", "caller": "notifier/slack.go:64", "msg": "posting deploy failure"}
    record["payload"] = json.dumps({"text": history, "channel": "#ml-deploys"})
    report = diagnose(json.dumps(record) + "\n")
    assert [f.id for f in report.findings] == ["dependency-resolution-failed"]


def test_a_url_encoded_error_is_read_wherever_the_link_sits_on_its_line() -> None:
    link = (
        "https://oncall.example.io/new?title=Deploy+failed&desc=error+deploying+inference+service"
        "+%28churn-2-r3%29%3A+timeout+waiting+inference+service+to+be+ready%0Amore"
    )
    for line in (link, f"Opened an incident: {link}", f"- {link}"):
        assert ids(line)[:1] == ["deployment-timeout"], line


def test_a_plus_in_an_encoded_path_is_a_plus() -> None:
    from diagnoser.views import url_decode

    assert url_decode("gs://models/c%2B%2B/a+b%20c%28x%29") == "gs://models/c++/a+b c(x)"
    assert url_decode("see /new?desc=a+b%3A+c") == "see /new?desc=a b: c"


def test_a_watch_that_ended_running_and_ready_makes_its_pods_earlier_events_old() -> None:
    pod = "sales-prophet-2-r1-predictor-00001-deployment-84c7d9b6f-zl5kq"
    rows = (("0/2", "Pending", "0s"), ("0/2", "Init:0/1", "1s"), ("0/2", "PodInitializing", "38s"),
            ("2/2", "Running", "2m36s"))  # fmt: skip
    header = f"{'NAME':<66}{'READY':<8}{'STATUS':<18}{'RESTARTS':<11}AGE\n"
    watch = "".join(f"{pod:<66}{ready:<8}{status:<18}{'0':<11}{age}\n" for ready, status, age in rows)
    event = (
        "  Warning  Unhealthy  1m58s (x4 over 2m28s)  kubelet  Readiness probe failed: "
        "HTTP probe failed with statuscode: 503\n"
    )
    assert ids(event + "\n" + header + watch) == []
    assert ids(event + "\n" + header + watch.replace("2/2     Running", "1/2     Running")) != []


def test_one_line_cut_mid_word_at_a_terminal_width_is_joined_to_the_next() -> None:
    head = "error building image: unable to complete operation after 0 attempts, last error: GET https://"
    url = "ghcr.io/token?scope=repository%3Aorbit-ml%2Fbase%3Apull&service=ghcr.io: UNAUTHORIZED: denied"
    whole = head + url
    paste = "INFO[0001] Retrieving image ghcr.io/orbit-ml/base:py311\n" + whole[:120] + "\n" + whole[120:]
    assert normalise(paste).wrapped_lines == frozenset({2})
    assert [f.id for f in diagnose(paste).findings][:1] == ["image-pull-unauthorized"]


def test_a_line_at_a_terminal_width_is_not_a_cut_when_the_next_starts_a_word_or_a_record() -> None:
    line = "x" * 119 + "y"
    for following in ("Traceback (most recent call last):", "2026-12-04T01:00:00Z next record", "  indented"):
        assert normalise(f"{line}\n{following}\n").wrapped_lines == frozenset(), following
    assert normalise(f"{'x' * 118}y\nnext\n").wrapped_lines == frozenset()  # 119: no terminal's width


def test_a_readiness_failure_seconds_after_created_container_is_a_startup_blip() -> None:
    """A copy cut between "Created" and "Started" still dates the container's start."""
    rows = (
        "  Normal   Created    44s   kubelet  Created container kserve-container\n"
        '  Warning  Unhealthy  40s   kubelet  Readiness probe failed: Get "http://10.31.2.9:8080/": '
        "dial tcp 10.31.2.9:8080: connect: connection refused\n"
    )
    assert diagnose(rows).findings == []
