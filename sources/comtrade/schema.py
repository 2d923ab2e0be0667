"""pandera (polars) schema of UN Comtrade records landed in the warehouse (all layouts)."""

import pandera.polars as pa

LAYOUTS = ("atlas_csv", "api_csv", "api_json")


class ComtradeRecords(pa.DataFrameModel):
    """One row per record as published: a reporter's imports (M) or exports (X) from/to a partner.

    Rows are kept as published, duplicates included (see stg_comtrade__flows for the rule).
    """

    source_file: str
    line_number: int = pa.Field(ge=1)
    layout: str = pa.Field(isin=LAYOUTS)
    year: int = pa.Field(ge=1962, le=2100)
    reporter_code: int = pa.Field(ge=0)
    partner_code: int = pa.Field(ge=0)
    flow_code: str = pa.Field(isin=("M", "X", "RM", "RX"))
    hs6: str = pa.Field(str_matches=r"^\d{6}$")
    value_usd: float = pa.Field(ge=0, nullable=True)
    net_weight_kg: float = pa.Field(ge=0, nullable=True)
    quantity: float = pa.Field(nullable=True)
    quantity_unit: str = pa.Field(nullable=True)

    class Config:
        strict = True
        unique = ["source_file", "line_number"]
