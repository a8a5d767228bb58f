"""Redaction: what it hides, what it must keep, and that a redacted paste gets the same diagnosis.

Time bounds here are generous ceilings that catch quadratic behaviour (minutes, not
milliseconds); speed itself is measured by ``benchmarks/bench_redact.py``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagnoser import diagnose
from diagnoser.model import component_of
from diagnoser.redact import COMPONENT_WORDS, redact

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "diagnoser/catalog/fixtures").glob("*/*.txt"))
CORPUS = sorted((ROOT / "tests/corpus").glob("**/*.txt")) if (ROOT / "tests/corpus").is_dir() else []
CEILING_SECONDS = 20.0

DESCRIBE = """Name:             churn-model-4-r2-predictor-00001-deployment-7f8e9d6c5-j6p2w
Namespace:        growth-team
Node:             gke-acme-prod-pool-3-71b9e2c4-m2fd/10.148.0.23
IP:               10.24.3.40
Controlled By:    ReplicaSet/churn-model-4-r2-predictor-00001-deployment-7f8e9d6c5
Containers:
  kserve-container:
    Container ID:   containerd://2c3d4e5f6a7b
    Image:          registry.acme.internal/ml/churn-model:4
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
    Limits:
      memory:  512Mi
    Environment:
      STORAGE_URI:     gs://acme-models/churn/7/model
      MLFLOW_TOKEN:    s3cr3t-value
      WORKERS:         1
Events:
  Type     Reason   Age                From     Message
  ----     ------   ----               ----     -------
