"""Benchmark: the dbt build of the warehouse beside its floor.

Run ``python -m tests.benchmarks.bench_build [--warehouse DIR] [--threads N] [--json OUT]``
(not collected by pytest) on a warehouse already built from the bundled snapshot (default:
$MINERALS_WAREHOUSE_DIR, else ./warehouse). The user's warehouse is never touched: its working
copy (build/minerals.duckdb) is copied into a temporary root whose raw/ is a symlink to the
warehouse's raw layer (the staging sources read its Parquet globs), and dbt runs there, in a
target folder of its own (the project's partial_parse.msgpack copied in, as dagster-dbt does).

1. dbt start-up: ``dbt parse`` (a full parse: the temporary root changes the profile, so the
   copied partial parse is refused), and ``dbt build --select`` of
   nothing (start-up, partial parse, no node): dbt's fixed cost, as in a Dagster run.
2. ``dbt build --full-refresh`` as orchestration/assets/dbt.py runs it (a subprocess): wall
   and CPU time, and from run_results.json the summed node time and node count per resource
   type (seed, model, test, unit_test), and the slowest nodes.
3. The floor: on a fresh copy of the working copy, ONE DuckDB connection runs in the build's
   DAG order every seed (read_csv of the seed CSV with the column types dbt gave the table),
   every model (create or replace table/view as its compiled SQL), every data test
   (``select count(*) from (<compiled SQL>)``) and every unit test's compiled SQL (the model
   on its fixtures; dbt's comparison with the expected rows, a few rows, is left out). The
   floor is checked: every seed and table has the row count of dbt's build, every test the
   same number of failing rows.

Results and how to read them: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from storage.settings import DBT_PROJECT_DIR, ENV_VAR, warehouse_paths

RESOURCE_TYPES = ("seed", "model", "test", "unit_test")
DBT = Path(sys.executable).with_name("dbt")
PARTIAL_PARSE = "partial_parse.msgpack"
NOTHING = "tag:bench_build_selects_nothing"


# --- pure helpers -------------------------------------------------------------------------


def resource_type(unique_id: str) -> str:
    """`model.minerals.fct_x` -> `model`."""
    return unique_id.split(".", 1)[0]


def dag_order(depends_on: Mapping[str, Iterable[str]]) -> list[str]:
    """The nodes in an order where each comes after the nodes it depends on (those outside
    the mapping, e.g. sources, are ignored); ties in name order, so the order is stable."""
    parents = {node: set(deps) & depends_on.keys() for node, deps in depends_on.items()}
    order: list[str] = []
    ready = sorted(node for node, deps in parents.items() if not deps)
    done: set[str] = set()
    while ready:
        node = ready.pop(0)
        order.append(node)
        done.add(node)
        for child in sorted(n for n, deps in parents.items() if node in deps and n not in done):
            if parents[child] <= done and child not in ready:
                ready.append(child)
        ready.sort()
    if len(order) != len(parents):
        cycle = sorted(parents.keys() - done)
        raise ValueError(f"dependency cycle among {cycle[:5]}")
    return order


def split_by_type(results: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, float]]:
    """Node count and summed execution time per resource type, from run_results' results."""
    split = {kind: {"nodes": 0, "seconds": 0.0} for kind in RESOURCE_TYPES}
    for result in results:
        kind = split.setdefault(resource_type(result["unique_id"]), {"nodes": 0, "seconds": 0.0})
        kind["nodes"] += 1
        kind["seconds"] += result["execution_time"]
    return split


def slowest(results: Iterable[Mapping[str, Any]], n: int = 10) -> list[tuple[str, float]]:
    """The n slowest nodes, (unique_id, seconds), slowest first."""
    timed = [(r["unique_id"], r["execution_time"]) for r in results]
    return sorted(timed, key=lambda item: -item[1])[:n]


def data_test_kind(node: Mapping[str, Any]) -> str:
    """A data test's generic name (not_null, unique, relationships...), else `singular`."""
    return (node.get("test_metadata") or {}).get("name") or "singular"


# --- dbt ----------------------------------------------------------------------------------


@dataclass
class Timed:
    wall: float
    cpu: float


