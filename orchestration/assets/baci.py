"""CEPII BACI: bilateral trade flows and the BACI dictionaries."""

import dagster as dg

from orchestration.assets.landing import land_frames, landing_specs, snapshot_metadata
from orchestration.mappings import mapped_hs_codes
from orchestration.resources import WarehouseResource
from sources.baci.download import BASE_URL, download_release
from sources.baci.load import SNAPSHOT_DIR, TABLES, load_release_zip, load_snapshot

SOURCE_URL = "https://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37"
DESCRIPTIONS = {
    TABLES["flows"]: "BACI flows (year x exporter x importer x HS6) for the mapped HS codes.",
    TABLES["countries"]: "BACI country dictionaries.",
    TABLES["products"]: "BACI HS product dictionary.",
}
SPECS, CHECKS = landing_specs("baci", TABLES, "baci", DESCRIPTIONS)


class BaciConfig(dg.Config):
    """`snapshot`: the bundled 2024 extract. `live`: download a CEPII release zip and read
    `years` from it, keeping only the HS codes mapped in seeds/trade/hs_minerals.csv."""

    mode: str = "snapshot"
    hs_revision: str = "HS17"
    release: str = "V202601"
    years: list[int] = [2024]
    base_url: str = BASE_URL
    allow_shrink: bool = False


@dg.multi_asset(specs=SPECS, check_specs=CHECKS, name="baci_tables")
def baci_tables(
    context: dg.AssetExecutionContext, config: BaciConfig, warehouse: WarehouseResource
):
    def load():
        if config.mode == "snapshot":
            return load_snapshot(), snapshot_metadata(SNAPSHOT_DIR, source_url=SOURCE_URL)
        target = warehouse.paths.raw_downloads / "baci"
        zip_path = download_release(
            config.hs_revision, config.release, target, base_url=config.base_url
        )
        tables = load_release_zip(zip_path, config.years, mapped_hs_codes())
        return tables, {"zip": str(zip_path), "years": dg.MetadataValue.json(config.years)}

    yield from land_frames(context, warehouse, "baci", load, allow_shrink=config.allow_shrink)
