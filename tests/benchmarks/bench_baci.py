"""Benchmark: ingest of a full-size BACI year vs a bare DuckDB read_csv + HS filter.

Run ``python -m tests.benchmarks.bench_baci [--rows N] [--workdir DIR] [--repeat R]
[--stdlib-zlib]`` (not collected by pytest). Writes a synthetic BACI-format release zip at real
size (cached in the workdir), then times, each run in a fresh subprocess:

(a) the project's ingest: ``read_year`` (inflate + filter + dictionary join), pandera
    validation and landing as a year's Parquet file of the raw layer; its peak RSS (VmHWM);
(b) a bare DuckDB ``read_csv`` + HS filter (row count) over the already-extracted CSV;
(c) the polars equivalent of (b) (``scan_csv`` + filter, streaming) and pandas ``read_csv``
    in 1 M-row chunks from the zip, run by ``--pandas-python`` (pandas is not a project
    dependency: make bench installs it in .venv/bench-pandas);
(d) ``--backfill 1,5,20`` (the default; ``--no-backfill`` skips it): for each N, a release
    zip of N full-size years landed through Dagster (``dagster asset materialize
    --partition-range``, multiprocess executor, ``max_workers: 2``) against a local HTTP
    server into a fresh warehouse: wall, step time (from the Dagster instance), step time per
    year, per-worker peak RSS and rows of every landed year, each N against N = 1; then
    ``build_from_raw`` (landing, dbt build, publish) after the largest N;
(e) ``--update`` (the default; ``--no-update`` skips it): one new full-size BACI year
    (2025) landed the same way into a warehouse built from the bundled snapshot, then the
    rebuild + publish (``build_from_raw -o 'dbt_models*'``): land, dbt, publish, total.

``--no-ingest`` skips (a)-(c). Synthetic data: tests/benchmarks/synthetic_baci.py; the
Dagster runs: tests/benchmarks/dagster_runs.py.

Results and how to read them: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from tests.benchmarks import dagster_runs
from tests.benchmarks.synthetic_baci import (
    DEFAULT_ROWS,
    MAPPED_HS,
    RELEASE,
    YEAR,
    build_years_zip,
    build_zip,
    extracted_csv,
    member_name,
)

DEFAULT_WORKDIR = Path("/tmp/baci_bench")
DEFAULT_BACKFILLS = "1,5,20"
UPDATE_YEAR = 2025  # a year the bundled snapshot does not hold (BACI 2024 only)


# measured children -------------------------------------------------------------------------


def hs_codes() -> list[str]:
    """The codes a live ingest keeps: the reviewed seed's, or MAPPED_HS without orchestration."""
    try:
        from sources.common.mappings import mapped_hs_codes
    except ImportError:
        return list(MAPPED_HS)
    return mapped_hs_codes()


def _validator():
    """(name, validate(frame)): the project's pandera schema, or a tiny local one."""
    try:
        from sources.baci.schema import BaciTradeFlows
        from sources.common.validation import validate
    except ImportError:
        import pandera.polars as pa

        class LocalFlows(pa.DataFrameModel):  # stand-in until sources.baci.schema exists
            line_number: int = pa.Field(ge=1)
            year: int = pa.Field(ge=1988, le=2100)
            hs6: str = pa.Field(str_matches=r"^\d{6}$")
            value_kusd: float = pa.Field(ge=0)
            quantity_t: float = pa.Field(ge=0, nullable=True)

        return "local pandera stand-in", lambda frame: LocalFlows.validate(frame, lazy=True)
    return "sources.baci.schema.BaciTradeFlows", lambda frame: validate(
        "baci", "baci__trade_flows", BaciTradeFlows, frame
    )


def child_ingest(zip_path: Path, year: int, stdlib_zlib: bool = False) -> dict:
    """(a): read_year + validation + landing into a temporary DuckDB file."""
    from sources.baci.year_file import read_year
    from sources.common import zip_stream
    from storage.raw_layer import write_partition

    if stdlib_zlib:  # what a machine without the optional isal package gets
        import zlib

        zip_stream._zlib = zlib

    codes = hs_codes()
    validator, validate = _validator()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        frame = read_year(zip_path, year, codes, workdir=Path(tmp))
        read_done = time.perf_counter()
        frame = validate(frame)
        validated = time.perf_counter()
        path = write_partition(Path(tmp) / "year.parquet", frame, {"bench": True})
        landed = pl.scan_parquet(path).select(pl.len()).collect().item()
        finished = time.perf_counter()
    return {
        "seconds": finished - started,
        "read_seconds": read_done - started,
        "validate_seconds": validated - read_done,
        "land_seconds": finished - validated,
        "rows": landed,
        "codes": len(codes),
        "validator": validator,
        "inflate": zip_stream._zlib.__name__,
        "peak_rss_mb": peak_rss_mb(),
    }


