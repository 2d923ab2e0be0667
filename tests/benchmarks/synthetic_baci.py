"""A synthetic CEPII BACI release at real size: one year of 11 M flows in CEPII's layout,
and release zips of several years built from it (generated once, cached in a workdir).

The country and HS17 product dictionaries are CEPII's own (bundled in sources/baci/snapshot/),
so that every exporter and importer maps to a real ISO3 code and every product is an HS17 code
(the build after a backfill passes its tests and publishes); flows and values are drawn at
random with Zipf-skewed exporters, importers and products (docs/benchmarks.md, Data).
"""

from __future__ import annotations

import random
import shutil
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
SNAPSHOT = Path(__file__).resolve().parents[2] / "sources/baci/snapshot"
COUNTRY_FILE = SNAPSHOT / "country_codes_V202601.csv"
PRODUCT_FILE = SNAPSHOT / "product_codes_HS17_V202301.csv"
# in the cache folder's name: zips cached before the flows used CEPII's country and HS17
# product codes (random ones then) are not reused
CACHE_TAG = "cepii_codes"


def member_name(year: int = YEAR) -> str:
    return f"BACI_{REV}_Y{year}_{RELEASE}.csv"


# data generation ---------------------------------------------------------------------------


def country_dictionary() -> tuple[pl.DataFrame, bytes]:
    """CEPII's own country dictionary of release V202601 (the bundled snapshot's file) and its
    bytes: the synthetic flows use its codes, so their ISO3 codes map to real countries."""
    data = COUNTRY_FILE.read_bytes()
    return pl.read_csv(data, schema_overrides={"country_code": pl.Int64}), data


def product_codes() -> tuple[list[int], bytes]:
    """The HS17 codes of CEPII's product dictionary (the snapshot's, 5,384 codes, as CEPII
    writes them: integers, leading zeros lost) and its bytes: codes of other HS revisions
    (811231, HS22 only) never appear in an HS17 release."""
    data = PRODUCT_FILE.read_bytes()
    return pl.read_csv(data, infer_schema=False)["code"].cast(pl.Int64).to_list(), data


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
    target = workdir / f"rows{rows}_{CACHE_TAG}" / f"BACI_{REV}_{RELEASE}.zip"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    countries, countries_csv = country_dictionary()
    products, products_csv = product_codes()
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
            archive.writestr(COUNTRY_FILE.name, countries_csv)
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


def build_years_zip(workdir: Path, rows: int, years: list[int]) -> Path:
    """A release zip of full-size ``years`` (the one-year flows, year field changed), cached
    in ``<workdir>/rows<R>_<tag>/years<first>-<last>/`` (the one-year zip itself for YEAR)."""
    one_year = build_zip(workdir, rows)
    if years == [YEAR]:
        return one_year
    target = one_year.parent / f"years{years[0]}-{years[-1]}" / one_year.name
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with (
        atomic_path(target) as partial,
        zipfile.ZipFile(one_year) as source,
        zipfile.ZipFile(partial, "w") as archive,
    ):
        for info in source.infolist():
            if info.filename != member_name():
                archive.writestr(info, source.read(info))
        text = source.read(member_name())
        for year in years:
            archive.writestr(
                member_name(year), with_year(text, YEAR, year), zipfile.ZIP_DEFLATED, 6
            )
    print(f"generated {len(years)} years into {target} in {time.perf_counter() - started:.1f} s")
    return target


def with_year(member: bytes, old: int, new: int) -> bytes:
    """A year member with its year field ``t`` (the first of each line) set to ``new``."""
    return member.replace(f"\n{old},".encode(), f"\n{new},".encode())
