"""pandera (polars) schema of the landed China-reported HS 2846 import records."""

from __future__ import annotations

import pandera.polars as pa

CLASSIFICATIONS = ["H0", "H1", "H2", "H3", "H4", "H5", "H6"]


class ImportRecords(pa.DataFrameModel):
    """One row per API record: China's imports of HS4 2846 from one origin (or World) in a
    year, as China reports them (reporter 156, flow M, all customs procedures and modes)."""

    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_matches=r"^\d{4}\.json$")
    record_number: int = pa.Field(ge=1)
    year: int = pa.Field(ge=1988, le=2100)
    reporter_code: int = pa.Field(isin=[156])
    flow_code: str = pa.Field(isin=["M"])
    partner_code: int = pa.Field(ge=0)
    partner_iso: str
    partner_desc: str
    partner2_code: int = pa.Field(isin=[0])
    classification_code: str = pa.Field(isin=CLASSIFICATIONS)
    is_original_classification: bool
    cmd_code: str = pa.Field(isin=["2846"])
    customs_code: str = pa.Field(isin=["C00"])
    mot_code: int = pa.Field(isin=[0])
    value_usd: float = pa.Field(ge=0)
    cif_value_usd: float = pa.Field(ge=0, nullable=True)
    fob_value_usd: float = pa.Field(ge=0, nullable=True)
    net_weight_kg: float = pa.Field(ge=0, nullable=True)
    is_net_weight_estimated: bool
    quantity: float = pa.Field(ge=0, nullable=True)
    quantity_unit: str = pa.Field(isin=["kg", "N/A"])
    is_quantity_estimated: bool
    is_reported: bool
    is_aggregate: bool

    class Config:
        strict = True
        coerce = False
        unique = ["year", "partner_code"]
