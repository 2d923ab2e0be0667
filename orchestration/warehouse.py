"""The single writer of the DuckDB warehouse (no Dagster here).

Runs write a working copy (build/minerals.duckdb); after a successful build the copy is
published by an atomic rename onto minerals.duckdb. Readers holding the old file keep
reading it; new readers see the new one; a failed run leaves the published file untouched.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl
from filelock import FileLock

WRITER_LOCK_TIMEOUT_S = 3600


@contextmanager
def writer_lock(lock_path: Path, timeout: float = WRITER_LOCK_TIMEOUT_S) -> Iterator[None]:
    """Serialise writers: a second run waits here (up to `timeout`) instead of failing."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(lock_path, timeout=timeout):
        yield


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
            con.execute("rollback")
            raise
        (rows,) = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()
    return rows


def publish(build_db: Path, published_db: Path) -> Path:
    """Copy the checkpointed working copy next to the published file, then rename over it."""
    with duckdb.connect(str(build_db)) as con:
        con.execute("checkpoint")
    staging = published_db.with_name(f".{published_db.name}.publishing")
    shutil.copyfile(build_db, staging)
    with duckdb.connect(str(staging), read_only=True) as con:
        con.execute("select count(*) from information_schema.tables").fetchone()
    os.replace(staging, published_db)
    return published_db


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
