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
(d) ``--backfill N`` (default 5, 0 to skip): N full-size years in one release zip, landed
    through Dagster (``dagster asset materialize --partition-range``, multiprocess executor,
    ``max_workers: 2``) against a local HTTP server, then the same for 1 year, then
    ``build_from_raw`` (dbt build + publish) on the result: wall times, time per year, peak
    RSS per worker process.

Results and how to read them: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import string
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import polars as pl

from sources.common.files import atomic_path

REV = "HS17"
RELEASE = "V202601"
YEAR = 2022
DEFAULT_ROWS = 11_000_000
DEFAULT_WORKDIR = Path("/tmp/baci_bench")
N_COUNTRIES = 230
N_PRODUCTS = 5_400
# the 44 HS6 codes mapped to minerals in dbt_project/seeds/trade/hs_minerals.csv when written;
# the ingest filters on mapped_hs_codes() when that module is importable, else on these
MAPPED_HS = (
    "250410",
    "250490",
    "251010",
    "251110",
    "252800",
    "252910",
    "252922",
    "260200",
    "260300",
    "260400",
    "260500",
    "260600",
    "261000",
    "261100",
    "261710",
    "270112",
    "280429",
    "280469",
    "280470",
    "280480",
    "280530",
    "282200",
    "282520",
    "283691",
    "283692",
    "284610",
    "284690",
    "711011",
    "711021",
    "720292",
    "720293",
    "740311",
    "750110",
    "750210",
    "810194",
    "810320",
    "810411",
    "810520",
    "810820",
    "811010",
    "811212",
    "811231",
    "811292",
    "850511",
)
SEED = 20260101


def member_name(year: int = YEAR) -> str:
    return f"BACI_{REV}_Y{year}_{RELEASE}.csv"


# data generation ---------------------------------------------------------------------------


def country_dictionary(rng: random.Random) -> pl.DataFrame:
    """~230 BACI-like country entries (V2026 layout), ISO-numeric-like codes, unique ISO3."""
    codes = sorted(rng.sample(range(4, 900), N_COUNTRIES))
    letters = string.ascii_uppercase
    iso3: set[str] = set()
    while len(iso3) < N_COUNTRIES:
        iso3.add("".join(rng.choice(letters) for _ in range(3)))
    iso3_list = sorted(iso3)
    return pl.DataFrame(
        {
            "country_code": codes,
            "country_name": [f"Country {c}" for c in codes],
            "country_iso2": [s[:2] for s in iso3_list],
            "country_iso3": iso3_list,
        }
    )


def product_codes(rng: random.Random) -> list[int]:
    """~5,400 HS6 codes as CEPII writes them (integers: leading zeros lost), incl. MAPPED_HS."""
    mapped = {int(c) for c in MAPPED_HS}
    others = rng.sample([c for c in range(10_000, 980_000) if c not in mapped], N_PRODUCTS)
    return sorted(set(others[: N_PRODUCTS - len(mapped)]) | mapped)


def _zipf_pool(values: list[int], rng: random.Random, exponent: float, size: int) -> pl.Series:
    """A pool where each value appears in proportion to a Zipf weight of its (shuffled) rank."""
    order = values[:]
    rng.shuffle(order)
    weights = [1.0 / (rank + 1) ** exponent for rank in range(len(order))]
    total = sum(weights)
    pool: list[int] = []
    for value, weight in zip(order, weights, strict=True):
        pool.extend([value] * max(1, round(weight / total * size)))
    return pl.Series(pool, dtype=pl.Int64)