def child_bare(csv_path: Path) -> dict:
    """(b): a bare DuckDB read_csv (explicit types) + HS filter, counting the rows."""
    import duckdb

    codes = ", ".join(f"'{int(code)}'" for code in hs_codes())
    types = {"t": "BIGINT", "i": "BIGINT", "j": "BIGINT", "k": "VARCHAR", "v": "DOUBLE"}
    columns = str({**types, "q": "VARCHAR"})
    query = (
        f"select count(*) from read_csv('{csv_path}', header = true, columns = {columns}) "
        f"where k in ({codes})"
    )
    with duckdb.connect() as con:
        started = time.perf_counter()
        (rows,) = con.execute(query).fetchone()
        finished = time.perf_counter()
    return {
        "seconds": finished - started,
        "rows": rows,
        "peak_rss_mb": peak_rss_mb(),
    }


def child_polars(csv_path: Path) -> dict:
    """(c): polars scan_csv (explicit types) + HS filter, streaming, counting the rows."""
    codes = [str(int(code)) for code in hs_codes()]
    schema = {"t": pl.Int64, "i": pl.Int64, "j": pl.Int64, "k": pl.String, "v": pl.Float64}
    started = time.perf_counter()
    rows = (
        pl.scan_csv(csv_path, schema={**schema, "q": pl.String})
        .filter(pl.col("k").is_in(codes))
        .select(pl.len())
        .collect(engine="streaming")
        .item()
    )
    return {"seconds": time.perf_counter() - started, "rows": rows, "peak_rss_mb": peak_rss_mb()}


PANDAS_CHILD = """
import json, sys, time, zipfile
import pandas as pd

zip_path, member, codes = sys.argv[1], sys.argv[2], {int(c) for c in sys.argv[3].split(",")}
started = time.perf_counter()
rows = 0
with zipfile.ZipFile(zip_path) as archive, archive.open(member) as text:
    for chunk in pd.read_csv(text, chunksize=1_000_000, dtype={"q": str}):
        rows += int(chunk["k"].isin(codes).sum())
seconds = time.perf_counter() - started
status = open("/proc/self/status").read().splitlines()
peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
print(json.dumps({"seconds": seconds, "rows": rows, "peak_rss_mb": peak}))
"""


def pandas_run(zip_path: Path, python: str | None) -> dict:
    """(c): pandas read_csv in 1 M-row chunks from the zip member, HS filter per chunk; in
    ``python``, an interpreter with pandas (make bench: .venv/bench-pandas), since pandas is
    not a project dependency."""
    if not python:
        return {"skipped": "no --pandas-python (make bench makes .venv/bench-pandas)"}
    codes = ",".join(str(int(code)) for code in hs_codes())
    command = [python, "-c", PANDAS_CHILD, str(zip_path), member_name(), codes]
    result = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        **outcome,
        "pandas": subprocess.check_output(
            [python, "-c", "import pandas; print(pandas.__version__)"], text=True
        ).strip(),
    }


