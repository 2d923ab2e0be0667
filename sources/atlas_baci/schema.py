"""pandera (polars) schema of the landed atlas BACI extract."""

from __future__ import annotations

import pandera.polars as pa


class ExtractFlows(pa.DataFrameModel):
    """One row per line of baci_<year>.csv: exporter x importer x HS6 of one year."""

    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_matches=r"^baci_\d{4}\.csv$")
    line_number: int = pa.Field(ge=2)
    year: int = pa.Field(ge=1995, le=2100)
    release: str = pa.Field(str_matches=r"^V\d{6}$")
    hs_revision: str = pa.Field(str_matches=r"^HS\d{2}$")
    exporter_code: str = pa.Field(str_matches=r"^[A-Z0-9]{3}$")
    importer_code: str = pa.Field(str_matches=r"^[A-Z0-9]{3}$")
    hs6: str = pa.Field(str_matches=r"^\d{6}$")
    # the collector dropped zero flows
    value_usd: float = pa.Field(gt=0)

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "line_number"]