def run_dbt(args: list[str], env: Mapping[str, str]) -> Timed:
    """A dbt command in a subprocess, as dagster-dbt runs it; wall and the child's CPU time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [str(DBT), *args, "--profiles-dir", str(DBT_PROJECT_DIR)],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"dbt {' '.join(args)} failed:\n{done.stdout[-4000:]}{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timed(wall, cpu)


def prepare_root(warehouse: Path, root: Path) -> Path:
    """A warehouse root of the benchmark's own: a copy of the working copy, raw/ linked."""
    source = warehouse / "build" / "minerals.duckdb"
    if not source.exists():
        raise SystemExit(f"no working copy at {source}: build the warehouse first (make demo)")
    (root / "build").mkdir(parents=True)
    shutil.copyfile(source, root / "build" / "minerals.duckdb")
    (root / "raw").symlink_to((warehouse / "raw").resolve(), target_is_directory=True)
    return root


def dbt_env(root: Path, target: Path) -> dict[str, str]:
    target.mkdir(parents=True, exist_ok=True)
    partial = DBT_PROJECT_DIR / "target" / PARTIAL_PARSE
    if partial.exists() and not (target / PARTIAL_PARSE).exists():
        shutil.copyfile(partial, target / PARTIAL_PARSE)
    return {ENV_VAR: str(root), "DBT_TARGET_PATH": str(target), "DBT_LOG_PATH": str(target)}


# --- the floor ----------------------------------------------------------------------------


@dataclass
class Floor:
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(RESOURCE_TYPES, 0.0))
    nodes: dict[str, float] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    cpu: float = 0.0


def _name(node: Mapping[str, Any]) -> str:
    return f'"{node["schema"]}"."{node.get("alias") or node["name"]}"'


def seed_sql(node: Mapping[str, Any], types: Mapping[str, str]) -> str:
    path = str(DBT_PROJECT_DIR / node["original_file_path"]).replace("'", "''")
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in types.items())
    delimiter = node["config"].get("delimiter") or ","
    return (
        f"create or replace table {_name(node)} as select * from read_csv('{path}', "
        f"header = true, delim = '{delimiter}', columns = {{{columns}}})"
    )


def model_sql(node: Mapping[str, Any]) -> str:
    kind = "view" if node["config"]["materialized"] == "view" else "table"
    return f"create or replace {kind} {_name(node)} as (\n{node['compiled_code']}\n)"


def count_sql(code: str) -> str:
    return f"select count(*) from (\n{code}\n) as floor_test"


def run_floor(
    database: Path, manifest: Mapping[str, Any], compiled: Mapping[str, str], seed_types
) -> Floor:
    """Every node of the build in one connection, in DAG order; unit tests last."""
    nodes = {**manifest["nodes"], **manifest.get("unit_tests", {})}
    built = {uid: nodes[uid] for uid in compiled if uid in nodes}
    order = dag_order({uid: node["depends_on"].get("nodes", []) for uid, node in built.items()})
    order.sort(key=lambda uid: resource_type(uid) == "unit_test")  # stable: DAG order kept
    floor = Floor()
    cpu = time.process_time()
    with duckdb.connect(str(database)) as con:
        for schema in sorted({node["schema"] for node in built.values()}):
            con.execute(f'create schema if not exists "{schema}"')
        for uid in order:
            node, kind = built[uid], resource_type(uid)
            start = time.perf_counter()
            if kind == "seed":
                con.execute(seed_sql(node, seed_types[uid]))
            elif kind == "model":
                con.execute(model_sql(node))
            else:
                code = node.get("compiled_code") or compiled[uid]
                floor.failures[uid] = con.execute(count_sql(code)).fetchall()[0][0]
            floor.nodes[uid] = time.perf_counter() - start
            floor.seconds[kind] += floor.nodes[uid]
    floor.cpu = time.process_time() - cpu
    return floor


def relation_facts(database: Path, nodes: Iterable[Mapping[str, Any]]):
    """Row counts of the seeds and tables, and each seed's column types, in a build."""
    rows: dict[str, int] = {}
    types: dict[str, dict[str, str]] = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for node in nodes:
            if node["resource_type"] == "seed":
                schema, table = node["schema"], node.get("alias") or node["name"]
                types[node["unique_id"]] = dict(
                    con.execute(
                        "select column_name, data_type from information_schema.columns "
                        "where table_schema = ? and table_name = ? order by ordinal_position",
                        [schema, table],
                    ).fetchall()
                )
            if node["resource_type"] == "seed" or node["config"].get("materialized") == "table":
                query = f"select count(*) from {_name(node)}"
                rows[node["unique_id"]] = con.execute(query).fetchall()[0][0]
    return rows, types