def peak_rss_mb() -> float:
    """This process's own peak RSS: VmHWM (Linux), else ru_maxrss.

    ru_maxrss of a child can include its parent's RSS at fork/exec time, VmHWM cannot.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kilobytes = next(
        int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")
    )
    return kilobytes / 1024


def run_child(kind: str, path: str, *options: str, tail: tuple[str, ...] = ()) -> dict:
    """Run this module with ``--child kind path [tail]`` in a fresh interpreter; its JSON."""
    command = [sys.executable, "-m", "tests.benchmarks.bench_baci", *options, "--child", kind]
    command += [path, *tail]
    result = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


# report ------------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each side (median)")
    parser.add_argument("--stdlib-zlib", action="store_true", help="inflate with zlib, not isal")
    parser.add_argument("--ingest", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument(
        "--backfill",
        type=years_list,
        default=years_list(DEFAULT_BACKFILLS),
        help=f"years of each backfill (default {DEFAULT_BACKFILLS}); --no-backfill: none",
    )
    parser.add_argument("--no-backfill", dest="backfill", action="store_const", const=[])
    parser.add_argument(
        "--backfill-build",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="build_from_raw (dbt build + publish) after the largest backfill",
    )
    parser.add_argument("--update", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument(
        "--update-from",
        type=Path,
        help="a warehouse built from the snapshot, copied (default: "
        "python -m orchestration.demo in a temporary folder)",
    )
    parser.add_argument("--pandas-python", help="an interpreter with pandas, for (c) pandas")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args)))
        return
    if args.ingest:
        report_ingest(args)
    if args.backfill:
        report_backfills(args)
    if args.update:
        report_update(args)


def years_list(text: str) -> list[int]:
    """``1,5,20`` -> [1, 5, 20] (``0`` or nothing: no backfill)."""
    return [int(n) for n in text.split(",") if n.strip() and int(n)]


def child(args: argparse.Namespace) -> dict:
    kind, path = args.child[0], Path(args.child[1])
    if kind == "generate":
        return {"zip": str(build_zip(path, args.rows))}
    if kind == "generate_years":
        years = [int(y) for y in args.child[2].split(",")]
        return {"zip": str(build_years_zip(path, args.rows, years))}
    if kind == "backfill":
        years = [int(y) for y in args.child[2].split(",")]
        return dagster_runs.backfill(path, years, RELEASE, build=len(args.child) > 3)
    if kind == "update":
        built = Path(args.child[3]) if len(args.child) > 3 else None
        return dagster_runs.update(path, int(args.child[2]), RELEASE, built)
    return {
        "ingest": lambda: child_ingest(path, YEAR, args.stdlib_zlib),
        "bare": lambda: child_bare(path),
        "polars": lambda: child_polars(path),
    }[kind]()


def years_zip(args: argparse.Namespace, years: list[int]) -> Path:
    """The cached release zip of ``years`` (generated in a process of its own)."""
    tail = (",".join(map(str, years)),)
    made = run_child("generate_years", str(args.workdir), "--rows", str(args.rows), tail=tail)
    return Path(made["zip"])


def report_backfills(args: argparse.Namespace) -> None:
    runs, failed = [], []
    for n_years in args.backfill:
        years = list(range(YEAR - n_years + 1, YEAR + 1))
        zip_path = years_zip(args, years)
        build = ("build",) if args.backfill_build and n_years == max(args.backfill) else ()
        try:
            tail = (",".join(map(str, years)), *build)
            runs.append(run_child("backfill", str(zip_path), tail=tail))
        except subprocess.CalledProcessError:  # its error is printed above; the others go on
            failed.append(f"N={n_years} failed (log: {zip_path.parent}/backfill-{n_years}.log)")
    print(
        "(d) backfill through Dagster (multiprocess executor, max_workers 2), fresh warehouse "
        f"each; {args.workdir}: per-year time and worker peak against N=1 (target: flat)"
    )
    ratios = dagster_runs.relative_to_one_year(runs) if runs else []
    for run, ratio in zip(runs, ratios, strict=True):
        print(dagster_runs.backfill_line(run, ratio))
    for failure in failed:
        print(f"    {failure}")
    built = [run for run in runs if "build" in run]
    for run in built:
        print(dagster_runs.build_line(run["years"], run["build"]))


def report_update(args: argparse.Namespace) -> None:
    zip_path = years_zip(args, [UPDATE_YEAR])
    tail = (str(UPDATE_YEAR), *([str(args.update_from)] if args.update_from else []))
    run = run_child("update", str(zip_path), tail=tail)
    print(dagster_runs.update_line(run))


def report_ingest(args: argparse.Namespace) -> None:
    # generation runs in its own process, so that its memory stays out of the measured ones
    made = run_child("generate", str(args.workdir), "--rows", str(args.rows))
    zip_path = Path(made["zip"])
    csv_path = extracted_csv(zip_path)
    flags = ["--stdlib-zlib"] if args.stdlib_zlib else []
    ingest = [run_child("ingest", str(zip_path), *flags) for _ in range(args.repeat)]
    bare = [run_child("bare", str(csv_path)) for _ in range(args.repeat)]
    polars_runs = [run_child("polars", str(csv_path)) for _ in range(args.repeat)]
    pandas = pandas_run(zip_path, args.pandas_python)

    time_a = median([run["seconds"] for run in ingest])
    time_b = median([run["seconds"] for run in bare])
    first = ingest[0]
    print(
        f"zip: {zip_path} ({zip_path.stat().st_size / 1e6:.0f} MB); member "
        f"{csv_path.stat().st_size / 1e6:.0f} MB, {args.rows:,} rows; {os.cpu_count()} cores"
    )
    print(
        f"filter: {first['codes']} HS6 codes -> {first['rows']:,} rows "
        f"(bare count {bare[0]['rows']:,}); validation: {first['validator']}; "
        f"inflate: {first['inflate']}"
    )
    for name, key in (
        ("read_year", "read_seconds"),
        ("validate", "validate_seconds"),
        ("land", "land_seconds"),
    ):
        print(f"  (a) {name:<9} median {median([run[key] for run in ingest]):.3f} s")
    print(f"(a) ingest   median {time_a:.3f} s  (runs: {_runs(ingest)})")
    print(f"(b) bare     median {time_b:.3f} s  (runs: {_runs(bare)})")
    print(f"ratio a/b    {time_a / time_b:.2f}  (target <= 1.5)")
    peak = max(run["peak_rss_mb"] for run in ingest)
    bare_peak = max(run["peak_rss_mb"] for run in bare)
    print(f"peak RSS (a) {peak:.0f} MB (VmHWM; target <= 1024); (b) {bare_peak:.0f} MB")
    polars_time = median([run["seconds"] for run in polars_runs])
    polars_peak = max(run["peak_rss_mb"] for run in polars_runs)
    print(
        f"(c) polars   median {polars_time:.3f} s, peak {polars_peak:.0f} MB "
        f"(rows {polars_runs[0]['rows']:,})"
    )
    if "skipped" in pandas:
        print(f"(c) pandas   skipped: {pandas['skipped']}")
    else:
        print(
            f"(c) pandas   {pandas['seconds']:.3f} s, peak {pandas['peak_rss_mb']:.0f} MB "
            f"(rows {pandas['rows']:,}; pandas {pandas['pandas']})"
        )


def _runs(results: list[dict]) -> str:
    return ", ".join(f"{run['seconds']:.3f}" for run in results)


if __name__ == "__main__":
    main()
