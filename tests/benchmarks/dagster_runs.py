"""Year backfills and the one-year update through Dagster's CLI, timed from the instance.

Each run is a ``dagster`` command against a local HTTP server that serves a synthetic release
zip (tests/benchmarks/synthetic_baci.py). Step times come from the run's events in the Dagster
instance (STEP_SUCCESS ``duration_ms``: the step's own time, download of the zip through the
local server and its sha256 included, process start-up excluded), not from the CLI's output,
which can miss a step's last events (a 1-year backfill printed no STEP_SUCCESS line for
baci_trade_flows, which the instance held: the old figure's ``nan``); the peak memory
of the year workers and the rows of each year from the provenance sidecar of every landed year.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

BACI_STEP = "baci_trade_flows"
LANDINGS = "baci/baci__trade_flows,comtrade/comtrade__trade_records"
# dbt, publishing, exports and report over the raw layer as landed (docs/scaling.md)
REBUILD = ["job", "execute", "-j", "build_from_raw", "-o", "dbt_models*"]
PUBLISH_STEP = "published_warehouse"


# pure helpers ------------------------------------------------------------------------------


def step_durations(entries: Iterable) -> dict[str, float]:
    """Seconds per step key, from a run's STEP_START, STEP_SUCCESS and STEP_FAILURE event log
    entries: a success's own ``duration_ms``; a failed step, from its start to its failure."""
    started, seconds = {}, {}
    for entry in entries:
        kind = entry.dagster_event.event_type_value
        if kind == "STEP_START":
            started[entry.step_key] = entry.timestamp
        elif kind == "STEP_SUCCESS":
            seconds[entry.step_key] = entry.dagster_event.event_specific_data.duration_ms / 1000
        elif kind == "STEP_FAILURE" and entry.step_key in started:
            seconds[entry.step_key] = entry.timestamp - started[entry.step_key]
    return seconds


def year_figures(sidecars: Iterable[Mapping]) -> dict:
    """Min and max over the landed years' provenance sidecars: the peak RSS (MB) of the process
    that read each year (``worker_peak_rss_mb`` holds every year of the run; each sidecar's own
    year is taken), and the rows of each year."""
    peaks, rows = [], []
    for sidecar in sidecars:
        peaks.append(sidecar["worker_peak_rss_mb"][str(sidecar["year"])])
        rows.append(sidecar["rows"])
    return {"worker_peak_rss_mb": [min(peaks), max(peaks)], "rows_per_year": [min(rows), max(rows)]}


def relative_to_one_year(runs: list[dict]) -> list[dict]:
    """Each backfill's per-year step time and top worker peak against the 1-year run's (or,
    without one, the smallest N's): both must stay near 1 as N grows."""
    base = min(runs, key=lambda run: run["years"])
    return [
        {
            "years": run["years"],
            "time_ratio": run["step_seconds_per_year"] / base["step_seconds_per_year"],
            "peak_ratio": run["worker_peak_rss_mb"][1] / base["worker_peak_rss_mb"][1],
        }
        for run in runs
    ]


def span(low_high: list) -> str:
    """``a`` when both ends are equal, else ``a-b``."""
    low, high = low_high
    return f"{low:,.0f}" if low == high else f"{low:,.0f}-{high:,.0f}"


def backfill_line(run: dict, ratio: dict) -> str:
    return (
        f"    N={run['years']:<3} wall {run['wall_seconds']:.1f} s; "
        f"step {run['step_seconds']:.1f} s = {run['step_seconds_per_year']:.2f} s/year "
        f"({ratio['time_ratio']:.2f}x N=1); "
        f"worker peak RSS {span(run['worker_peak_rss_mb'])} MB "
        f"({ratio['peak_ratio']:.2f}x N=1); {span(run['rows_per_year'])} rows/year"
    )


def build_line(years: int, build: dict) -> str:
    steps = build["steps"]
    return (
        f"    build_from_raw (landing, dbt build, publish) after N={years}: "
        f"wall {build['wall_seconds']:.1f} s, dbt build {steps.get('dbt_models', float('nan')):.1f}"
        f" s, publish {steps.get(PUBLISH_STEP, float('nan')):.1f} s; "
        + ("published" if build["published"] else "NOT published")
    )