def _uniform(n: int, seed: int) -> pl.Series:
    """n pseudo-random floats in [0, 1) (polars hashing; numpy is not a dependency)."""
    hashed = pl.int_range(0, n, eager=True, dtype=pl.UInt64).hash(seed=seed)
    return (hashed // 2048).cast(pl.Float64) / float(1 << 53)


def _normal(n: int, seed: int) -> pl.Series:
    """n approximately standard-normal floats (Irwin-Hall sum of 4 uniforms)."""
    total = sum(_uniform(n, seed + s) for s in range(4))
    return (total - 2.0) * 3.0**0.5


def _draw(pool: pl.Series, n: int, seed: int) -> pl.Series:
    index = (_uniform(n, seed) * pool.len()).cast(pl.UInt32)
    return pool.gather(index)


def flows(rows: int, countries: list[int], products: list[int], rng: random.Random) -> pl.DataFrame:
    """``rows`` unique (i, j, k) flows with skewed partners/products, values and some null q."""
    exporters = _zipf_pool(countries, rng, 1.0, 200_000)
    importers = _zipf_pool(countries, rng, 0.8, 200_000)
    goods = _zipf_pool(products, rng, 0.7, 400_000)
    keys = pl.DataFrame(schema={"i": pl.Int64, "j": pl.Int64, "k": pl.Int64})
    seed = 1
    while keys.height < rows:
        n = int((rows - keys.height) * 1.3) + 1000
        batch = pl.DataFrame(
            {
                "i": _draw(exporters, n, seed),
                "j": _draw(importers, n, seed + 1),
                "k": _draw(goods, n, seed + 2),
            }
        ).filter(pl.col("i") != pl.col("j"))
        keys = pl.concat([keys, batch]).unique()
        seed += 3
    keys = keys.head(rows).sort("i", "j", "k")
    value = (2.3 + 2.6 * _normal(rows, 101)).exp().clip(0.001, 5e7).round(3)
    quantity = (value * (-1.0 + 1.8 * _normal(rows, 111)).exp()).clip(0.001, 5e8).round(3)
    u_missing = _uniform(rows, 121)
    q_text = (
        pl.when(u_missing < 0.01)
        .then(pl.lit(""))
        .when(u_missing < 0.02)
        .then(pl.lit("          NA"))
        .otherwise(quantity.cast(pl.String))
    )
    return keys.select(
        pl.lit(YEAR, dtype=pl.Int64).alias("t"),
        "i",
        "j",
        "k",
        value.alias("v"),
        q_text.alias("q"),
    )


def build_zip(workdir: Path, rows: int) -> Path:
    """The synthetic release zip for ``rows`` rows, generated once and cached in workdir."""
    target = workdir / f"rows{rows}" / f"BACI_{REV}_{RELEASE}.zip"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    countries = country_dictionary(rng)
    products = product_codes(rng)
    started = time.perf_counter()
    frame = flows(rows, countries["country_code"].to_list(), products, rng)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        csv_path = Path(tmp) / member_name()
        frame.write_csv(csv_path, float_precision=3, quote_style="never")
        del frame
        with (
            atomic_path(target) as partial,
            zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive,
        ):
            archive.write(csv_path, member_name())
            archive.writestr(f"country_codes_{RELEASE}.csv", countries.write_csv())
            products_csv = pl.DataFrame(
                {"code": [str(p) for p in products], "description": [f"HS {p}" for p in products]}
            ).write_csv(quote_style="always")
            archive.writestr(f"product_codes_{REV}_{RELEASE}.csv", products_csv)
    print(f"generated {rows:,} rows into {target} in {time.perf_counter() - started:.1f} s")
    return target


def extracted_csv(zip_path: Path) -> Path:
    """The year member extracted beside the zip (for the bare DuckDB run), cached."""
    target = zip_path.with_name(member_name())
    with zipfile.ZipFile(zip_path) as archive:
        info = archive.getinfo(member_name())
        if not (target.is_file() and target.stat().st_size == info.file_size):
            with (
                atomic_path(target) as partial,
                archive.open(info) as source,
                partial.open("wb") as out,
            ):
                shutil.copyfileobj(source, out, 8 << 20)
    return target


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


# backfill through Dagster ------------------------------------------------------------------


def build_years_zip(workdir: Path, rows: int, n_years: int) -> tuple[Path, list[int]]:
    """A release zip of ``n_years`` full-size years (the same flows, year column changed)."""
    years = list(range(YEAR - n_years + 1, YEAR + 1))
    target = workdir / f"rows{rows}" / f"years{n_years}" / f"BACI_{REV}_{RELEASE}.zip"
    if target.is_file():
        return target, years
    one_year = build_zip(workdir, rows)
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        atomic_path(target) as partial,
        zipfile.ZipFile(one_year) as source,
        zipfile.ZipFile(partial, "w") as archive,
    ):
        for info in source.infolist():
            if info.filename != member_name():
                archive.writestr(info, source.read(info))
        text = source.read(member_name()).split(b"\n", 1)
        body = text[1]
        for year in years:  # t is the first field of every line
            data = text[0] + b"\n" + body.replace(f"{YEAR},".encode(), f"{year},".encode())
            archive.writestr(member_name(year), data, zipfile.ZIP_DEFLATED, 6)
    return target, years


def _serve(directory: Path):
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _dagster(args: list[str], env: dict, check: bool = True) -> tuple[float, str]:
    command = [
        str(Path(sys.executable).parent / "dagster"),
        *args,
        "-m",
        "orchestration.definitions",
    ]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-4000:]}")
    return seconds, done.stdout + done.stderr


def _step_seconds(log: str, step: str) -> float:
    import re

    timed = re.findall(rf'step "{step}" in ([0-9.]+)(ms|s|m)', log)
    if not timed:
        return float("nan")
    value, unit = timed[-1]
    return float(value) * {"ms": 0.001, "s": 1.0, "m": 60.0}[unit]


