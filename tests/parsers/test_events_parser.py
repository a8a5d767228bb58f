from parsers_helpers import facts_of, kinds_of, sample


def test_events_table_rows_become_events_with_object_and_line():
    facts = facts_of(sample("events_table.txt"))
    assert facts.kinds == ["kubectl-events"]
    assert [e.reason for e in facts.events] == ["Scheduled", "FailedScheduling", "Failed", "BackOff"]
    scheduling = facts.events[1]
    assert scheduling.type == "Warning"
    assert scheduling.object == "pod/fraud-scorer-1-predictor-00002-deployment-def34"
    assert scheduling.message.startswith("0/6 nodes are available: 3 Insufficient memory")
    assert scheduling.line == 3


def test_events_wide_output_message_stops_before_first_seen_and_count_is_read():
    facts = facts_of(sample("events_wide.txt"))
    quota, probe = facts.events
    assert quota.message.endswith("limited: limits.memory=64Gi")
    assert quota.count == 7
    assert quota.object == "replicaset/churn-model-2-predictor-00002-deployment-5c8d"
    assert probe.message == "Liveness probe failed: HTTP probe failed with statuscode: 500"
    assert probe.count == 12


def test_events_last_seen_fold_gives_count():
    text = (
        "LAST SEEN          TYPE      REASON    OBJECT                 MESSAGE\n"
        "2m (x9 over 20m)   Warning   BackOff   pod/churn-model-2-abc  Back-off restarting failed container\n"
    )
    facts = facts_of(text)
    assert facts.events[0].count == 9


def test_events_table_ends_at_blank_line():
    text = sample("events_table.txt") + "\nsome trailing note from the user\n"
    assert kinds_of(text) == [("kubectl-events", 1, 5), ("container-log", 7, 7)]


def test_custom_columns_event_table_rows_are_events_with_kind_and_name_as_object():
    text = (
        "TIME                   TYPE      REASON      KIND   NAME        MESSAGE\n"
        "2026-11-03T23:58:02Z   Normal    Killing     Pod    churn-1-a   Stopping container queue-proxy\n"
        "<none>                 Warning   Unhealthy   Pod    churn-1-a   Readiness probe failed: 503\n"
    )
    facts = facts_of(text)
    assert facts.kinds == ["kubectl-events"]
    killing, unhealthy = facts.events
    assert (killing.reason, killing.type, killing.object) == ("Killing", "Normal", "Pod/churn-1-a")
    assert unhealthy.message == "Readiness probe failed: 503"
    assert killing.age is None and unhealthy.age is None  # timestamps and <none> are not ages


def test_custom_columns_rows_starting_with_a_timestamp_are_not_read_as_logs_tab_lines():
    text = (
        "LAST                   TYPE      REASON                  OBJECT   MESSAGE\n"
        "2026-09-18T10:41:09Z   Normal    ExternalProvisioning    cache    Waiting for a volume\n"
        "2026-09-18T10:41:12Z   Normal    ProvisioningSucceeded   cache    Successfully provisioned\n"
    )
    assert kinds_of(text) == [("kubectl-events", 1, 3)]
    assert [e.object for e in facts_of(text).events] == ["cache", "cache"]


def test_console_row_in_type_reason_from_message_age_order_keeps_its_message():
    # Headlamp and Lens print From before Message and the age last; the third cell is no age.
    text = (
        'Warning   FailedCreate   replicaset-controller   Error creating: pods "lr-5-r2-9c4f-" is forbidden:'
        " error looking up service account lr/merlin-lr-sa:"
        ' serviceaccount "merlin-lr-sa" not found   3m\n'
    )
    (event,) = facts_of(text).events
    assert event.reason == "FailedCreate"
    assert event.message.startswith("Error creating: pods")
    assert event.message.endswith('serviceaccount "merlin-lr-sa" not found')
    assert event.age == 180


def test_console_row_with_spoken_age_reads_the_age():
    text = (
        "Warning   Unhealthy   kubelet   Readiness probe failed: HTTP probe failed with statuscode: 503"
        "   2 minutes ago\n"
    )
    (event,) = facts_of(text).events
    assert event.message == "Readiness probe failed: HTTP probe failed with statuscode: 503"
    assert event.age == 120


def test_describe_row_with_unknown_age_still_reads_from_and_message():
    text = "  Normal   Scheduled  <unknown>  default-scheduler  Successfully assigned ns/p to node-1\n"
    (event,) = facts_of(text).events
    assert event.message == "Successfully assigned ns/p to node-1"
