"""The BACI ASEAN file -> one row per flow, with the ASEAN side named.

Header ``t,hs6,i,j,trade_usd_thousands,qty_tons,i_iso3,j_iso3,mineral`` (BACI's own column
names t, i, j; i and j are BACI numeric codes, i_iso3 and j_iso3 the maker's ISO3, mineral
the maker's label of the code).

Rules (documented in sources/baci_asean/snapshot/PROVENANCE.md):

* each code must be in BACI's V202601 dictionary with the ISO3 the file gives it;
* each row has exactly one ASEAN-10 side (ASEAN-ASEAN or non-ASEAN pairs are errors);
* quantity: empty -> null, flag ``missing``; 0 -> null, flag ``zero_unknown``;
* a year outside 2010-2024, a value that is no positive number or a negative quantity is
  an error naming file, line, column and value.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.baci.dictionaries import with_lines
from sources.baci_panels import countries
from sources.baci_panels.rows import check_header, quantity_flag, quantity_t, refuse_rows
from sources.common.frames import cast_checked, read_csv_checked

SOURCE = "baci_asean"
EDITION = 2026  # BACI release V202601
RELEASE = "V202601"
HS_REVISION = "HS07"
YEARS = (2010, 2024)
HEADER = ("t", "hs6", "i", "j", "trade_usd_thousands", "qty_tons", "i_iso3", "j_iso3", "mineral")
ASEAN = ("BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM")
ASEAN_SIDES = ("exporter", "importer")

COLUMNS = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "line_number": pl.Int64,
    "release": pl.String,
    "hs_revision": pl.String,
    "year": pl.Int64,
    "exporter_code": pl.Int64,
    "exporter_iso3": pl.String,
    "importer_code": pl.Int64,
    "importer_iso3": pl.String,
    "asean_side": pl.String,
    "hs6": pl.String,
    "product_label": pl.String,
    "value_kusd": pl.Float64,
    "quantity_t": pl.Float64,
    "quantity_flag": pl.String,
}


def _check_codes(frame: pl.DataFrame, name: str, dictionary: pl.DataFrame) -> None:
    """Every code in BACI's dictionary, with the ISO3 the file gives it."""
    for code, iso3 in (("i", "i_iso3"), ("j", "j_iso3")):
        known = dictionary.select(pl.col("country_code").alias(code), "country_iso3")
        joined = frame.join(known, on=code, how="left").sort("line_number")
        in_dictionary = f"a code of {countries.DICTIONARY.name}"
        refuse_rows(joined, pl.col("country_iso3").is_null(), code, in_dictionary, SOURCE, name)
        same_iso3 = f"the ISO3 of column {code}'s code in {countries.DICTIONARY.name}"
        different = pl.col("country_iso3") != pl.col(iso3)
        refuse_rows(joined, different, iso3, same_iso3, SOURCE, name)


def parse_file(path: Path, *, edition: int = EDITION) -> pl.DataFrame:
    """The ASEAN file -> COLUMNS."""
    path = Path(path)
    name = path.name
    raw = read_csv_checked(SOURCE, path, name, infer_schema=False)
    check_header(raw.columns, HEADER, SOURCE, name)
    numbers = {"t": pl.Int64, "i": pl.Int64, "j": pl.Int64}
    numbers |= {"trade_usd_thousands": pl.Float64, "qty_tons": pl.Float64}
    frame = cast_checked(with_lines(raw, name, 2), numbers, source=SOURCE, source_file=name)
    first, last = YEARS
    exporter_asean = pl.col("i_iso3").is_in(ASEAN)
    importer_asean = pl.col("j_iso3").is_in(ASEAN)
    one_side = f"exactly one ASEAN-10 side {ASEAN} (exporter i_iso3 or importer j_iso3)"
    checks = (
        (~pl.col("t").is_between(first, last), "t", f"a year {first}-{last}"),
        (~pl.col("hs6").str.contains(r"^\d{6}$"), "hs6", "a six-digit HS code"),
        (~(pl.col("trade_usd_thousands") > 0), "trade_usd_thousands", "kUSD > 0"),
        (pl.col("qty_tons") < 0, "qty_tons", "tonnes >= 0"),
    )
    for bad, column, expected in checks:
        refuse_rows(frame, bad, column, expected, SOURCE, name)
    _check_codes(frame, name, countries.dictionary())
    refuse_rows(frame, exporter_asean == importer_asean, "j_iso3", one_side, SOURCE, name)
    return frame.select(
        pl.lit(edition).alias("edition"),
        "source_file",
        "line_number",
        pl.lit(RELEASE).alias("release"),
        pl.lit(HS_REVISION).alias("hs_revision"),
        pl.col("t").alias("year"),
        pl.col("i").alias("exporter_code"),
        pl.col("i_iso3").alias("exporter_iso3"),
        pl.col("j").alias("importer_code"),
        pl.col("j_iso3").alias("importer_iso3"),
        pl.when(exporter_asean)
        .then(pl.lit("exporter"))
        .otherwise(pl.lit("importer"))
        .alias("asean_side"),
        "hs6",
        pl.col("mineral").alias("product_label"),
        pl.col("trade_usd_thousands").alias("value_kusd"),
        quantity_t("qty_tons"),
        quantity_flag("qty_tons").alias("quantity_flag"),
    ).cast(COLUMNS)
