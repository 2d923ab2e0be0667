"""The three BACI panel CSVs -> one row per flow, countries resolved to BACI codes.

Header ``year,exporter,importer,product,value_kusd,quantity_tonnes`` (graphite and lithium
CRLF, rare earths LF). Each file holds the codes of one BACI HS revision (``FILES``).

Rules (documented in sources/baci_panels/snapshot/PROVENANCE.md):

* a country field resolves to a BACI code (sources/baci_panels/countries.py); one that does
  not is an error naming file, line, column and value;
* quantity: an empty cell lands as null, flag ``missing``; BACI's 0 t means "unknown" and
  lands as null, flag ``zero_unknown``; else the number, flag ``reported``;
* a product other than the file's codes, a year outside its span, a value that is no
  positive number or a negative quantity is an error naming file, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from sources.baci.dictionaries import with_lines
from sources.baci_panels import countries
from sources.baci_panels.rows import check_header, quantity_flag, quantity_t, refuse_rows
from sources.common.errors import SourceDataError
from sources.common.frames import cast_checked, read_csv_checked

SOURCE = "baci_panels"
# landed as edition 2026: BACI release V202601, copied from the repository in 2026
EDITION = 2026
HEADER = ("year", "exporter", "importer", "product", "value_kusd", "quantity_tonnes")


@dataclass(frozen=True)
class PanelFile:
    hs_revision: str
    release: str | None  # BACI release, where the copying repository states it
    products: tuple[str, ...]
    years: tuple[int, int]


FILES = {
    "cepii_graphite.csv": PanelFile("HS92", "V202601", ("250410",), (1995, 2024)),
    "cepii_lithium.csv": PanelFile("HS92", "V202601", ("283691",), (1995, 2024)),
    "cepii_rare_earths.csv": PanelFile("HS07", None, ("284610", "284690"), (2007, 2018)),
}

COLUMNS = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "line_number": pl.Int64,
    "release": pl.String,
    "hs_revision": pl.String,
    "year": pl.Int64,
    "exporter_field": pl.String,
    "exporter_code": pl.Int64,
    "exporter_resolved_by": pl.String,
    "importer_field": pl.String,
    "importer_code": pl.Int64,
    "importer_resolved_by": pl.String,
    "hs6": pl.String,
    "value_kusd": pl.Float64,
    "quantity_t": pl.Float64,
    "quantity_flag": pl.String,
}


def panel_file(name: str) -> PanelFile:
    if name not in FILES:
        raise SourceDataError(SOURCE, name, f"unknown file; expected one of {sorted(FILES)}")
    return FILES[name]


def parse_panel(
    path: Path, *, edition: int = EDITION, known: pl.DataFrame | None = None
) -> pl.DataFrame:
    """One panel file -> COLUMNS; ``known``: countries.field_codes() (read if not given)."""
    path = Path(path)
    name = path.name
    spec = panel_file(name)
    raw = read_csv_checked(SOURCE, path, name, infer_schema=False)
    check_header(raw.columns, HEADER, SOURCE, name)
    frame = cast_checked(
        with_lines(raw, name, 2),
        {"year": pl.Int64, "value_kusd": pl.Float64, "quantity_tonnes": pl.Float64},
        source=SOURCE,
        source_file=name,
    )
    first, last = spec.years
    checks = (
        (~pl.col("year").is_between(first, last), "year", f"a year {first}-{last}"),
        (~pl.col("product").is_in(spec.products), "product", f"one of {spec.products}"),
        (~(pl.col("value_kusd") > 0), "value_kusd", "kUSD > 0"),
        (pl.col("quantity_tonnes") < 0, "quantity_tonnes", "tonnes >= 0"),
    )
    for bad, column, expected in checks:
        refuse_rows(frame, bad, column, expected, SOURCE, name)
    known = countries.field_codes() if known is None else known
    for role in ("exporter", "importer"):
        resolved = countries.resolve(frame[role], known)
        frame = frame.with_columns(
            resolved["country_code"].alias(f"{role}_code"),
            resolved["resolved_by"].alias(f"{role}_resolved_by"),
        )
        refuse_rows(frame, pl.col(f"{role}_code").is_null(), role, countries.EXPECTED, SOURCE, name)
    return frame.select(
        pl.lit(edition).alias("edition"),
        "source_file",
        "line_number",
        pl.lit(spec.release, dtype=pl.String).alias("release"),
        pl.lit(spec.hs_revision).alias("hs_revision"),
        "year",
        pl.col("exporter").alias("exporter_field"),
        "exporter_code",
        "exporter_resolved_by",
        pl.col("importer").alias("importer_field"),
        "importer_code",
        "importer_resolved_by",
        pl.col("product").alias("hs6"),
        "value_kusd",
        quantity_t("quantity_tonnes"),
        quantity_flag("quantity_tonnes").alias("quantity_flag"),
    ).cast(COLUMNS)