"""
DESCRIBE += (
    "  Warning  BackOff  8s (x18 over 4m)   kubelet  Back-off restarting failed container kserve-container "
    "in pod churn-model-4-r2-predictor-00001-deployment-7f8e9d6c5-j6p2w_growth-team(4b5c6d7e)\n"
)


def test_the_same_name_gets_the_same_placeholder_everywhere_and_others_a_new_one() -> None:
    text = "\n".join(
        [
            "Name:       pricing-service-abc12",
            "Namespace:  team-alpha",
            "pod/pricing-service-abc12 failed in namespace team-alpha",
            "Successfully assigned team-beta/other-pod-x9 to node-7",
        ]
    )
    result = redact(text).text
    lines = result.splitlines()
    assert "pricing-service-abc12" not in result and "team-alpha" not in result and "team-beta" not in result
    assert lines[0].split()[-1] == lines[2].split()[0].removeprefix("pod/")  # the same <pod-1>
    assert "<pod-1>" in lines[0] and "<pod-2>" in lines[3]
    assert lines[1].endswith("<namespace-1>") and lines[2].endswith("<namespace-1>")
    assert "<namespace-2>/<pod-2>" in lines[3]


def test_merlin_names_keep_their_structure_with_the_model_hidden() -> None:
    result = redact(DESCRIBE).text
    assert "churn-model" not in result
    assert "<model-1>-4-r2-predictor-00001-deployment-7f8e9d6c5" in result
    assert "kserve-container" in result and "in pod <model-1>-4-r2-predictor" in result
    assert "_<namespace-1>(" in result  # the namespace after the pod, in the BackOff event


def test_describe_keeps_what_the_engine_reads() -> None:
    result = redact(DESCRIBE).text
    for kept in (
        "CrashLoopBackOff",
        "OOMKilled",
        "Exit Code:    137",
        "memory:  512Mi",
        "  kserve-container:",
    ):
        assert kept in result
    assert "Image:          <image-1>:4" in result
    assert "10.148.0.23" not in result and "10.24.3.40" not in result and "<ip-1>" in result
    assert "gke-acme-prod" not in result
    assert "s3cr3t-value" not in result and "acme-models" not in result
    assert "WORKERS:         1" in result  # a plain number says nothing about anyone


@pytest.mark.parametrize(
    ("paste", "hidden", "kept"),
    [
        ("connect to fd12:3456:789a:1::1 now", "fd12:3456:789a:1::1", "connect to <ip-"),
        (
            "GET https://mlflow.acme.io/api/2.0/runs?run_id=9e1c3a5b&alt=json",
            "mlflow.acme.io",
            "GET https://<host-",
        ),
        ("GET https://mlflow.acme.io/api/2.0/runs?run_id=9e1c3a5b&alt=json", "9e1c3a5b", "alt=json"),
        ("Copying gs://acme-bucket/models/7/model.joblib", "acme-bucket", "gs://<bucket-path-"),
        ("reading s3://acme-data/a/b from minio://ml-bucket/c", "acme-data", "s3://<bucket-path-"),
        ("reading s3://acme-data/a/b from minio://ml-bucket/c", "ml-bucket", "minio://<bucket-path-"),
        ("abfss://models@acmelake.dfs.core.windows.net/churn", "acmelake", "abfss://<bucket-path-"),
        ("User data-scientist@acme.io cannot list pods", "data-scientist@acme.io", "User <email-1> cannot"),
        ("Authorization: Bearer abcDEF123456789xyz", "abcDEF123456789xyz", "Authorization: Bearer <token>"),
        ("key AKIAIOSFODNN7EXAMPLE used", "AKIAIOSFODNN7EXAMPLE", "key <token> used"),
        ("DB_PASSWORD=hunter2 and password: 'x9y8z7'", "hunter2", "DB_PASSWORD=<token>"),
        ('{"password": "x9y8z7w6"}', "x9y8z7w6", '{"password": "<token>"}'),
        (
            "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlX2hlcmU",
            "eyJhbGci",
            "jwt <token>",
        ),
        ("blob " + "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY" * 2 + " end", "aB3dE5fG7hJ9", "blob <token> end"),
        ("pulling registry.acme.internal:5000/ml/model:3 now", "acme.internal", "pulling <image-1>:3"),
        ("see http://admin:pa55word@db.acme.corp:5432/x", "pa55word", "http://<token>@<host-1>:5432/x"),
    ],
)
def test_each_kind_of_identity_or_secret_is_replaced(paste: str, hidden: str, kept: str) -> None:
    result = redact(paste).text
    assert hidden not in result
    assert kept in result


def test_a_private_key_block_is_replaced_whole_and_keeps_the_line_count() -> None:
    body = "\n".join("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC" for _ in range(5))
    paste = f"before\n-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\nafter OOMKilled\n"
    result = redact(paste).text
    assert "MIIEvQ" not in result and "BEGIN PRIVATE KEY" not in result
    assert result.count("\n") == paste.count("\n")
    assert result.endswith("after OOMKilled\n")


def test_env_values_in_yaml_and_json_are_hidden_but_names_kept() -> None:
    yaml = (
        "    env:\n    - name: MODEL_SECRET_PATH\n      value: /secrets/acme/key.json\n"
        "    - name: WORKERS\n      value: '2'\n"
    )
    json_text = '{"env": [{"name": "FEAST_HOST", "value": "feast.acme-internal:6566"}]}'
    result = redact(yaml + json_text).text
    assert "MODEL_SECRET_PATH" in result and "FEAST_HOST" in result
    assert "/secrets/acme" not in result and "feast.acme-internal" not in result
    assert "value: '2'" in result


def test_public_hosts_and_kubernetes_vocabulary_are_kept() -> None:
    paste = (
        "0/3 nodes are available: 3 Insufficient nvidia.com/gpu. serving.kserve.io/inferenceservice label, "
        "Forbidden: 403 GET https://storage.googleapis.com/storage/v1/b/acme-research/o?prefix=x"
    )
    result = redact(paste).text
    assert "Insufficient nvidia.com/gpu" in result
    assert "serving.kserve.io/inferenceservice" in result
    assert "https://storage.googleapis.com/storage/v1/b/<bucket-path-1>/o" in result
    assert "acme-research" not in result


def test_placeholders_keep_the_component_word_the_engine_reads_from_a_name() -> None:
    for word in COMPONENT_WORDS:
        name = f"acme-{word}-x7k2p"
        result = redact(f"[{name}] 2024-05-02T10:00:00Z started\n").text
        placeholder = result[1 : result.index("]")]
        assert name not in result
        assert component_of(placeholder) == component_of(name), (name, placeholder)


def test_the_summary_says_what_was_replaced_but_never_the_values() -> None:
    redaction = redact(DESCRIBE)
    summary = redaction.summary()
    assert summary and all(set(item) == {"placeholder", "kind", "count"} for item in summary)
    shown = repr(summary)
    for original in ("churn-model", "growth-team", "10.24.3.40", "s3cr3t-value", "registry.acme.internal"):
        assert original not in shown
    counts = {item["placeholder"]: item["count"] for item in summary}
    assert counts["<model-1>"] >= 3
    assert all(item["placeholder"] in redaction.text for item in summary)


@pytest.mark.parametrize("path", FIXTURES + CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_redacting_a_fixture_keeps_its_diagnosis(path: Path) -> None:
    """The same finding ids in the same order, whatever engine is installed."""
    text = path.read_text(encoding="utf-8")
    before = [finding.id for finding in diagnose(text).findings]
    after = [finding.id for finding in diagnose(redact(text).text).findings]
    assert after == before


def test_table_cells_stay_under_their_header_when_placeholders_change_a_name_length() -> None:
    table = (
        "NAME                           URL                                  READY   REASON\n"
        "churn-forecast-3-r2-predictor  http://churn.ml.acme.io              False   RevisionMissing\n"
        "churn-forecast-3-r1-predictor  http://churn-r1.ml.acme.io           True\n"
    )
    lines = redact(table).text.split("\n")
    header = lines[0]
    assert lines[1].index("False") == header.index("READY")
    assert lines[1].index("RevisionMissing") == header.index("REASON")
    assert lines[2].index("True") == header.index("READY")


def test_lines_a_terminal_cut_are_joined_when_a_placeholder_moves_the_cut() -> None:
    full = (
        'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:fraud-team-ns:'
        'deployer" cannot list resource "pods" in API group "" in the namespace "fraud-team-ns"'
    )
    cut = "\n".join(full[i : i + 80] for i in range(0, len(full), 80))  # an 80-column terminal
    shared = redact(cut + "\n").text
    assert "fraud-team-ns" not in shared and "\n" not in shared.strip()
    assert [f.id for f in diagnose(shared).findings] == [f.id for f in diagnose(cut).findings]


def test_equal_length_yaml_lines_are_not_joined() -> None:
    message = (
        "    message: 'Revision \"churn-forecast-3-r2-predictor-00001\" failed: Container is not healthy.'"
    )
    text = (
        f"status:\n  conditions:\n  -{message[3:]}\n    reason: Unhealthy\n  -{message[3:]}\n    reason: X\n"
    )
    assert redact(text).text.count("\n") == text.count("\n")


def test_bytes_and_odd_encodings_are_read_not_refused() -> None:
    assert "<ip-1>" in redact(b"host 10.1.2.3 \xff\xfe broken").text
    assert "<ip-1>" in redact("host 10.1.2.3".encode("utf-16")).text
    assert redact("").text == "" and redact("").replacements == []


_PIECES = st.sampled_from(
    [
        "-1-r1",
        "-r",
        "://",
        "@",
        ".",
        ":",
        "::",
        "/",
        "\n",
        " ",
        '"',
        "=",
        "Name: ",
        "\nNamespace: ",
        "[pod/",
        "]",
        "password=",
        "Bearer ",
        "eyJ",
        "AKIA",
        "-----BEGIN PRIVATE KEY-----",
        "gs://",
        "10.0.",
        ".svc",
        ".com",
        "- name: X\n  value: ",
        '"value": "',
        "Environment:\n",
        "predictor",
        "aB3dE5fG7hJ9kL1m",
        "\x1b[31m",
        "\x00",
        "\u009b",
        "é",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=60))
def test_redaction_never_raises_and_keeps_the_line_count(pieces: list[str]) -> None:
    text = "".join(pieces)
    redaction = redact(text)
    assert isinstance(redaction.text, str)
    assert redaction.text.count("\n") == text.replace("\r\n", "\n").count("\n") or "\r" in text
    for item in redaction.summary():
        assert item["count"] >= 1


HOSTILE_SHAPES = {
    "merlin-like runs": "a-1-r1-" * 60_000,
    "hyphenated names": " ".join(f"name-{n}-r{n % 9}" for n in range(60_000)),
    "many distinct slots": "".join(f"\nName:  pod-{n}\nNamespace:  ns-{n}" for n in range(30_000)),
    "long base64 run": "aB3dE5fG7hJ9kL1m" * 40_000,
    "schemes without hosts": "x://" * 100_000,
    "at signs": "a@b." * 100_000,
    "dots and digits": "1.2.3." * 100_000,
    "colons": "a:" * 200_000,
    "key blocks without end": "-----BEGIN PRIVATE KEY-----\nAAAA\n" * 20_000,
    "long single line": "x" * 2_000_000,
    "nested brackets": "[" * 200_000 + "]" * 200_000,
    "env entries": "- name: A\n  value: b\n" * 40_000,
}


@pytest.mark.parametrize("shape", sorted(HOSTILE_SHAPES))
def test_hostile_shapes_finish_well_within_a_ceiling(shape: str) -> None:
    text = HOSTILE_SHAPES[shape]
    start = time.process_time()
    redaction = redact(text)
    elapsed = time.process_time() - start
    assert isinstance(redaction.text, str)
    assert elapsed < CEILING_SECONDS, f"{shape}: {elapsed:.1f}s"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=1, max_size=12))
def test_any_mix_of_tricky_pieces_repeated_to_a_megabyte_finishes_within_a_ceiling(pieces: list[str]) -> None:
    """Whatever shape repeats, the work stays linear: a quadratic pass would take hours here."""
    unit = "".join(pieces)
    text = unit * (1_000_000 // len(unit) + 1)
    start = time.process_time()
    redact(text)
    assert time.process_time() - start < CEILING_SECONDS


def test_a_redacted_json_object_is_still_json_with_the_same_shape() -> None:
    path = ROOT / "diagnoser/catalog/fixtures/artifact-access-denied/match-pod-json.txt"
    text = "\n".join(
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    )
    before, after = json.loads(text), json.loads(redact(text).text)
    assert after["status"]["initContainerStatuses"][0]["name"] == "storage-initializer"
    assert (
        after["metadata"]["name"].startswith("<model-1>-")
        and after["metadata"]["namespace"] == "<namespace-1>"
    )
    assert after.keys() == before.keys() and len(after["spec"]["containers"]) == len(
        before["spec"]["containers"]
    )


def test_prose_after_the_word_token_is_kept_and_real_tokens_still_go() -> None:
    prose = "failed to fetch anonymous token: unexpected status: 401 Unauthorized"
    assert redact(prose).text == prose
    assert "Zx81kQp2" not in redact("token: Zx81kQp2aLm9").text
    assert "hunter" not in redact("password: hunter").text  # a password may be a plain word


def test_the_word_secret_before_a_quoted_name_is_prose_not_a_secret_value() -> None:
    line = 'MountVolume.SetUp failed for volume "kaniko-secret" : secret "kaniko-secret" not found'
    assert ': secret "' in redact(line).text
    assert "hunter22" not in redact('db_password: hunter22 "x"').text


def test_a_links_url_encoded_text_is_redacted_inside_and_keeps_the_error() -> None:
    link = (
        "https://oncall.acme-corp.io/new?desc=error+deploying+inference+service+%28churn-gbm-4-r2%29"
        "%3A+timeout+waiting+inference+service+to+be+ready&session=Zx81kQ2mP0aLw9RtY7vB3nC5dE1fG6hJ\n"
    )
    redacted = redact(link).text
    assert "acme-corp" not in redacted and "churn-gbm" not in redacted
    assert "Zx81kQ2mP0aLw9RtY7vB3nC5dE1fG6hJ" not in redacted
    assert "timeout+waiting+inference+service" in redacted
    assert [f.id for f in diagnose(redacted).findings] == [f.id for f in diagnose(link).findings]


def test_a_random_base64_token_with_letter_runs_between_its_pluses_is_still_redacted() -> None:
    # Random base64 has a "+" in 64 characters: letters between two of them are not words.
    token = "Zx81kQ2mP0aLw9RtY7vB3nC5dE1fG6hJ+Kq+Zt+Wm4Lp9Xc2Vb7Nn3Rr8Tt1Yy"
    assert token not in redact(f"payload {token} done\n").text
    redacted = redact(f"https://app.example.io/cb?code={token}&x=1\n").text
    assert "Zx81kQ2mP0aLw9RtY7vB3nC5dE1f" not in redacted and "Wm4Lp9Xc2Vb7Nn3Rr8Tt1Yy" not in redacted


def test_most_long_random_base64_blobs_are_redacted() -> None:
    import base64
    import random

    rng = random.Random(7)
    blobs = [base64.b64encode(rng.randbytes(1024)).decode() for _ in range(100)]
    kept = sum(blob in redact(f"received payload {blob} from upstream\n").text for blob in blobs)
    assert kept <= 5  # those with a leading "/" or many slashes read as a path
