"""CEPII BACI: bilateral trade flows (partitioned by year, Parquet) and the BACI dictionaries."""

from functools import partial
from typing import Any

import dagster as dg
from filelock import FileLock

from orchestration.assets.landing import land_frames, snapshot_metadata, source_specs
from orchestration.assets.year_landing import land_partitions, load_years
from orchestration.partitions import yearly_landing
from orchestration.resources import WarehouseResource
from sources.baci.download import BASE_URL, download_release
from sources.baci.load import (
    SNAPSHOT_DIR,
    TABLES,
    load_release_dictionaries,
    load_snapshot,
    validated_year,
)
from sources.baci.source import SOURCE
from sources.common.mappings import mapped_hs_codes

SOURCE_URL = SOURCE.url
FLOWS = TABLES["flows"]
DICTIONARIES = {kind: table for kind, table in TABLES.items() if kind != "flows"}
DICTIONARY_SPECS, DICTIONARY_CHECKS = source_specs(SOURCE, DICTIONARIES)
FLOW_SPECS, FLOW_CHECKS = source_specs(SOURCE, {"flows": FLOWS}, kinds={"parquet", "polars"})
SPECS = [*DICTIONARY_SPECS, *FLOW_SPECS]


class BaciConfig(dg.Config):
    """`snapshot`: the bundled 2024 extract. `live`: download a CEPII release zip and read the
    run's years (partitions) from it, keeping only the HS codes mapped in
    seeds/trade/hs_minerals.csv; `max_workers` years are read in parallel processes.
    `allow_shrink`: true lands a release that lost rows; the dictionaries also take a list
    of the table names a refusal gives."""

    mode: str = "snapshot"
    hs_revision: str = "HS17"
    release: str = "V202601"
    base_url: str = BASE_URL
    allow_shrink: Any = False  # true/false, or a list (landing.allowed_shrinks)
    max_workers: int = 2


def release_zip(config: BaciConfig, warehouse: WarehouseResource):
    """The release zip, downloaded once (a file lock: parallel steps and runs share it)."""
    target = warehouse.paths.raw_downloads / "baci"
    target.mkdir(parents=True, exist_ok=True)
    with FileLock(target / f"BACI_{config.hs_revision}_{config.release}.zip.lock"):
        return download_release(
            config.hs_revision, config.release, target, base_url=config.base_url
        )


@dg.multi_asset(specs=DICTIONARY_SPECS, check_specs=DICTIONARY_CHECKS, name="baci_dictionaries")
def baci_dictionaries(
    context: dg.AssetExecutionContext, config: BaciConfig, warehouse: WarehouseResource
):
    def load():
        if config.mode == "snapshot":
            tables = load_snapshot()
            del tables[FLOWS]
            return tables, snapshot_metadata(SNAPSHOT_DIR, source_url=SOURCE_URL)
        zip_path = release_zip(config, warehouse)
        return load_release_dictionaries(zip_path), {"zip": str(zip_path)}

    yield from land_frames(context, warehouse, SOURCE, load, allow_shrink=config.allow_shrink)


@yearly_landing("baci_trade_flows", FLOW_SPECS, FLOW_CHECKS)
def baci_trade_flows(
    context: dg.AssetExecutionContext, config: BaciConfig, warehouse: WarehouseResource
):
    """One Parquet file per year, written without the writer lock; years in parallel."""

    def load(years: list[int]):
        if config.mode == "snapshot":
            flows = load_snapshot()[FLOWS]
            frames = {year: flows.filter(flows["year"] == year) for year in years}
            return {FLOWS: frames}, snapshot_metadata(SNAPSHOT_DIR, source_url=SOURCE_URL)
        zip_path = release_zip(config, warehouse)
        read = partial(validated_year, zip_path, tuple(mapped_hs_codes()))
        frames, peaks = load_years(read, years, config.max_workers)
        return {FLOWS: frames}, {
            "zip": str(zip_path),
            "release": config.release,
            "worker_peak_rss_mb": dg.MetadataValue.json({str(y): p for y, p in peaks.items()}),
        }

    yield from land_partitions(
        context,
        warehouse,
        "baci",
        load,
        allow_shrink=config.allow_shrink is True,
        skip_empty=config.mode == "snapshot",
    )


ASSETS = [baci_dictionaries, baci_trade_flows]
