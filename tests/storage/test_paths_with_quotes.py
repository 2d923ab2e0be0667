"""A warehouse folder whose path holds an apostrophe (/home/o'brien/...) is built, read and
published like any other: every path that enters SQL is quoted as one string."""

import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from storage.publishing import publish
from storage.settings import DBT_PROJECT_DIR, ENV_VAR, WarehousePaths

pytestmark = pytest.mark.build

DBT = f"{sys.executable.rsplit('/', 1)[0]}/dbt"
QUOTED_ROOT = "o'brien's warehouse"


def test_publishing_into_a_folder_with_an_apostrophe(built_warehouse, tmp_path):
    paths = WarehousePaths(tmp_path / QUOTED_ROOT)
    shutil.copytree(built_warehouse.root, paths.root, ignore=shutil.ignore_patterns("*.lock"))

    publish(paths)

    with duckdb.connect(str(paths.published), read_only=True) as con:
        assert con.execute("select count(*) from fct_production_concentration").fetchone()[0]


def test_dbt_reads_the_raw_layer_below_a_folder_with_an_apostrophe(built_warehouse, tmp_path):
    """The dbt source of a partitioned table reads read_parquet('<warehouse>/raw/...')."""
    root = tmp_path / QUOTED_ROOT
    table = "raw/baci/baci__trade_flows"
    shutil.copytree(built_warehouse.root / table, root / table)
    (root / "build").mkdir()
    with duckdb.connect() as con:
        (rows,) = con.execute(
            "select count(*) from read_parquet(?)", [f"{built_warehouse.root / table}/*/*.parquet"]
        ).fetchone()

    shown = subprocess.run(
        [
            DBT,
            "show",
            "--inline",
            "select count(*) as n from {{ source('baci', 'baci__trade_flows') }}",
            "--output",
            "json",
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(tmp_path / "target"),
            "--log-path",
            str(tmp_path / "logs"),
        ],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, ENV_VAR: str(root)},
        capture_output=True,
        text=True,
    )

    assert shown.returncode == 0, shown.stdout[-2000:]
    assert f'"n": {rows}' in shown.stdout
