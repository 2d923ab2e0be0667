"""pandera (polars) schema of the landed WGI table."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from sources.common.validation import missing_iff_flagged
from sources.wgi.parse import FLAGS, INDICATORS, LAYOUTS


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
    estimate: float = pa.Field(nullable=True, ge=-5, le=5)
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
