"""A code location for test_killed_runs: one partitioned landing whose years load slowly in
load_years worker processes, the real landing path (land_partitions) writing them.

Each process writes its pid to $KILLED_RUN_MARKS (step.pid, worker-<year>.pid) when it starts
loading, so the test knows when to kill the run and which processes must die with it.
"""

import multiprocessing
import os
import time
from functools import partial
from pathlib import Path

import dagster as dg
import polars as pl

from orchestration.assets.landing import VALID_CHECK, landing_key
from orchestration.assets.year_landing import land_partitions, load_years
from orchestration.partitions import yearly_landing
from orchestration.resources import WarehouseResource

SOURCE, TABLE = "killed", "killed__slow_table"
SLOW_SECONDS = 6.0
KEY = landing_key(SOURCE, TABLE)


def slow_year(marks: str, year: int) -> pl.DataFrame:
    Path(marks, f"worker-{year}.pid").write_text(str(os.getpid()))
    time.sleep(SLOW_SECONDS)
    return pl.DataFrame({"year": [year]})


@yearly_landing("slow_landing", [dg.AssetSpec(KEY)], [dg.AssetCheckSpec(VALID_CHECK, asset=KEY)])
def slow_landing(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    marks = os.environ["KILLED_RUN_MARKS"]
    Path(marks, "step.pid").write_text(str(os.getpid()))

    def load(years: list[int]):
        frames, _ = load_years(partial(slow_year, marks), years, max_workers=2)
        return {TABLE: frames}, {}

    yield from land_partitions(context, warehouse, SOURCE, load)


defs = dg.Definitions(assets=[slow_landing], resources={"warehouse": WarehouseResource()})


def report_when_orphaned(out: str) -> None:
    """In a spawned child: once the parent has died, what require_run_alive says."""
    from types import SimpleNamespace

    from orchestration.assets.step_process import require_run_alive

    Path(out + ".ready").write_text("ready")
    multiprocessing.parent_process().join()
    try:
        require_run_alive(SimpleNamespace(run_id="run-1"))
        Path(out).write_text("allowed")
    except dg.Failure as failure:
        Path(out).write_text(failure.description)


def orphan_a_child(out: str) -> None:
    """Start report_when_orphaned in a spawned child, wait till it runs, and die."""
    multiprocessing.get_context("spawn").Process(target=report_when_orphaned, args=(out,)).start()
    while not Path(out + ".ready").exists():
        time.sleep(0.05)
    os._exit(0)
