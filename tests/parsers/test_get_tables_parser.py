"""``kubectl get pods`` and ``crictl ps -a`` tables read as containers."""

from parsers_helpers import facts_of, sample

from diagnoser import diagnose

CRICTL = sample("crictl_ps_a.txt")  # a model container restarted six times, newest attempt first


def test_crictl_rows_are_containers_with_attempt_as_restart_count():
    facts = facts_of(CRICTL)
    model = facts.containers["kserve-container"]
    assert model.restart_count == 6
    current = [s for s in model.states if not s.history]
    assert [(s.state, s.reason, s.line) for s in current] == [("terminated", "Error", 2)]
    assert facts.containers["queue-proxy"].states[-1].state == "running"
    # The storage initializer exits when its download is done: no failure in that.
    assert facts.containers["storage-initializer"].states[-1].reason is None


def test_a_restarted_container_that_exited_again_is_a_crash_loop():
    assert [finding.id for finding in diagnose(CRICTL).findings] == ["container-crash"]


def test_a_container_that_exited_on_its_first_attempt_is_not_called_a_crash():
    header, *rows = CRICTL.splitlines()
    first = header + "\n" + rows[3].replace("storage-initializer", "kserve-container   ")
    assert "container-crash" not in [finding.id for finding in diagnose(first + "\n").findings]


def test_a_pod_row_still_in_its_init_containers_waits():
    text = (
        "NAME                                                READY   STATUS     RESTARTS   AGE\n"
        "txn-2-predictor-00001-deployment-6c9b8d7f5-fh2qs    0/2     Init:0/1   0          5m7s\n"
    )
    (container,) = facts_of(text).containers.values()
    assert container.init
    assert [(s.phase, s.state) for s in container.states] == [("current", "waiting")]


def test_another_pods_container_of_the_same_name_does_not_hide_a_crash():
    # A node runs several models: the healthy one's kserve-container, restarted more often in
    # its life, is another container than the crashing one's.
    header, crashing, *_ = CRICTL.splitlines()
    other = (
        "77aa3d5c9e1b2       1a2b3c4d5e6f7       2 hours ago          Running   kserve-container      9"
        "         3e4f5a6b7c8d9   fraud-2-r4-predictor-00002-deployment-7f8e9-mm3xz"
    )
    for rows in ((crashing, other), (other, crashing)):
        text = "\n".join((header, *rows)) + "\n"
        assert [finding.id for finding in diagnose(text).findings] == ["container-crash"], rows
