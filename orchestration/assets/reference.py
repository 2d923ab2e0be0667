"""Reference tables bundled with the project (country codes, HS 2022 nomenclature)."""

import dagster as dg

from orchestration.assets.landing import land_frames, landing_specs, snapshot_metadata
from orchestration.resources import WarehouseResource
from sources.reference.load import HS_TABLE, SNAPSHOT_DIR, TABLE, load_reference

TABLES = {"countries": TABLE, "hs": HS_TABLE}
DESCRIPTIONS = {
    TABLE: "ISO 3166 / UN M49 country codes.",
    HS_TABLE: "HS 2022 nomenclature (chapters, headings, subheadings).",
}
SPECS, CHECKS = landing_specs("reference", TABLES, "reference", DESCRIPTIONS)


@dg.multi_asset(specs=SPECS, check_specs=CHECKS, name="reference_tables")
def reference_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    def load():
        return load_reference(), snapshot_metadata(
            SNAPSHOT_DIR,
            source_url="https://github.com/datasets (country-codes, harmonized-system)",
        )

    yield from land_frames(context, warehouse, "reference", load)
