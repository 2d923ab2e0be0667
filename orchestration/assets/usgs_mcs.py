"""USGS Mineral Commodity Summaries: world production, US salient statistics, industry trends."""

from pathlib import Path

import dagster as dg

from orchestration.assets.landing import (
    ReleaseConfig,
    land_frames,
    landing_specs,
    release_dir,
    release_frames,
)
from orchestration.resources import WarehouseResource
from sources.usgs_mcs.load import SNAPSHOT_DIR, TABLES, load_release

SOURCE_URL = (
    "https://www.sciencebase.gov (DOIs 10.5066/P9KKMCP4, 10.5066/P9WCYUI6, 10.5066/P144BA54, "
    "10.5066/P13XCP3R, 10.5066/P1WKQ63T)"
)
DESCRIPTIONS = {
    TABLES["world"]: "World mine/refinery production, capacity and reserves, one row per cell.",
    TABLES["salient"]: "US salient statistics (production, trade, NIR...), one row per cell.",
    TABLES["trends"]: "Industry-trends tables T1-T7 and figures, one row per cell.",
    TABLES["import_sources"]: (
        "US import sources (MCS2026 on): each supplier's share (percent) of US imports of an "
        "item over 2021-24, one row per commodity x item x supplier."
    ),
}
SPECS, CHECKS = landing_specs("usgs_mcs", TABLES, "usgs_mcs", DESCRIPTIONS)


class UsgsMcsConfig(ReleaseConfig):
    """`snapshot` reads the bundled files; `live` downloads the editions from ScienceBase.

    `directory` reads a folder laid out like the snapshot instead (e.g. a new edition).
    """

    editions: list[int] = [2022, 2023, 2024, 2025, 2026]


def download(config: UsgsMcsConfig, warehouse: WarehouseResource) -> Path:
    from sources.usgs_mcs.download import download_edition

    target = warehouse.paths.raw_downloads / "usgs_mcs"
    for edition in config.editions:
        download_edition(edition, target)
    return target


@dg.multi_asset(specs=SPECS, check_specs=CHECKS, name="usgs_mcs_tables")
def usgs_mcs_tables(
    context: dg.AssetExecutionContext,
    config: UsgsMcsConfig,
    warehouse: WarehouseResource,
):
    """Parse every file, validate each table with pandera, then land all of them together."""
    directory = release_dir(config, SNAPSHOT_DIR, lambda: download(config, warehouse))

    def load():
        return release_frames(load_release(directory), TABLES, directory, SOURCE_URL)

    yield from land_frames(context, warehouse, "usgs_mcs", load, allow_shrink=config.allow_shrink)