def floor_differences(
    dbt_rows: Mapping[str, int],
    floor_rows: Mapping[str, int],
    dbt_failures: Mapping[str, int],
    floor_failures: Mapping[str, int],
) -> list[str]:
    """What the floor built differently from dbt: row counts of tables, failing rows of tests."""
    found = [
        f"{uid}: {dbt_rows[uid]} rows in dbt's build, {floor_rows.get(uid)} in the floor's"
        for uid in dbt_rows
        if floor_rows.get(uid) != dbt_rows[uid]
    ]
    found += [
        f"{uid}: {dbt_failures[uid]} failing rows in dbt's build, {floor_failures.get(uid)} "
        "in the floor's"
        for uid in dbt_failures
        if floor_failures.get(uid) != dbt_failures[uid]
    ]
    return found


# --- the benchmark ------------------------------------------------------------------------


def data_test_cost(
    manifest: Mapping[str, Any], results, floor: Floor
) -> dict[str, dict[str, float]]:
    """dbt's and the floor's time of the data tests, by generic test name (singular apart)."""
    costs: dict[str, dict[str, float]] = {}
    for result in results:
        if resource_type(result["unique_id"]) != "test":
            continue
        cost = costs.setdefault(
            data_test_kind(manifest["nodes"][result["unique_id"]]),
            {"nodes": 0, "dbt_seconds": 0.0, "floor_seconds": 0.0},
        )
        cost["nodes"] += 1
        cost["dbt_seconds"] += result["execution_time"]
        cost["floor_seconds"] += floor.nodes.get(result["unique_id"], 0.0)
    return costs


def benchmark(warehouse: Path, workdir: Path, threads: int | None) -> dict[str, Any]:
    root = prepare_root(warehouse, workdir / "root")
    target = workdir / "target"
    env = dbt_env(root, target)
    thread_args = ["--threads", str(threads)] if threads else []
    parse = run_dbt(["parse", "--quiet"], env)
    nothing = run_dbt(["build", "--full-refresh", "--select", NOTHING, *thread_args], env)
    build = run_dbt(["build", "--full-refresh", *thread_args], env)
    run_results = json.loads((target / "run_results.json").read_text())
    manifest = json.loads((target / "manifest.json").read_text())
    results = run_results["results"]
    failed = [r["unique_id"] for r in results if r["status"] not in ("success", "pass", "warn")]
    if failed:
        raise SystemExit(f"dbt build did not pass: {failed[:10]}")
    built_nodes = [
        manifest["nodes"][r["unique_id"]] for r in results if r["unique_id"] in manifest["nodes"]
    ]
    dbt_rows, seed_types = relation_facts(root / "build" / "minerals.duckdb", built_nodes)
    floor_file = workdir / "floor" / "minerals.duckdb"  # catalog `minerals`, as compiled
    floor_file.parent.mkdir()
    shutil.copyfile(warehouse / "build" / "minerals.duckdb", floor_file)
    compiled = {r["unique_id"]: r.get("compiled_code") or "" for r in results}
    floor_start = time.perf_counter()
    floor = run_floor(floor_file, manifest, compiled, seed_types)
    floor_wall = time.perf_counter() - floor_start
    floor_rows, _ = relation_facts(floor_file, built_nodes)
    dbt_failures = {
        r["unique_id"]: r["failures"] or 0
        for r in results
        if resource_type(r["unique_id"]) == "test"
    }
    split = split_by_type(results)
    for kind, figures in split.items():
        figures["floor_seconds"] = floor.seconds.get(kind, 0.0)
    effective_threads = threads or run_results["args"].get("threads") or 4
    return {
        "threads": threads or "profile",
        "dbt_parse": vars(parse),
        "dbt_build_nothing": vars(nothing),
        "dbt_build": vars(build),
        "dbt_elapsed": run_results["elapsed_time"],
        "per_type": split,
        "node_seconds": sum(r["execution_time"] for r in results),
        "per_node_overhead": (sum(r["execution_time"] for r in results) - sum(floor.nodes.values()))
        / len(results),
        "unexplained": build.wall - nothing.wall - split_total(split) / effective_threads,
        "slowest": slowest(results),
        "floor_slowest": slowest(
            {"unique_id": uid, "execution_time": seconds} for uid, seconds in floor.nodes.items()
        ),
        "tests": data_test_cost(manifest, results, floor),
        "floor": {"wall": floor_wall, "cpu": floor.cpu},
        "ratio": build.wall / floor_wall,
        "cpu_ratio": build.cpu / floor.cpu,
        "floor_differences": floor_differences(dbt_rows, floor_rows, dbt_failures, floor.failures),
        "tables_checked": len(dbt_rows),
        "tests_checked": len(dbt_failures),
    }


