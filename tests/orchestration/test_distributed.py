"""The year backfill on a distributed engine (issue 19, item 1): a Dask scheduler and two
workers started from the command line as separate processes, one run per year whose steps are
tasks on them, then dbt and publishing in one place; the marts equal the session's build.

The configuration is the one docs/scaling.md ("On a Dask cluster") shows: `dask scheduler`,
`dask worker`, `python -m orchestration.year_runs` (its DASK_RUN_CONFIG) and `dagster job
execute -j build_from_raw -o 'dbt_models*'` (dbt and every step after it).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pytest

pytest.importorskip(
    "dagster_dask",
    reason="the distributed extra is not installed: pip install -e '.[distributed]' "
    "(.ci/run installs it)",
)

from orchestration.year_runs import run_years  # noqa: E402
from sources.registry import all_sources  # noqa: E402
from storage.raw_layer import partition_file  # noqa: E402
from storage.settings import REPO_ROOT  # noqa: E402

pytestmark = pytest.mark.build

BIN = Path(sys.executable).parent
YEARS = ("2022", "2023", "2024")  # Comtrade years, USGS MCS editions; BACI 2024
WORKERS = ("w1", "w2")
STARTUP_SECONDS = 60


@dataclass
class DaskCluster:
    address: str
    worker_pids: dict[str, int]  # worker name -> the pid that runs its tasks
    env: dict[str, str]


def wait_for(what: str, ready, processes: list[subprocess.Popen]):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if value := ready():
            return value
        if dead := [p.args for p in processes if p.poll() is not None]:
            pytest.fail(f"{what}: a process exited while starting: {dead}")
        time.sleep(0.2)
    pytest.fail(f"{what}: not ready after {STARTUP_SECONDS} s")


def stop(processes: list[subprocess.Popen]) -> None:
    """End each process group (its own session), waiting for it; kill what lingers."""
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def dask_cluster(warehouse_copy, tmp_path) -> Iterator[DaskCluster]:
    """`dask scheduler` and two `dask worker`s on 127.0.0.1 (random ports), each a process of
    its own, the workers given the raw layer (MINERALS_WAREHOUSE_DIR) and DAGSTER_HOME."""
    from distributed import Client

    home = tmp_path / "dagster_home"
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "MINERALS_WAREHOUSE_DIR": str(warehouse_copy.root),
        "DAGSTER_HOME": str(home),
    }
    home.mkdir()
    subprocess.run([BIN / "python", "-m", "orchestration.instance"], env=env, check=True)
    scheduler_file = tmp_path / "scheduler.json"
    local = ("--host", "127.0.0.1", "--no-dashboard")
    processes: list[subprocess.Popen] = []

    def start(*arguments: str, log: str) -> None:
        with open(tmp_path / log, "wb") as out:
            processes.append(
                subprocess.Popen(
                    [BIN / "dask", *arguments, *local],
                    cwd=REPO_ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )

    try:
        start("scheduler", "--port", "0", "--scheduler-file", str(scheduler_file), log="s.log")
        wait_for("dask scheduler", scheduler_file.exists, processes)
        for name in WORKERS:
            start(
                *("worker", "--scheduler-file", str(scheduler_file), "--name", name),
                *("--nworkers", "1", "--nthreads", "1", "--no-nanny"),
                log=f"{name}.log",
            )
        address = json.loads(scheduler_file.read_text())["address"]
        with Client(address, timeout=STARTUP_SECONDS) as client:
            client.wait_for_workers(len(WORKERS), timeout=STARTUP_SECONDS)
            names = {
                a: w["name"] for a, w in client.scheduler_info(n_workers=-1)["workers"].items()
            }
            pids = {names[address]: pid for address, pid in client.run(os.getpid).items()}
        assert set(pids.values()) == {p.pid for p in processes[1:]}  # --no-nanny: no child
        yield DaskCluster(address, pids, env)
    finally:
        stop(processes)


def year_files(raw_root: Path) -> dict[tuple[str, str, str], Path]:
    """Every partitioned table's file of each year in YEARS, by (source, table, year)."""
    return {
        (source.name, table.name, year): partition_file(
            raw_root, source.name, table.name, year, table.partition_key
        )
        for source in all_sources()
        for table in source.partitioned_tables
        for year in YEARS
    }


