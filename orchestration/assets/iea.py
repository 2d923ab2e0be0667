"""IEA Critical Minerals Dataset: mining and refining supply by country (base case)."""

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
from sources.iea.download import DEFAULT_URL
from sources.iea.load import SNAPSHOT_DIR, TABLES, load_release

DESCRIPTIONS = {
    TABLES["supply"]: "IEA supply by country, mining and refining, 2023 and projections to "
    "2040 (base case), one row per value cell, incl. Rest of world/Total/Top 3 share rows.",
}
SPECS, CHECKS = landing_specs("iea", TABLES, "iea", DESCRIPTIONS)


class IeaConfig(ReleaseConfig):
    """`snapshot` reads the bundled (re-saved) May 2024 workbook; `live` downloads `url`
    (the workbook's own URL: IEA serves it from the data-explorer page after a login) as
    `edition`. `directory` reads a folder holding a workbook instead."""

    url: str = DEFAULT_URL
    edition: int = 2024


def download(config: IeaConfig, warehouse: WarehouseResource) -> Path:
    from sources.iea.download import download_workbook

    target = warehouse.paths.raw_downloads / "iea" / str(config.edition)
    download_workbook(target, url=config.url, edition=config.edition)
    return target


@dg.multi_asset(specs=SPECS, check_specs=CHECKS, name="iea_tables")
def iea_tables(context: dg.AssetExecutionContext, config: IeaConfig, warehouse: WarehouseResource):
    """Parse the supply sheet, validate it with pandera, then land it."""
    directory = release_dir(config, SNAPSHOT_DIR, lambda: download(config, warehouse))

    def load():
        return release_frames(
            load_release(directory, edition=config.edition), TABLES, directory, DEFAULT_URL
        )

    yield from land_frames(context, warehouse, "iea", load, allow_shrink=config.allow_shrink)
