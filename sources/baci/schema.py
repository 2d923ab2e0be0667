"""pandera (polars) schemas of the BACI tables landed in the warehouse."""

import pandera.polars as pa


class BaciTradeFlows(pa.DataFrameModel):
    """One row per BACI flow: year x exporter x importer x HS6 (value in thousand USD, q in t)."""

    source_file: str
    line_number: int = pa.Field(ge=1)
    release: str = pa.Field(str_matches=r"^V\d{6}$")
    hs_revision: str = pa.Field(str_matches=r"^HS\d{2}$")
    year: int = pa.Field(ge=1988, le=2100)
    exporter_code: int = pa.Field(nullable=True)
    # BACI's own code; null where its dictionary has none (V202201 writes N/A): dbt then
    # maps the numeric code (seed trade_country_codes, un_numeric)
    exporter_iso3: str = pa.Field(nullable=True, str_matches=r"^[A-Z0-9]{3}$")
    importer_code: int = pa.Field(nullable=True)
    importer_iso3: str = pa.Field(nullable=True, str_matches=r"^[A-Z0-9]{3}$")
    hs6: str = pa.Field(str_matches=r"^\d{6}$")
    value_kusd: float = pa.Field(ge=0)
    quantity_t: float = pa.Field(ge=0, nullable=True)

    class Config:
        strict = True
        unique = ["source_file", "line_number"]


class BaciCountryCodes(pa.DataFrameModel):
    """BACI country dictionary rows (both the V2022 and V2026 layouts)."""

    source_file: str
    line_number: int = pa.Field(ge=2)
    release: str = pa.Field(str_matches=r"^V\d{6}$")
    country_code: int = pa.Field(ge=0)
    country_name: str
    country_iso2: str = pa.Field(nullable=True)
    country_iso3: str = pa.Field(nullable=True, str_matches=r"^[A-Z0-9]{3}$")

    class Config:
        strict = True
        unique = ["release", "country_code"]


class BaciProductCodes(pa.DataFrameModel):
    """BACI HS6 product dictionary (codes zero-padded to six digits)."""

    source_file: str
    line_number: int = pa.Field(ge=2)
    release: str = pa.Field(str_matches=r"^V\d{6}$")
    hs_revision: str = pa.Field(str_matches=r"^HS\d{2}$")
    hs6: str = pa.Field(str_matches=r"^\d{6}$")
    description: str

    class Config:
        strict = True
        unique = ["release", "hs_revision", "hs6"]