def step_starts(dagster_home: Path) -> dict[str, list[tuple[str, int]]]:
    """(step, pid) of every step start, by the run's partition."""
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef

    starts = {}
    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(dagster_home))) as instance:
        for run in instance.get_runs():
            assert run.status == dg.DagsterRunStatus.SUCCESS, run.run_id
            events = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.STEP_START)
            starts[run.tags["dagster/partition"]] = [
                (e.dagster_event.step_key, e.dagster_event.pid) for e in events
            ]
    return starts


FLOATS = ("DOUBLE", "FLOAT")


def mart_figures(database: Path) -> dict[tuple[str, str], object]:
    """Per mart (schema main): its rows, and per column the sum of its values (floats, as a
    pytest.approx) or of their hashes (any other type: equal sums, equal values in any
    order)."""
    figures = {}
    with duckdb.connect(str(database), read_only=True) as con:
        columns = con.execute(
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_schema = 'main' order by table_name, ordinal_position"
        ).fetchall()
        for table in sorted({table for table, _, _ in columns}):
            figures[table, "rows"] = con.execute(f'select count(*) from main."{table}"').fetchone()[
                0
            ]
        for table, column, kind in columns:
            total = f'sum("{column}")' if kind in FLOATS else f'sum(hash("{column}")::hugeint)'
            (value,) = con.execute(f'select {total} from main."{table}"').fetchone()
            # a float sum: compared within 1e-9 (DuckDB adds floats in any order)
            figures[table, column] = (
                pytest.approx(value, rel=1e-9, abs=1e-6)
                if (kind in FLOATS and value is not None)
                else value
            )
    return figures


def test_year_backfill_on_a_dask_cluster_publishes_the_same_marts(
    built_warehouse, warehouse_copy, dask_cluster
):
    files = year_files(warehouse_copy.raw_downloads)
    landed = {key: pl.read_parquet(path) for key, path in files.items() if path.exists()}
    assert {(source, year) for source, _, year in landed} == {
        *(("comtrade", year) for year in YEARS),
        *(("usgs_mcs", year) for year in YEARS),
        ("baci", "2024"),
    }
    for key in landed:
        files[key].unlink()  # the ledger still lists them: unless landed again, dbt refuses

    runs = run_years(YEARS, dask_cluster.address, env=dask_cluster.env)

    assert {year: run.returncode for year, run in runs.items()} == dict.fromkeys(YEARS, 0), {
        year: run.stderr[-3000:] for year, run in runs.items() if run.returncode
    }
    starts = step_starts(Path(dask_cluster.env["DAGSTER_HOME"]))
    assert sorted(starts) == list(YEARS)  # one run per year
    for year, steps in starts.items():
        assert sorted(step for step, _ in steps) == [
            "baci_trade_flows",
            "comtrade_tables",
            "usgs_mcs_tables",
        ], year
    pids = {pid for steps in starts.values() for _, pid in steps}
    assert pids == set(dask_cluster.worker_pids.values())  # both workers ran steps, no one else
    for key, frame in landed.items():  # landed again, as the session's build landed them
        again = pl.read_parquet(files[key])
        assert again.select(sorted(again.columns)).equals(frame.select(sorted(frame.columns))), key

    publish = subprocess.run(
        [BIN / "dagster", "job", "execute", "-m", "orchestration.definitions"]
        + ["-j", "build_from_raw", "-o", "dbt_models*"],
        cwd=REPO_ROOT,
        env=dask_cluster.env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert publish.returncode == 0, publish.stderr[-3000:]
    expected = mart_figures(built_warehouse.published)
    assert expected["fct_trade_flows", "rows"] > 0 and expected["fct_import_dependence", "rows"] > 0
    assert mart_figures(warehouse_copy.published) == expected  # approx figures on the right
