"""pandera (polars) schema of the landed WGI table."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from sources.common.errors import SourceDataError
from sources.common.validation import missing_iff_flagged
from sources.wgi.parse import FLAGS, INDICATORS, LAYOUTS, SOURCE

# WGI estimates are in units of a standard normal distribution, "ranging from approximately
# -2.5 to 2.5" (World Bank, WGI documentation). Real ones pass the edges a little: the
# bundled 2023 update runs from -3.31 (political stability) to 2.47 (government
# effectiveness). Four standard deviations is beyond any published figure; a figure there
# is a misprint or a wrong column (a percentile rank, a shifted decimal).
ESTIMATE_RANGE = (-4.0, 4.0)


class GovernanceIndicators(pa.DataFrameModel):
    """One row per economy (World Bank code) x indicator x year, either layout."""

    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    layout: str = pa.Field(isin=LAYOUTS)
    sheet: str = pa.Field(nullable=True)
    row_number: int = pa.Field(ge=1)
    column_letter: str = pa.Field(nullable=True, str_matches=r"^[A-Z]{1,3}$")
    wb_code: str = pa.Field(str_matches=r"^[A-Z]{3}$")
    country_name: str = pa.Field(nullable=True)
    indicator: str = pa.Field(isin=tuple(INDICATORS))
    year: int = pa.Field(ge=1996, le=2100)
    estimate: float = pa.Field(nullable=True)  # its range: check_estimates_in_range
    std_error: float = pa.Field(nullable=True, ge=0)
    n_sources: float = pa.Field(nullable=True, ge=0)
    pct_rank: float = pa.Field(nullable=True, ge=0, le=100)
    pct_rank_lower: float = pa.Field(nullable=True, ge=0, le=100)
    pct_rank_upper: float = pa.Field(nullable=True, ge=0, le=100)
    value_flag: str = pa.Field(isin=FLAGS)

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "wb_code", "indicator", "year"]

    @pa.dataframe_check(error="an estimate is missing but not flagged 'missing', or vice versa")
    def missing_flagged(cls, data) -> pl.LazyFrame:
        return missing_iff_flagged(data, "estimate")


def _cell(row: dict) -> str:
    """Where a WGI value sits: sheet, row and column (wide workbook) or line (long file)."""
    if row["sheet"] is None:
        return f"line {row['row_number']}"
    return f"sheet {row['sheet']!r} row {row['row_number']} column {row['column_letter']}"


def check_estimates_in_range(table: pl.DataFrame) -> None:
    """Every estimate within ESTIMATE_RANGE; else an error naming file, cell, indicator,
    economy, year and value (the first few)."""
    low, high = ESTIMATE_RANGE
    outside = table.filter(~pl.col("estimate").is_between(low, high))
    if outside.is_empty():
        return
    first = outside.row(0, named=True)
    cells = "; ".join(
        f"{_cell(row)}: {row['indicator']} ({INDICATORS[row['indicator']]}) estimate of "
        f"{row['country_name'] or row['wb_code']} ({row['wb_code']}) {row['year']} is "
        f"{row['estimate']:g}"
        for row in outside.head(3).iter_rows(named=True)
    )
    more = f" (and {outside.height - 3} more)" if outside.height > 3 else ""
    raise SourceDataError(
        SOURCE,
        first["source_file"],
        f"{cells}{more}; expected an estimate within {low:g} to {high:g} (WGI estimates run "
        "from about -2.5 to 2.5, in standard normal units)",
    )
