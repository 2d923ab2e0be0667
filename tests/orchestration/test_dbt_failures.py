"""failure_summary names what each failed dbt test found, from its stored rows."""

import json

import duckdb
import pytest

from orchestration.assets.dbt_failures import dbt_test_failure, failure_summary

JUMPS = "test.minerals.assert_production_jumps_reviewed"
MAPPED = "test.minerals.assert_trade_hs_codes_mapped.1a2b"
BROKEN = "test.minerals.not_null_dim_mineral_mineral_id.3c4d"
PASSED = "test.minerals.assert_world_totals_cover_countries"
MESSAGE = (
    "usgs_mcs MCS2025_World_Data.csv: rare_earths mine oxide_equivalent CHN 2023 "
    "(edition 2025) = 2550000.0 t (cell '2550000'), x10.6 against the 240000.0 t of edition 2024"
)


def stored(name: str) -> dict:
    return {"name": name, "schema": "audit", "config": {"store_failures": True}}


NODES = {
    JUMPS: stored("assert_production_jumps_reviewed"),
    MAPPED: stored("assert_trade_hs_codes_mapped"),
    BROKEN: {"name": "not_null_dim_mineral_mineral_id", "schema": "main", "config": {}},
    PASSED: stored("assert_world_totals_cover_countries"),
}


def results(*statuses: tuple[str, str, str]) -> dict:
    return {
        "results": [
            {"unique_id": unique_id, "status": status, "message": message}
            for unique_id, status, message in statuses
        ]
    }


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "minerals.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema audit")
        con.execute(
            "create table audit.assert_production_jumps_reviewed as "
            "select * from (values ('usgs_mcs', 2550000.0, ?), ('wmd', 1.0, 'second')) "
            "as t(source, quantity, message)",
            [MESSAGE],
        )
        con.execute(
            "create table audit.assert_trade_hs_codes_mapped as "
            "select * from (values ('999999', 2022), ('888888', 2023), ('777777', 2024)) "
            "as t(hs6, year)"
        )
    return path


def test_failed_tests_are_named_with_their_first_rows(database):
    summary = failure_summary(
        results(
            (JUMPS, "fail", "Got 2 results, configured to fail if != 0"),
            (MAPPED, "fail", "Got 3 results, configured to fail if != 0"),
            (BROKEN, "error", "Runtime Error: column mineral_id not found"),
            (PASSED, "pass", None),
            ("model.minerals.dim_mineral", "success", None),
        ),
        NODES,
        database,
        limit=2,
    )
    print(summary)
    assert summary == (
        f"assert_production_jumps_reviewed: 2 rows; first rows:\n  {MESSAGE}\n  second\n"
        "assert_trade_hs_codes_mapped: 3 rows; first rows:\n"
        "  hs6=999999, year=2022\n  hs6=888888, year=2023\n"
        "not_null_dim_mineral_mineral_id: Runtime Error: column mineral_id not found"
    )


def test_nothing_to_say_when_every_test_passed(database):
    assert failure_summary(results((PASSED, "pass", None)), NODES, database) is None


def test_the_database_is_only_read(database):
    before = database.read_bytes()
    with duckdb.connect(str(database), read_only=True):  # another reader holds it
        failure_summary(results((JUMPS, "fail", "")), NODES, database)
    assert database.read_bytes() == before


def test_the_dagster_failure_carries_the_summary(database, tmp_path):
    run_results = tmp_path / "run_results.json"
    run_results.write_text(json.dumps(results((JUMPS, "fail", "Got 2 results"))))
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"nodes": NODES}))

    failure = dbt_test_failure(run_results, manifest, database)

    assert failure.description == (
        "dbt tests failed; nothing was published.\n"
        f"assert_production_jumps_reviewed: 2 rows; first rows:\n  {MESSAGE}\n  second"
    )
    run_results.write_text(json.dumps(results((PASSED, "pass", None))))
    assert dbt_test_failure(run_results, manifest, database) is None
    assert dbt_test_failure(tmp_path / "missing.json", manifest, database) is None
