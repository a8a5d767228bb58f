"""Rows read back from a database with its client are data, whatever errors they quote."""

from diagnoser import diagnose
from diagnoser.model import Facts
from diagnoser.normalise import normalise
from diagnoser.parsers import query_results

BQ = (
    "$ bq query --nouse_legacy_sql 'SELECT ticket, predicted_cause FROM t LIMIT 2'\n"
    "+--------+------------------+\n"
    "| ticket | predicted_cause  |\n"
    "+--------+------------------+\n"
    "| INC-1  | OOMKilled        |\n"
    "| INC-2  | CrashLoopBackOff |\n"
    "+--------+------------------+\n"
)
PSQL = (
    "$ psql -h db.internal -c 'select id, status from runs'\n"
    " id |        status\n"
    "----+-----------------------\n"
    "  1 | Error: ImagePullBackOff\n"
    "(1 row)\n"
)


def spans(text: str) -> list[tuple[int, int]]:
    facts = Facts()
    query_results.read(normalise(text), facts)
    return facts.configuration


def test_a_bq_result_table_under_its_command_is_data():
    assert spans(BQ) == [(2, 7)]
    assert diagnose(BQ).findings == []


def test_a_psql_result_with_its_row_count_is_data():
    assert spans(PSQL) == [(2, 5)]


def test_output_after_the_result_table_is_still_read():
    text = BQ + "kserve-container  Terminated  137  OOMKilled\n"
    assert [f.id for f in diagnose(text).findings][:1] == ["oomkilled"]


def test_a_table_without_a_query_command_above_it_is_not_data():
    assert spans(BQ.split("\n", 1)[1]) == []
