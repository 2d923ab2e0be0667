"""pandera (polars) schema of the landed BACI ASEAN flows."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from sources.baci_asean.parse import ASEAN, ASEAN_SIDES
from sources.baci_panels.rows import QUANTITY_FLAGS, quantity_null_iff_flagged


class AseanFlows(pa.DataFrameModel):
    """One row per line of the ASEAN file: year x exporter x importer x HS6."""

    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    line_number: int = pa.Field(ge=2)
    release: str = pa.Field(str_matches=r"^V\d{6}$")
    hs_revision: str = pa.Field(str_matches=r"^HS\d{2}$")
    year: int = pa.Field(ge=1988, le=2100)
    exporter_code: int = pa.Field(ge=0)
    exporter_iso3: str = pa.Field(str_matches=r"^[A-Z]{3}$")
    importer_code: int = pa.Field(ge=0)
    importer_iso3: str = pa.Field(str_matches=r"^[A-Z]{3}$")
    asean_side: str = pa.Field(isin=ASEAN_SIDES)
    hs6: str = pa.Field(str_matches=r"^\d{6}$")
    product_label: str = pa.Field(str_length={"min_value": 1})
    value_kusd: float = pa.Field(gt=0)
    quantity_t: float = pa.Field(nullable=True, gt=0)
    quantity_flag: str = pa.Field(isin=QUANTITY_FLAGS)

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "line_number"]

    @pa.dataframe_check(error="two rows of the same year x exporter x importer x HS6")
    def one_row_per_flow(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(
            ~pl.struct("year", "exporter_code", "importer_code", "hs6").is_duplicated()
        )

    @pa.dataframe_check(error="a row without exactly one ASEAN-10 side, or asean_side wrong")
    def one_asean_side(cls, data) -> pl.LazyFrame:
        exporter = pl.col("exporter_iso3").is_in(ASEAN)
        importer = pl.col("importer_iso3").is_in(ASEAN)
        side = pl.when(exporter).then(pl.lit("exporter")).otherwise(pl.lit("importer"))
        return data.lazyframe.select((exporter != importer) & (pl.col("asean_side") == side))

    @pa.dataframe_check(error="a quantity is null but flagged reported, or vice versa")
    def quantity_flagged(cls, data) -> pl.LazyFrame:
        return quantity_null_iff_flagged(data)
