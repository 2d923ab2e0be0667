"""Reference tables bundled with the project (country codes, HS 2022 nomenclature)."""

import dagster as dg

from orchestration.assets.landing import land_frames, snapshot_metadata, source_specs
from orchestration.resources import WarehouseResource
from sources.reference.load import HS_TABLE, SNAPSHOT_DIR, TABLE, load_reference
from sources.reference.source import SOURCE

TABLES = {"countries": TABLE, "hs": HS_TABLE}
SPECS, CHECKS = source_specs(SOURCE, TABLES)


@dg.multi_asset(specs=SPECS, check_specs=CHECKS, name="reference_tables")
def reference_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    def load():
        return load_reference(), snapshot_metadata(
            SNAPSHOT_DIR,
            source_url="https://github.com/datasets (country-codes, harmonized-system)",
        )

    yield from land_frames(context, warehouse, SOURCE, load)


ASSETS = [reference_tables]
