"""Help text, diff hunks, pytest's PASSES section and changelog notes describe errors; they
are recorded as configuration, and the real output around them is still read."""

from diagnoser import diagnose
from diagnoser.model import Facts
from diagnoser.normalise import normalise
from diagnoser.parsers import documentation


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def spans(text: str) -> list[tuple[int, int]]:
    facts = Facts()
    documentation.read(normalise(text), facts)
    return facts.configuration


HELP = (
    "$ mlctl deploy --help\n"
    "Usage: mlctl deploy [OPTIONS] MODEL\n"
    "\n"
    "Options:\n"
    "  --memory TEXT   raise it if the container is OOMKilled (exit code 137)\n"
    '  --cpu TEXT      too much gives "CPU request is too large"\n'
    "\n"
    "$ mlctl deploy ranker\n"
    'error: Merlin refused the deployment (HTTP 400): {"error":"CPU request is too large"}\n'
)


def test_help_output_runs_to_the_next_prompt_and_its_words_are_not_findings():
    assert spans(HELP) == [(2, 6)]
    assert ids(HELP) == ["resource-request-rejected"]


def test_help_text_stops_at_an_unindented_line_that_is_no_help_heading():
    text = "$ executor --help | grep push\n      --push-retry int   retries\nBuild log:\nerror: x\n"
    assert spans(text) == [(2, 2)]


def test_df_h_prints_output_not_help():
    text = (
        "$ df -h /mnt/models\nFilesystem  Size  Used Avail Use% Mounted on\n/dev/sda1  20G  20G  0 100% /\n"
    )
    assert spans(text) == []


DIFF = (
    "$ git diff\n"
    "@@ -3,3 +3,3 @@ spec:\n"
    "       requests:\n"
    "-        memory: 2Gi   # OOMKilled at load, exit 137\n"
    "+        memory: 6Gi\n"
    "           cpu: 1\n"
    "  kserve-container:\n"
    "    State:          Waiting\n"
    "      Reason:       ImagePullBackOff\n"
)


def test_a_diff_hunk_covers_the_lines_its_counts_say():
    assert spans(DIFF) == [(2, 6)]
    assert "oomkilled" not in ids(DIFF)


def test_pytest_passes_section_ends_at_the_next_banner():
    text = (
        "============ PASSES ============\n"
        "______ test_oom ______\n"
        "WARNING  triage:h.py:88 container kserve-container terminated: OOMKilled (exit code 137)\n"
        "============ short test summary info ============\n"
        "PASSED tests/test_h.py::test_oom\n"
    )
    assert spans(text) == [(1, 3)]
    assert ids(text) == []


def test_a_release_section_holds_its_bullets_and_stops_at_a_prompt():
    text = (
        "## 2.4.0 (2027-12-01)\n"
        "- fix: OOMKilled on start-up: load lazily\n"
        "  (the embeddings)\n"
        "- fix: no CrashLoopBackOff without REDIS_URL\n"
        "\n"
        "$ kubectl get pods\n"
    )
    assert spans(text) == [(1, 4)]
    assert ids(text) == []


def test_an_indented_block_after_a_blank_line_is_not_a_release_note():
    text = "## v1.2.0\n- fix: typo\n\n    State:          Waiting\n      Reason:       CrashLoopBackOff\n"
    assert spans(text) == [(1, 2)]


PAYLOAD = (
    "Data,\n"
    "  {\n"
    '    "inputs": [\n'
    "      {\n"
    '        "name": "message",\n'
    '        "data": [\n'
    '          "Container kserve-container in pod ads-1 was OOMKilled (exit code 137)",\n'
    '          "Back-off restarting failed container transformer in pod geo-9"\n'
    "        ]\n"
    "      }\n"
    "    ]\n"
    "  }\n"
)


def test_a_pretty_printed_request_block_is_data_to_its_closing_bracket():
    assert spans(PAYLOAD) == [(3, 11)]
    assert ids(PAYLOAD) == []


def test_a_payload_block_that_never_closes_is_left_to_the_other_readers():
    cut = PAYLOAD.split("        ]\n")[0] + "OOMKilled\n"
    assert spans(cut) == []
