"""What failed dbt tests found, in words: the first offending rows of each failed test.

dbt says "Got 3 results, configured to fail if != 0" and where the rows are; a test that
stores its failures (``store_failures``, schema ``audit``) keeps them in the working copy.
:func:`failure_summary` reads them (read-only) and names, for each failed test, how many rows
it found and its first rows: the test's ``message`` column where it has one (the production
figure checks spell out the file, series, year, value and what was expected), else every
column as ``name=value``. :func:`dbt_test_failure` turns it into the Dagster failure of the
dbt asset, so the run's error says what was refused, not only that dbt failed.
"""

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

FAILED = ("fail", "error")


def failure_summary(
    run_results: Mapping[str, Any],
    manifest_nodes: Mapping[str, Mapping[str, Any]],
    database: Path,
    limit: int = 5,
) -> str | None:
    """One paragraph per failed dbt test of ``run_results`` (dbt's run_results.json), its
    stored rows read from ``database``; None when no test failed."""
    failed = [
        result
        for result in run_results.get("results", [])
        if result["unique_id"].startswith("test.") and result.get("status") in FAILED
    ]
    if not failed:
        return None
    with duckdb.connect(str(database), read_only=True) as con:
        return "\n".join(
            _describe(con, result, manifest_nodes.get(result["unique_id"], {}), limit)
            for result in failed
        )


def dbt_test_failure(
    run_results_path: Path, manifest_path: Path, database: Path, limit: int = 5
) -> dg.Failure | None:
    """The failure to raise for a dbt build whose tests failed: its description names each
    failed test and its first rows (:func:`failure_summary`); None when no test failed."""
    if not run_results_path.exists():
        return None
    run_results = json.loads(run_results_path.read_text(encoding="utf-8"))
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    summary = failure_summary(run_results, manifest["nodes"], database, limit)
    if summary is None:
        return None
    return dg.Failure(
        description=f"dbt tests failed; nothing was published.\n{summary}",
        metadata={"failed_tests": dg.MetadataValue.md(f"```\n{summary}\n```")},
    )


def _describe(
    con: duckdb.DuckDBPyConnection,
    result: Mapping[str, Any],
    node: Mapping[str, Any],
    limit: int,
) -> str:
    name = node.get("name") or result["unique_id"].split(".")[2]
    table = _audit_table(node)
    if table is None or not _exists(con, *table):
        return f"{name}: {result.get('message') or result.get('status')}"
    relation = ".".join(f'"{part}"' for part in table)
    count = con.execute(f"select count(*) from {relation}").fetchone()[0]
    cursor = con.execute(f"select * from {relation} limit {int(limit)}")
    columns = [column[0] for column in cursor.description]
    rows = [_row_text(dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]
    first = "\n  ".join(rows)
    return f"{name}: {count} rows; first rows:\n  {first}"


def _audit_table(node: Mapping[str, Any]) -> tuple[str, str] | None:
    """(schema, table) where dbt stored a test's failing rows, when it stores them."""
    if not node.get("config", {}).get("store_failures"):
        return None
    return node["schema"], node.get("alias") or node["name"]


def _exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchone()[0]
    return found > 0


def _row_text(row: Mapping[str, Any]) -> str:
    if row.get("message"):
        return str(row["message"])
    return ", ".join(f"{column}={value}" for column, value in row.items())
