"""pandera (polars) schema of the landed IEA supply table."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from sources.common.errors import SourceDataError
from sources.common.validation import missing_iff_flagged
from sources.iea.parse import FLAGS, ROW_KINDS, SHARE_UNIT, SOURCE, UNITS

# IEA publishes supply to 0.1 kt and computes "Rest of world" as the Total minus the listed
# countries, so the two sides agree to float noise (worst gap in the May 2024 workbook:
# 4e-12 kt). One unit of the last published decimal leaves room for a rounded Rest of world.
TOTAL_TOLERANCE_KT = 0.1
BLOCK_YEAR = ["source_file", "sheet", "block_title", "scenario", "year"]


class MineralSupply(pa.DataFrameModel):
    """One row per value cell of the IEA supply sheet (country, Rest of world, Total, Top 3)."""

    edition: int = pa.Field(ge=2020, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    sheet: str = pa.Field(str_length={"min_value": 1})
    row_number: int = pa.Field(ge=1)
    column_letter: str = pa.Field(str_matches=r"^[A-Z]{1,3}$")
    block_title: str = pa.Field(str_matches=r"^.+ - .+$")
    mineral_label: str = pa.Field(str_length={"min_value": 1})
    route_label: str = pa.Field(str_length={"min_value": 1})
    scenario: str = pa.Field(str_matches=r"^base case$")
    country_raw: str = pa.Field(str_length={"min_value": 1})
    country_name: str = pa.Field(str_length={"min_value": 1})
    row_kind: str = pa.Field(isin=ROW_KINDS)
    year: int = pa.Field(ge=2000, le=2100)
    is_projection: bool
    unit: str = pa.Field(isin=(*UNITS, SHARE_UNIT))
    value_raw: str = pa.Field(nullable=True)
    value: float = pa.Field(nullable=True, ge=0)
    value_flag: str = pa.Field(isin=FLAGS)

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "sheet", "row_number", "column_letter"]

    @pa.dataframe_check(error="a value is missing but not flagged 'missing', or vice versa")
    def missing_flagged(cls, data) -> pl.LazyFrame:
        return missing_iff_flagged(data)

    @pa.dataframe_check(error="a top-3 share is not a fraction, or its unit is not 'share'")
    def shares_are_fractions(cls, data) -> pl.LazyFrame:
        is_share = pl.col("row_kind") == "top3_share"
        return data.lazyframe.select(
            (is_share == (pl.col("unit") == SHARE_UNIT))
            & (~is_share | pl.col("value").is_null() | (pl.col("value") <= 1))
        )


def _block_sums(table: pl.DataFrame) -> pl.DataFrame:
    """Per block x year: the listed countries' sum, the last listed country, Rest of world
    and the Total (with its cell)."""
    kind = pl.col("row_kind")
    countries = (
        table.filter(kind == "country")
        .sort("row_number")
        .group_by(BLOCK_YEAR)
        .agg(listed=pl.col("value").sum(), last=pl.col("value").last().fill_null(0))
    )
    rest = table.filter(kind == "rest_of_world").select(*BLOCK_YEAR, rest="value")
    totals = table.filter((kind == "total") & pl.col("value").is_not_null()).select(
        *BLOCK_YEAR, "row_number", "column_letter", total="value"
    )
    return (
        totals.join(countries, on=BLOCK_YEAR, how="left")
        .join(rest, on=BLOCK_YEAR, how="left")
        .with_columns(pl.col("listed", "rest").fill_null(0))
        .with_columns(parts=pl.col("listed") + pl.col("rest"))
    )


def check_totals(table: pl.DataFrame) -> None:
    """Each block's countries plus Rest of world equal its Total within TOTAL_TOLERANCE_KT.

    In four blocks of the May 2024 workbook (nickel and graphite, six countries listed)
    IEA's Rest of world also holds the last listed country: there the Total is the other
    countries plus Rest of world. Either form passes; anything else names file, sheet,
    block, year, the sum and the Total."""
    sums = _block_sums(table)
    off = (pl.col("parts") - pl.col("total")).abs() > TOTAL_TOLERANCE_KT
    off_without_last = (
        pl.col("parts") - pl.col("last") - pl.col("total")
    ).abs() > TOTAL_TOLERANCE_KT
    wrong = sums.filter(off & off_without_last).sort("sheet", "row_number", "year")
    if wrong.is_empty():
        return
    first = wrong.row(0, named=True)
    blocks = "; ".join(
        f"sheet {row['sheet']!r} block {row['block_title']!r} {row['year']} "
        f"({row['scenario']}): countries + Rest of world = {row['parts']:,.1f} kt, Total "
        f"(row {row['row_number']} column {row['column_letter']}) = {row['total']:,.1f} kt"
        for row in wrong.head(3).iter_rows(named=True)
    )
    more = f" (and {wrong.height - 3} more)" if wrong.height > 3 else ""
    raise SourceDataError(
        SOURCE,
        first["source_file"],
        f"{blocks}{more}; expected the countries plus Rest of world to equal the Total "
        f"within {TOTAL_TOLERANCE_KT} kt",
    )
