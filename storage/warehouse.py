"""Writing the DuckDB working copy (no Dagster here): landing tables, counting rows.

Runs write a working copy (build/minerals.duckdb) under the writer lock (writer_lock.py);
publishing.py swaps it in as minerals.duckdb after a full, passing dbt build.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import duckdb
import polars as pl


def land_table(db_path: Path, schema: str, table: str, frame: pl.DataFrame) -> int:
    """Replace schema.table with `frame` in one transaction: all of it or nothing."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(db_path)) as con:
        con.execute("begin transaction")
        try:
            con.execute(f'create schema if not exists "{schema}"')
            con.register("incoming", frame.to_arrow())
            con.execute(f'create or replace table "{schema}"."{table}" as select * from incoming')
            con.unregister("incoming")
            con.execute("commit")
        except Exception:
            with contextlib.suppress(duckdb.Error):  # a failed commit leaves none to roll back
                con.execute("rollback")
            raise
        (rows,) = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()
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