def backfill(zip_path: Path, years: list[int], dbt: bool) -> dict:
    """Land ``years`` through the Dagster CLI (multiprocess executor, 2 workers), in a fresh
    warehouse; optionally dbt build + publish after it."""
    from storage.raw_layer import partition_file

    server = _serve(zip_path.parent)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "dagster_home").mkdir()
        env = {**os.environ, "MINERALS_WAREHOUSE_DIR": str(root / "wh")}
        env["DAGSTER_HOME"] = str(root / "dagster_home")
        config = root / "backfill.yaml"
        config.write_text(
            "execution:\n  config:\n    multiprocess:\n      max_concurrent: 2\n"
            "ops:\n  baci_trade_flows:\n    config:\n"
            f"      mode: live\n      release: {RELEASE}\n      base_url: {url}\n"
            "      max_workers: 2\n"
        )
        span = f"{years[0]}...{years[-1]}"
        select = "baci/baci__trade_flows,comtrade/comtrade__trade_records"
        args = ["asset", "materialize", "--select", select, "--partition-range", span]
        wall, log = _dagster([*args, "-c", str(config)], env)
        step = _step_seconds(log, "baci_trade_flows")
        provenance = json.loads(
            partition_file(root / "wh" / "raw", "baci", "baci__trade_flows", years[0])
            .with_suffix(".provenance.json")
            .read_text()
        )
        outcome = {
            "years": len(years),
            "wall_seconds": wall,
            "step_seconds": step,
            "step_seconds_per_year": step / len(years),
            "worker_peak_rss_mb": provenance["worker_peak_rss_mb"],
            "rows_per_year": pl.read_parquet(
                partition_file(root / "wh" / "raw", "baci", "baci__trade_flows", years[0])
            ).height,
        }
        if dbt:
            # the synthetic ISO3 codes fail assert_trade_country_codes_mapped: the build runs
            # every model and test, then is not published; its cost is what is measured
            from sources.usgs_mcs.load import TABLES as USGS_TABLES

            editions = ",".join(f"usgs_mcs/{table}" for table in USGS_TABLES.values())
            _dagster(
                ["asset", "materialize", "--select", editions, "--partition-range", "2022...2026"],
                env,
            )  # the bundled USGS editions (snapshot), untimed
            dbt_wall, log = _dagster(["job", "execute", "-j", "build_from_raw"], env, check=False)
            outcome["build_from_raw_seconds"] = dbt_wall
            import re

            dbt_runs = re.findall(r"Finished running .*?\(([0-9.]+)s\)", log)
            outcome["dbt_step_seconds"] = float(dbt_runs[-1]) if dbt_runs else float("nan")
    server.shutdown()
    return outcome


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
    parser.add_argument("--backfill", type=int, default=5, help="years of the backfill (0: none)")
    parser.add_argument("--pandas-python", help="an interpreter with pandas, for (c) pandas")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, path = args.child[0], Path(args.child[1])
        if kind == "generate":
            outcome = {"zip": str(build_zip(path, args.rows))}
        elif kind == "generate_years":
            zip_path, years = build_years_zip(path, args.rows, args.backfill)
            outcome = {"zip": str(zip_path), "years": years}
        elif kind == "backfill":
            years = [int(y) for y in args.child[2].split(",")]
            outcome = backfill(path, years, dbt=len(args.child) > 3)
        else:
            outcome = {
                "ingest": lambda: child_ingest(path, YEAR, args.stdlib_zlib),
                "bare": lambda: child_bare(path),
                "polars": lambda: child_polars(path),
            }[kind]()
        print(json.dumps(outcome))
        return

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
    if args.backfill:
        made = run_child(
            "generate_years",
            str(args.workdir),
            "--rows",
            str(args.rows),
            "--backfill",
            str(args.backfill),
        )
        years_zip, years = Path(made["zip"]), made["years"]
        many = run_child("backfill", str(years_zip), tail=(",".join(map(str, years)), "dbt"))
        one = run_child("backfill", str(years_zip), tail=(str(years[-1]),))
        print(f"(d) backfill through Dagster (multiprocess executor, max_workers 2): {years_zip}")
        for label, run in ((f"{len(years)} years", many), ("1 year", one)):
            print(
                f"    {label:<8} wall {run['wall_seconds']:.1f} s; "
                f"step {run['step_seconds']:.1f} s "
                f"= {run['step_seconds_per_year']:.2f} s/year; worker peak RSS "
                f"{run['worker_peak_rss_mb']} MB; {run['rows_per_year']:,} rows/year"
            )
        ratio = many["step_seconds_per_year"] / one["step_seconds_per_year"]
        print(f"    per-year time, {len(years)} years / 1 year: {ratio:.2f} (target <= 1.10)")
        print(
            "    build_from_raw (dbt build + publish) after it: "
            f"wall {many['build_from_raw_seconds']:.1f} s, "
            f"of which dbt build {many['dbt_step_seconds']:.1f} s"
        )


def _runs(results: list[dict]) -> str:
    return ", ".join(f"{run['seconds']:.3f}" for run in results)


if __name__ == "__main__":
    main()
