"""UN Comtrade: reporters' imports and exports by partner, partitioned by year (Parquet)."""

import dagster as dg

from orchestration.assets.landing import snapshot_metadata, source_specs
from orchestration.assets.year_landing import land_partitions
from orchestration.partitions import yearly_landing
from orchestration.resources import WarehouseResource
from sources.common.mappings import mapped_hs_codes
from sources.common.validation import validate
from sources.comtrade.load import SNAPSHOT_DIR, TABLE, load_snapshot
from sources.comtrade.schema import ComtradeRecords
from sources.comtrade.source import SOURCE

ATTRIBUTION = SOURCE.citation
SPECS, CHECKS = source_specs(SOURCE, {"records": TABLE}, kinds={"parquet", "polars"})


class ComtradeConfig(dg.Config):
    """`snapshot`: the bundled extracts. `live`: the Comtrade API (key from COMTRADE_API_KEY,
    else the keyless preview with its 500-record cap) for the run's years (partitions) and
    the mapped HS codes."""

    mode: str = "snapshot"
    reporters: list[int] | None = None
    allow_shrink: bool = False


@yearly_landing("comtrade_tables", SPECS, CHECKS)
def comtrade_tables(
    context: dg.AssetExecutionContext, config: ComtradeConfig, warehouse: WarehouseResource
):
    def load(years: list[int]):
        if config.mode == "snapshot":
            records = load_snapshot()
            frames = {year: records.filter(records["year"] == year) for year in years}
            return {TABLE: frames}, snapshot_metadata(SNAPSHOT_DIR, attribution=ATTRIBUTION)
        from sources.comtrade.api import ComtradeClient, records_to_frame

        frames = {}
        for year in years:  # one API call per year: the API's caps are per call
            records = ComtradeClient().fetch([year], mapped_hs_codes(), config.reporters)
            frame = records_to_frame(records, f"comtrade_api_{year}")
            frames[year] = validate("comtrade", TABLE, ComtradeRecords, frame)
        return {TABLE: frames}, {"attribution": ATTRIBUTION}

    yield from land_partitions(
        context,
        warehouse,
        "comtrade",
        load,
        allow_shrink=config.allow_shrink,
        skip_empty=config.mode == "snapshot",
    )


ASSETS = [comtrade_tables]
