"""Writing the DuckDB working copy (no Dagster here): landing tables, counting rows.

Runs write a working copy (build/minerals.duckdb) under the writer lock (writer_lock.py);
publishing.py swaps it in as minerals.duckdb after a full, passing dbt build.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import duckdb
import polars as pl


def land_table(
    db_path: Path, schema: str, table: str, frame: pl.DataFrame, fingerprint: str | None = None
) -> int:
    """Replace schema.table with `frame` in one transaction: all of it or nothing. With a
    fingerprint (what the frame was made of), the table's comment records it beside the
    table's content hash, in the same transaction (see `landed_unchanged`)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    relation = f'"{schema}"."{table}"'
    with duckdb.connect(str(db_path)) as con:
        con.execute("begin transaction")
        try:
            con.execute(f'create schema if not exists "{schema}"')
            con.register("incoming", frame.to_arrow())
            con.execute(f"create or replace table {relation} as select * from incoming")
            con.unregister("incoming")
            if fingerprint is not None:
                landed = {"fingerprint": fingerprint, "content": content_hash(con, relation)}
                con.execute(f"comment on table {relation} is '{json.dumps(landed)}'")
            con.execute("commit")
        except Exception:
            with contextlib.suppress(duckdb.Error):  # a failed commit leaves none to roll back
                con.execute("rollback")
            raise
        (rows,) = con.execute(f"select count(*) from {relation}").fetchone()
    return rows


def content_hash(con: duckdb.DuckDBPyConnection, relation: str) -> str:
    """Row count and the sum of the rows' hashes: any edited, added or removed row changes it."""
    ((rows, total),) = con.execute(
        f"select count(*), coalesce(sum(hash(*columns(*))::hugeint), 0) from {relation}"
    ).fetchall()
    return f"{rows}:{total}"


def landed_unchanged(
    db_path: Path, schema: str, tables: list[str], fingerprint: str
) -> dict[str, int] | None:
    """Rows of each of ``tables`` if every one was landed from ``fingerprint`` and still holds
    what was landed (its content hash); else None (land them again)."""
    if not db_path.exists():
        return None
    with duckdb.connect(str(db_path), read_only=True) as con:
        comments = dict(
            con.execute(
                "select table_name, comment from duckdb_tables() "
                "where database_name = current_database() and schema_name = ?",
                [schema],
            ).fetchall()
        )
        rows = {}
        for table in tables:
            try:
                landed = json.loads(comments.get(table) or "{}")
            except json.JSONDecodeError:
                return None
            relation = f'"{schema}"."{table}"'
            if landed.get("fingerprint") != fingerprint:
                return None
            if landed.get("content") != (content := content_hash(con, relation)):
                return None
            rows[table] = int(content.split(":")[0])
    return rows


def drop_tables(db_path: Path, schema: str, tables: list[str]) -> list[str]:
    """Drop those of ``schema.tables`` that exist in the file; the ones dropped."""
    if not db_path.exists():
        return []
    with duckdb.connect(str(db_path)) as con:
        found = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = ? and table_type = 'BASE TABLE'",
                [schema],
            ).fetchall()
        }
        dropped = [table for table in tables if table in found]
        for table in dropped:
            con.execute(f'drop table "{schema}"."{table}"')
    return dropped


def drop_orphans(db_path: Path, expected: set[tuple[str, str]]) -> list[str]:
    """Drop the relations of the schemas in ``expected`` (schema, name) that it does not list:
    what a renamed or moved dbt model left behind, never built again, would otherwise be
    published and exported beside the current marts. Other schemas are not touched."""
    if not db_path.exists():
        return []
    schemas = sorted({schema for schema, _ in expected})
    with duckdb.connect(str(db_path)) as con:
        found = con.execute(
            "select table_schema, table_name, table_type from information_schema.tables "
            "where table_catalog = current_database() and list_contains(?, table_schema) "
            "order by 1, 2",
            [schemas],
        ).fetchall()
        dropped = []
        for schema, name, kind in found:
            if (schema, name) not in expected:
                con.execute(f'drop {"view" if kind == "VIEW" else "table"} "{schema}"."{name}"')
                dropped.append(f"{schema}.{name}")
    return dropped


def table_counts(db_path: Path) -> dict[str, int]:
    """schema.table -> row count, for reports and tests."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' order by 1, 2"
        ).fetchall()
        return {
            f"{s}.{t}": con.execute(f'select count(*) from "{s}"."{t}"').fetchone()[0]
            for s, t in tables
        }