def split_total(split: Mapping[str, Mapping[str, float]]) -> float:
    return sum(figures["seconds"] for figures in split.values())


def report(figures: Mapping[str, Any]) -> str:
    build, floor = figures["dbt_build"], figures["floor"]
    lines = [
        f"dbt build --full-refresh (threads: {figures['threads']}): {build['wall']:.1f} s wall, "
        f"{build['cpu']:.1f} s CPU; dbt's own elapsed {figures['dbt_elapsed']:.1f} s",
        f"  dbt start-up: full parse {figures['dbt_parse']['wall']:.1f} s (the temporary path "
        "changes the profile), build of no node (partial parse) "
        f"{figures['dbt_build_nothing']['wall']:.1f} s wall "
        f"({figures['dbt_build_nothing']['cpu']:.1f} s CPU)",
        f"  {'type':<10} {'nodes':>6} {'dbt node s':>11} {'floor s':>9}",
    ]
    for kind, row in figures["per_type"].items():
        lines.append(
            f"  {kind:<10} {row['nodes']:>6} {row['seconds']:>11.1f} {row['floor_seconds']:>9.1f}"
        )
    lines += [
        f"  summed node time {figures['node_seconds']:.1f} s; per node, dbt minus floor: "
        f"{figures['per_node_overhead'] * 1000:.0f} ms; wall minus start-up minus node time / "
        f"threads: {figures['unexplained']:.1f} s",
        f"floor (one DuckDB connection): {floor['wall']:.1f} s wall, {floor['cpu']:.1f} s CPU "
        "(unit tests: their compiled SQL on the fixtures, without the comparison)",
        f"ratio dbt build / floor: {figures['ratio']:.2f} wall (target <= 3), "
        f"{figures['cpu_ratio']:.2f} CPU (steadier on a loaded machine)",
        f"floor checked: {figures['tables_checked']} seeds and tables, "
        f"{figures['tests_checked']} tests; differences: {len(figures['floor_differences'])}",
        *(f"  {line}" for line in figures["floor_differences"][:10]),
        "data tests by kind: nodes, dbt s, floor s",
        *(
            f"  {kind:<22} {c['nodes']:>4} {c['dbt_seconds']:>7.1f} {c['floor_seconds']:>7.1f}"
            for kind, c in sorted(figures["tests"].items(), key=lambda kv: -kv[1]["dbt_seconds"])
        ),
        "slowest nodes (dbt s):",
        *(f"  {seconds:6.2f}  {uid}" for uid, seconds in figures["slowest"]),
        "slowest nodes (floor s):",
        *(f"  {seconds:6.2f}  {uid}" for uid, seconds in figures["floor_slowest"]),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", type=Path, default=None, help="default: the settings'")
    parser.add_argument("--threads", type=int, default=None, help="default: profiles.yml's")
    parser.add_argument("--workdir", type=Path, default=None, help="kept when given")
    parser.add_argument("--json", type=Path, default=None, help="write the figures there")
    args = parser.parse_args(argv)
    warehouse = (args.warehouse or warehouse_paths().root).resolve()
    with tempfile.TemporaryDirectory(prefix="bench_build_") as tmp:
        workdir = args.workdir or Path(tmp)
        figures = benchmark(warehouse, workdir, args.threads)
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
