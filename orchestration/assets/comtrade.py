"""UN Comtrade: reporters' imports and exports by partner."""

import dagster as dg

from orchestration.assets.landing import land_frames, landing_specs, snapshot_metadata
from orchestration.mappings import mapped_hs_codes
from orchestration.resources import WarehouseResource
from sources.common.validation import validate
from sources.comtrade.load import SNAPSHOT_DIR, TABLE, load_snapshot
from sources.comtrade.schema import ComtradeRecords

ATTRIBUTION = "UN Comtrade, United Nations Statistics Division"
SPECS, CHECKS = landing_specs(
    "comtrade", {"records": TABLE}, "comtrade", {TABLE: f"Trade records ({ATTRIBUTION})."}
)


class ComtradeConfig(dg.Config):
    """`snapshot`: the bundled extracts. `live`: the Comtrade API (key from COMTRADE_API_KEY,
    else the keyless preview with its 500-record cap) for `years` and the mapped HS codes."""

    mode: str = "snapshot"
    years: list[int] = [2024]
    reporters: list[int] | None = None
    allow_shrink: bool = False


@dg.multi_asset(specs=SPECS, check_specs=CHECKS, name="comtrade_tables")
def comtrade_tables(
    context: dg.AssetExecutionContext, config: ComtradeConfig, warehouse: WarehouseResource
):
    def load():
        if config.mode == "snapshot":
            return {TABLE: load_snapshot()}, snapshot_metadata(
                SNAPSHOT_DIR, attribution=ATTRIBUTION
            )
        from sources.comtrade.api import ComtradeClient, records_to_frame

        records = ComtradeClient().fetch(config.years, mapped_hs_codes(), config.reporters)
        frame = records_to_frame(records, f"comtrade_api_{'_'.join(map(str, config.years))}")
        return {TABLE: validate("comtrade", TABLE, ComtradeRecords, frame)}, {
            "attribution": ATTRIBUTION,
            "api_records": len(records),
        }

    yield from land_frames(context, warehouse, "comtrade", load, allow_shrink=config.allow_shrink)
