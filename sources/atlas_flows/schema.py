"""pandera (polars) schema of the landed Critical Materials Atlas flow entries."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl


class FlowEntries(pa.DataFrameModel):
    """One row per {from, to, value} entry of a material's list in a year file."""

    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_matches=r"^flows_\d{4}\.json$")
    material: str = pa.Field(str_length={"min_value": 1})
    entry_number: int = pa.Field(ge=1)
    year: int = pa.Field(ge=1988, le=2100)
    baci_source: str
    release: str = pa.Field(str_matches=r"^V\d{6}$")
    hs_revision: str = pa.Field(str_matches=r"^HS\d{2}$")
    exporter_iso2: str = pa.Field(str_matches=r"^[A-Z]{2}$")
    importer_iso2: str = pa.Field(str_matches=r"^[A-Z]{2}$")
    value_usd: float = pa.Field(ge=0)
    quantity_t_rounded: float = pa.Field(ge=0, nullable=True)

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "material", "entry_number"]

    @pa.dataframe_check(error="one flow appears twice in a material's list of a year")
    def one_entry_per_flow(cls, data) -> pl.LazyFrame:
        key = ["year", "material", "exporter_iso2", "importer_iso2"]
        return data.lazyframe.select(~pl.struct(key).is_duplicated())

    @pa.dataframe_check(error="a year lies after its edition (the BACI release year)")
    def years_before_edition(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("year") <= pl.col("edition"))
