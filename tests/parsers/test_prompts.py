"""One grammar for the line a command was typed on (diagnoser/prompts.py): shell prompts of
every common shape, Python's, and the lines that only look like one."""

from __future__ import annotations

import pytest

from diagnoser.prompts import command_of


@pytest.mark.parametrize(
    ("line", "command"),
    [
        ("$ kubectl get pods", "kubectl get pods"),
        ("% kubectl get pods", "kubectl get pods"),
        ("sana@devbox:~$ kubectl -n ml get pods", "kubectl -n ml get pods"),
        ("dmitri@build-01:~/src/app$ docker push registry.test/app:1", "docker push registry.test/app:1"),
        ("jdoe@corp-laptop ~ $ kubectl describe pod x", "kubectl describe pod x"),
        ("(merlin) kenji@mbp ~/models/seat % merlin deploy --env dev", "merlin deploy --env dev"),
        ("(gnn) ci@runner-7:~/fraud$ python deploy.py", "python deploy.py"),
        ("[root@bastion-02 ~]# kubectl -n kserve get pods", "kubectl -n kserve get pods"),
        ("[root@bastion-02 ~]# # redeployed from the UI", "# redeployed from the UI"),
        ("~/work/churn (main*) $ kubectl logs x", "kubectl logs x"),
        ("➜  ~ kubectl get pods", "kubectl get pods"),
        ("➜  fraud-srv git:(fix/tag) ✗ make push TAG=2.0.7", "make push TAG=2.0.7"),
        ("PS C:\\Users\\dev\\work> kubectl get pods -n loyalty", "kubectl get pods -n loyalty"),
        (">>> merlin.deploy(v5)", "merlin.deploy(v5)"),
        ("In [12]: ep = merlin.deploy(v3)", "ep = merlin.deploy(v3)"),
        ("^Cdmitri@build-01:~/src/app$ kubectl get pods", "kubectl get pods"),
    ],
)
def test_a_command_is_read_after_its_prompt(line: str, command: str) -> None:
    assert command_of(line) == command


@pytest.mark.parametrize(
    "line",
    [
        "Total time elapsed: 00:02:47",
        "Name:             fraud-3-r1-predictor-00001-deployment-5f8c2a9d71-8wq4n",
        "  Normal  Pulled  2m  kubelet  Container image already present on machine",
        "# a Markdown heading",
        "user@example.com wrote:",
        "50% done",
        "$5 fee",
        "",
    ],
)
def test_output_and_prose_are_not_prompt_lines(line: str) -> None:
    assert command_of(line) is None
