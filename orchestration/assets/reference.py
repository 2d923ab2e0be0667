"""Reference tables bundled with the project (country codes)."""

import dagster as dg

from orchestration.assets.landing import land_frames, landing_specs
from orchestration.resources import WarehouseResource
from sources.common.snapshot import sha256_of
from sources.reference.load import (
    COUNTRY_CODES_FILE,
    SNAPSHOT_DIR,
    TABLE,
    load_country_codes,
)

SPECS, CHECKS = landing_specs(
    "reference",
    {"countries": TABLE},
    "reference",
    {TABLE: "ISO 3166 / UN M49 country codes."},
)


@dg.multi_asset(specs=SPECS, check_specs=CHECKS, name="reference_tables")
def reference_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    def load():
        path = SNAPSHOT_DIR / COUNTRY_CODES_FILE
        return {TABLE: load_country_codes()}, {
            "files_sha256": dg.MetadataValue.json({COUNTRY_CODES_FILE: sha256_of(path)}),
            "source_url": "https://github.com/datasets/country-codes",
        }

    yield from land_frames(context, warehouse, "reference", load)
