"""Benchmark: the CPU budget of one BACI year's ingest beside polars' scan of the extracted CSV.

Run ``python -m tests.benchmarks.bench_ingest_budget [--rows N] [--workdir DIR] [--rounds R]``
(not collected by pytest). It reuses ``bench_baci``'s synthetic release zip (generated there if
missing) and, in each round, runs these children one after the other, each in a fresh
interpreter (alternating, so that a shared machine's load falls on all of them alike):

* ``polars``: bench_baci's (c), polars ``scan_csv`` + HS filter on the extracted member;
* ``ingest``: bench_baci's (a), ``read_year`` + pandera + Parquet file, from the zip;
* ``inflate``: the member's line-aligned chunks alone (``zip_stream.member_chunks``);
* ``scan``: ``read_year``'s scan of those chunks, inflated before the timer (lines + regex);
* ``split`` and ``regex``: the scan's two steps alone (polars lines; the regex on them).
  These three hold the whole inflated member in memory: their peak RSS means nothing.

Every child reports its wall time, its CPU time (user + sys of its own ``getrusage``, imports
excluded) and its peak RSS (VmHWM). The report gives the medians and the floor they imply on
two cores: the ingest does the inflate and the scan, polars only a scan. Results:
docs/benchmarks.md, "The ingest at the limit (issue 19)".
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks import bench_baci

KINDS = ("polars", "ingest", "inflate", "scan", "split", "regex")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measured(work: Callable[[], dict]) -> dict:
    """``work()``'s own result with its CPU seconds and this process's peak RSS added."""
    started = cpu_seconds()
    outcome = work()
    return {**outcome, "cpu": cpu_seconds() - started, "peak_rss_mb": bench_baci.peak_rss_mb()}


def _timed(work: Callable[[], int]) -> dict:
    started = time.perf_counter()
    rows = work()
    return {"seconds": time.perf_counter() - started, "rows": rows}


def _scan_parts(zip_path: Path, kind: str) -> Callable[[], dict]:
    """A child that times one part of read_year on chunks inflated before its timer."""
    import polars as pl

    from sources.baci import year_file
    from sources.common.zip_stream import member_chunks

    with zipfile.ZipFile(zip_path) as archive:
        info = archive.getinfo(bench_baci.member_name())
    wanted = year_file._normalise_codes(bench_baci.hs_codes())
    pattern = year_file._pattern(wanted)

    def lines_of(chunk: bytes) -> pl.DataFrame:
        return pl.read_csv(
            chunk, has_header=False, schema=year_file._LINE, **year_file._LINE_OPTIONS
        )

    if kind == "inflate":  # chunks are dropped as they come: the peak is the streaming one
        return lambda: _timed(lambda: sum(1 for _ in member_chunks(zip_path, info, "baci")))
    with member_chunks(zip_path, info, "baci") as stream:
        inflated = list(stream)
    if kind == "scan":
        return lambda: _timed(lambda: year_file._scan(iter(inflated), "member", pattern).height)
    body = [inflated[0][inflated[0].find(b"\n") + 1 :], *inflated[1:]]  # no header
    if kind == "split":
        return lambda: _timed(lambda: sum(lines_of(chunk).height for chunk in body))
    lines = [lines_of(chunk) for chunk in body]
    hits = pl.col("line").str.contains(pattern)
    return lambda: _timed(lambda: sum(frame.filter(hits).height for frame in lines))


def child(kind: str, zip_path: Path) -> dict:
    """One measured child; imports and set-up happen before the CPU clock starts."""
    if kind == "polars":
        csv_path = bench_baci.extracted_csv(zip_path)
        return measured(lambda: bench_baci.child_polars(csv_path))
    if kind == "ingest":
        import sources.baci.year_file  # noqa: F401  imported before the clock, as for polars
        import storage.raw_layer  # noqa: F401

        bench_baci._validator()
        return measured(lambda: bench_baci.child_ingest(zip_path, bench_baci.YEAR))
    return measured(_scan_parts(zip_path, kind))


def run_child(kind: str, zip_path: Path) -> dict:
    command = [sys.executable, "-m", "tests.benchmarks.bench_ingest_budget", "--child", kind]
    result = subprocess.run(
        [*command, str(zip_path)], check=True, stdout=subprocess.PIPE, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


# report ------------------------------------------------------------------------------------


def summary(runs: dict[str, list[dict]]) -> dict[str, dict[str, float]]:
    """Per kind: the median, min and max of wall and CPU seconds, and the median peak RSS."""
    table = {}
    for kind, results in runs.items():
        row = {}
        for key in ("seconds", "cpu"):
            values = [r[key] for r in results]
            row |= {key: bench_baci.median(values), f"{key}_min": min(values)}
            row[f"{key}_max"] = max(values)
        row["peak_rss_mb"] = bench_baci.median([r["peak_rss_mb"] for r in results])
        table[kind] = row
    return table


def floor(table: dict[str, dict[str, float]], cores: int = 2) -> dict[str, float]:
    """What the CPU budget allows on ``cores`` cores.

    The ingest's CPU is at least inflate + scan; polars' is its own. Spread perfectly over the
    cores, the ingest's wall cannot go under ``(inflate + scan) / cores``; and it cannot go
    under the inflate alone, which is one sequential stream. ``scan_allowance`` is the scan's
    CPU that would let the ingest match polars' CPU.
    """
    inflate, scan, polars = (table[k]["cpu"] for k in ("inflate", "scan", "polars"))
    ingest_floor = max((inflate + scan) / cores, inflate)
    return {
        "cpu_ratio": (inflate + scan) / polars,
        "ingest_floor_seconds": ingest_floor,
        "polars_floor_seconds": polars / cores,
        "scan_allowance": polars - inflate,
    }


def report(table: dict[str, dict[str, float]], loads: list[float], rounds: int) -> str:
    lines = [
        f"{rounds} rounds, load average {min(loads):.1f}-{max(loads):.1f} "
        f"(median {bench_baci.median(loads):.1f}); medians [min-max]",
    ]
    for kind, row in table.items():
        lines.append(
            f"  {kind:8} wall {row['seconds']:.3f} s [{row['seconds_min']:.3f}-"
            f"{row['seconds_max']:.3f}]  cpu {row['cpu']:.3f} s [{row['cpu_min']:.3f}-"
            f"{row['cpu_max']:.3f}]  peak {row['peak_rss_mb']:.0f} MB"
        )
    if all(kind in table for kind in ("inflate", "scan", "polars")):
        bound = floor(table)
        lines.append(
            f"  inflate + scan = {bound['cpu_ratio']:.2f} x polars' CPU; floor on 2 cores: "
            f"ingest {bound['ingest_floor_seconds']:.3f} s, polars "
            f"{bound['polars_floor_seconds']:.3f} s; the scan would have to cost "
            f"<= {bound['scan_allowance']:.3f} CPU-s to match polars"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=bench_baci.DEFAULT_ROWS)
    parser.add_argument("--workdir", type=Path, default=bench_baci.DEFAULT_WORKDIR)
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (median)")
    parser.add_argument("--kinds", default=",".join(KINDS), help="children, comma-separated")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return
    made = bench_baci.run_child("generate", str(args.workdir), "--rows", str(args.rows))
    zip_path = Path(made["zip"])
    bench_baci.extracted_csv(zip_path)
    kinds = args.kinds.split(",")
    runs: dict[str, list[dict]] = {kind: [] for kind in kinds}
    loads = []
    for _ in range(args.rounds):
        loads.append(load_average())
        for kind in kinds:
            runs[kind].append(run_child(kind, zip_path))
    print(report(summary(runs), loads, args.rounds))


if __name__ == "__main__":
    main()