def update_line(run: dict) -> str:
    steps = run["rebuild_steps"]
    published = "published" if run["published"] else "NOT published"
    return (
        f"(e) one-year update ({run['year']}, {run['rows']:,} rows): land {run['land_seconds']:.1f}"
        f" s (step {run['land_step_seconds']:.1f}), rebuild + publish "
        f"{run['rebuild_seconds']:.1f} s (dbt {steps.get('dbt_models', float('nan')):.1f}, "
        f"publish {steps.get(PUBLISH_STEP, float('nan')):.1f}, exports + report "
        f"{steps.get('warehouse_exports', 0) + steps.get('warehouse_report', 0):.1f}); "
        f"total {run['total_seconds']:.1f} s (target < 30); {published}, "
        f"{run['published_year_rows']:,} BACI {run['year']} rows in fct_trade_flows"
    )


# Dagster runs ------------------------------------------------------------------------------


@contextlib.contextmanager
def served(directory: Path) -> Iterator[str]:
    """The URL of a local HTTP server serving ``directory``, for the duration."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def live_config(url: str, release: str) -> str:
    """Run config: the multiprocess executor, BACI read live from ``url`` by 2 year workers."""
    return (
        "execution:\n  config:\n    multiprocess:\n      max_concurrent: 2\n"
        "ops:\n  baci_trade_flows:\n    config:\n"
        f"      mode: live\n      release: {release}\n      base_url: {url}\n"
        "      max_workers: 2\n"
    )


class Warehouse:
    """A warehouse folder with its own Dagster instance (DAGSTER_HOME inside it)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = {
            **os.environ,
            "MINERALS_WAREHOUSE_DIR": str(root),
            "DAGSTER_HOME": str(root / ".dagster"),
        }

    def python(self, *args: str) -> None:
        subprocess.run([sys.executable, *args], env=self.env, check=True, capture_output=True)

    def dagster(self, args: list[str], log: Path, check: bool = True) -> tuple[float, str]:
        """Run a ``dagster`` command; its wall time and run id (its log written to ``log``)."""
        command = [str(Path(sys.executable).parent / "dagster"), *args]
        command += ["-m", "orchestration.definitions"]
        started = time.perf_counter()
        done = subprocess.run(command, env=self.env, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        log.write_text(done.stdout + done.stderr)
        if check and done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed (log: {log}):\n{done.stderr[-4000:]}")
        return seconds, self.latest_run_id()

    def instance(self):
        import dagster as dg

        return dg.DagsterInstance.from_config(self.env["DAGSTER_HOME"])

    def latest_run_id(self) -> str:
        with self.instance() as instance:
            return instance.get_runs(limit=1)[0].run_id

    def step_seconds(self, run_id: str) -> dict[str, float]:
        import dagster as dg

        with self.instance() as instance:
            kinds = {"STEP_START", "STEP_SUCCESS", "STEP_FAILURE"}
            of_type = {dg.DagsterEventType(kind) for kind in kinds}
            records = instance.get_records_for_run(run_id, of_type=of_type).records
            return step_durations(record.event_log_entry for record in records)

    def sidecars(self, years: list[int]) -> list[dict]:
        from storage.raw_layer import partition_file

        raw = self.root / "raw"
        return [
            json.loads(
                partition_file(raw, "baci", "baci__trade_flows", year)
                .with_suffix(".provenance.json")
                .read_text()
            )
            for year in years
        ]

    def published_baci_rows(self, year: int) -> int:
        """BACI rows of ``year`` in the published file's fct_trade_flows."""
        import duckdb

        with duckdb.connect(str(self.root / "minerals.duckdb"), read_only=True) as con:
            query = "select count(*) from fct_trade_flows where source = 'baci' and year = ?"
            return con.execute(query, [year]).fetchall()[0][0]

    def published_by(self, run_id: str) -> bool:
        """Whether the published file is the build of ``run_id`` (publication.json)."""
        record = self.root / "publication.json"
        return record.is_file() and json.loads(record.read_text()).get("build_run_id") == run_id


def backfill(zip_path: Path, years: list[int], release: str, build: bool) -> dict:
    """Land ``years`` through the Dagster CLI (multiprocess executor, 2 year workers) into a
    fresh warehouse; with ``build``, then the bundled USGS editions (untimed) and
    ``build_from_raw`` (landing of the unpartitioned sources, dbt build, publish)."""
    logs = zip_path.parent
    with tempfile.TemporaryDirectory() as tmp, served(zip_path.parent) as url:
        warehouse = Warehouse(Path(tmp) / "wh")
        warehouse.python("-m", "orchestration.instance")
        config = Path(tmp) / "backfill.yaml"
        config.write_text(live_config(url, release))
        partitions = ["--partition-range", f"{years[0]}...{years[-1]}"]
        wall, run_id = warehouse.dagster(
            ["asset", "materialize", "--select", LANDINGS, *partitions, "-c", str(config)],
            logs / f"backfill-{len(years)}.log",
        )
        steps = warehouse.step_seconds(run_id)
        step = sum(seconds for key, seconds in steps.items() if key.startswith(BACI_STEP))
        outcome = {
            "years": len(years),
            "wall_seconds": wall,
            "step_seconds": step,
            "step_seconds_per_year": step / len(years),
            **year_figures(warehouse.sidecars(years)),
        }
        if build:
            outcome["build"] = build_after_backfill(warehouse, logs)
    return outcome


def build_after_backfill(warehouse: Warehouse, logs: Path) -> dict:
    from sources.usgs_mcs.download import EDITIONS
    from sources.usgs_mcs.load import TABLES as USGS_TABLES

    editions = ",".join(f"usgs_mcs/{table}" for table in USGS_TABLES.values())
    bundled = f"{min(EDITIONS)}...{max(EDITIONS)}"
    warehouse.dagster(
        ["asset", "materialize", "--select", editions, "--partition-range", bundled],
        logs / "usgs-editions.log",
    )
    wall, run_id = warehouse.dagster(
        ["job", "execute", "-j", "build_from_raw"], logs / "build-after-backfill.log", check=False
    )
    return {
        "wall_seconds": wall,
        "steps": warehouse.step_seconds(run_id),
        "published": warehouse.published_by(run_id),
    }


def update(zip_path: Path, year: int, release: str, built: Path | None) -> dict:
    """A warehouse built from the bundled snapshot (``built`` copied, else ``make demo``'s
    build in a temporary folder, untimed), then one new BACI year landed from ``zip_path`` and
    the rebuild + publish over the raw layer, timed."""
    logs = zip_path.parent
    with tempfile.TemporaryDirectory() as tmp, served(zip_path.parent) as url:
        warehouse = Warehouse(Path(tmp) / "wh")
        if built:
            shutil.copytree(built, warehouse.root, symlinks=True)
        warehouse.python("-m", "orchestration.instance")
        if not built:
            warehouse.python("-m", "orchestration.demo")
        config = Path(tmp) / "update.yaml"
        config.write_text(live_config(url, release))
        land = ["asset", "materialize", "--select", "baci/baci__trade_flows"]
        land_wall, land_run = warehouse.dagster(
            [*land, "--partition", str(year), "-c", str(config)], logs / "update-land.log"
        )
        rebuild_wall, rebuild_run = warehouse.dagster(
            REBUILD, logs / "update-rebuild.log", check=False
        )
        (sidecar,) = warehouse.sidecars([year])
        return {
            "year": year,
            "rows": sidecar["rows"],
            "land_seconds": land_wall,
            "land_step_seconds": warehouse.step_seconds(land_run).get(BACI_STEP, float("nan")),
            "rebuild_seconds": rebuild_wall,
            "rebuild_steps": warehouse.step_seconds(rebuild_run),
            "total_seconds": land_wall + rebuild_wall,
            "published": warehouse.published_by(rebuild_run),
            "published_year_rows": warehouse.published_baci_rows(year),
        }
