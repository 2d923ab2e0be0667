"""Reference tables bundled with the project: ISO 3166 / UN M49 countries, HS 2022 codes."""

from __future__ import annotations

from pathlib import Path

import pandera.polars as pa
import polars as pl

from sources.common.frames import cast_checked, read_csv_checked, require_columns
from sources.common.snapshot import verify_manifest
from sources.common.validation import validate

SOURCE = "reference"
SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
COUNTRY_CODES_FILE = "country-codes.csv"
TABLE = "reference__country_codes"
HS_FILE = "harmonized-system.csv"
HS_TABLE = "reference__hs_nomenclature"
HS_COLUMNS = ["section", "hscode", "description", "parent", "level"]

# source column -> warehouse column
COUNTRY_COLUMNS = {
    "ISO3166-1-Alpha-3": "country_iso3",
    "ISO3166-1-Alpha-2": "country_iso2",
    "ISO3166-1-numeric": "iso_numeric",
    "M49": "m49_code",
    "CLDR display name": "country_name",
    "official_name_en": "official_name",
    "Region Name": "region_name",
    "Sub-region Name": "sub_region_name",
    "Intermediate Region Name": "intermediate_region_name",
    "is_independent": "is_independent",
    "Least Developed Countries (LDC)": "is_least_developed",
    "Land Locked Developing Countries (LLDC)": "is_landlocked_developing",
    "Small Island Developing States (SIDS)": "is_small_island_developing",
}


class CountryCodes(pa.DataFrameModel):
    """One row per ISO 3166-1 country or area."""

    country_iso3: str = pa.Field(unique=True, str_matches=r"^[A-Z]{3}$")
    country_iso2: str = pa.Field(nullable=True)
    iso_numeric: str = pa.Field(nullable=True, str_matches=r"^\d{1,3}$")
    m49_code: str = pa.Field(nullable=True, str_matches=r"^\d{1,3}$")
    country_name: str = pa.Field(str_length={"min_value": 1})
    official_name: str = pa.Field(nullable=True)
    region_name: str = pa.Field(nullable=True)
    sub_region_name: str = pa.Field(nullable=True)
    intermediate_region_name: str = pa.Field(nullable=True)
    is_independent: str = pa.Field(nullable=True)
    is_least_developed: bool
    is_landlocked_developing: bool
    is_small_island_developing: bool
    source_file: str
    line_number: int = pa.Field(ge=2)

    class Config:
        strict = True


class HsNomenclature(pa.DataFrameModel):
    """HS 2022 chapters (2 digits), headings (4), subheadings (6) and the TOTAL row (level 5)."""

    hs_revision: str = pa.Field(isin=["HS22"])
    section: str
    hs_code: str = pa.Field(unique=True, str_matches=r"^(\d{2}(\d{2})?(\d{2})?|TOTAL)$")
    description: str
    parent: str
    level: int = pa.Field(isin=[2, 4, 5, 6])
    source_file: str
    line_number: int = pa.Field(ge=2)

    class Config:
        strict = True


def read_hs_nomenclature(path: Path) -> pl.DataFrame:
    frame = read_csv_checked(SOURCE, path, path.name, infer_schema=False)
    require_columns(frame.columns, HS_COLUMNS, source=SOURCE, source_file=path.name)
    frame = frame.with_columns(
        pl.lit(path.name).alias("source_file"),
        (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias("line_number"),
    )
    frame = cast_checked(frame, {"level": pl.Int64}, source=SOURCE, source_file=path.name)
    return frame.select(
        pl.lit("HS22").alias("hs_revision"),
        "section",
        pl.col("hscode").alias("hs_code"),
        "description",
        "parent",
        "level",
        "source_file",
        "line_number",
    )


def read_country_codes(path: Path) -> pl.DataFrame:
    """The datasets/country-codes table; rows without an ISO3 code (none today) fail validation."""
    frame = read_csv_checked(SOURCE, path, path.name, infer_schema=False, encoding="utf8")
    require_columns(frame.columns, list(COUNTRY_COLUMNS), source=SOURCE, source_file=path.name)
    flags = ["is_least_developed", "is_landlocked_developing", "is_small_island_developing"]
    return (
        frame.select(list(COUNTRY_COLUMNS))
        .rename(COUNTRY_COLUMNS)
        .with_columns(pl.col(flags).str.strip_chars().str.to_lowercase().eq("x").fill_null(False))
        .with_columns(
            pl.lit(path.name).alias("source_file"),
            (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias("line_number"),
        )
    )


def load_reference(directory: Path = SNAPSHOT_DIR) -> dict[str, pl.DataFrame]:
    """Both reference tables, checked against MANIFEST.csv and validated."""
    verify_manifest(SOURCE, directory)
    countries = read_country_codes(directory / COUNTRY_CODES_FILE)
    hs_codes = read_hs_nomenclature(directory / HS_FILE)
    return {
        TABLE: validate(SOURCE, TABLE, CountryCodes, countries),
        HS_TABLE: validate(SOURCE, HS_TABLE, HsNomenclature, hs_codes),
    }
