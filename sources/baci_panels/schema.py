"""pandera (polars) schema of the landed BACI panel flows."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from sources.baci_panels.countries import RESOLVED_BY
from sources.baci_panels.rows import QUANTITY_FLAGS, quantity_null_iff_flagged


class PanelFlows(pa.DataFrameModel):
    """One row per line of a panel file: year x exporter x importer x HS6."""

    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    line_number: int = pa.Field(ge=2)
    release: str = pa.Field(nullable=True, str_matches=r"^V\d{6}$")
    hs_revision: str = pa.Field(str_matches=r"^HS\d{2}$")
    year: int = pa.Field(ge=1988, le=2100)
    exporter_field: str = pa.Field(str_length={"min_value": 1})
    exporter_code: int = pa.Field(ge=0)
    exporter_resolved_by: str = pa.Field(isin=RESOLVED_BY)
    importer_field: str = pa.Field(str_length={"min_value": 1})
    importer_code: int = pa.Field(ge=0)
    importer_resolved_by: str = pa.Field(isin=RESOLVED_BY)
    hs6: str = pa.Field(str_matches=r"^\d{6}$")
    value_kusd: float = pa.Field(gt=0)
    quantity_t: float = pa.Field(nullable=True, gt=0)
    quantity_flag: str = pa.Field(isin=QUANTITY_FLAGS)

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "line_number"]

    @pa.dataframe_check(error="two rows of the same year x exporter x importer x HS6")
    def one_row_per_flow(cls, data) -> pl.LazyFrame:
        key = ["year", "exporter_code", "importer_code", "hs6"]
        return data.lazyframe.select(~pl.struct(key).is_duplicated())

    @pa.dataframe_check(error="a quantity is null but flagged reported, or vice versa")
    def quantity_flagged(cls, data) -> pl.LazyFrame:
        return quantity_null_iff_flagged(data)
