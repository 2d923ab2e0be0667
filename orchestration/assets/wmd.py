"""World Mining Data (Austria), table 6.4: production by country and commodity."""

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
from sources.wmd.download import LIVE_URL
from sources.wmd.load import SNAPSHOT_DIR, TABLES, load_release

DESCRIPTIONS = {
    TABLES["production"]: "WMD table 6.4 production by country, every sheet and edition, "
    "one row per value cell (country and Total rows).",
}
SPECS, CHECKS = landing_specs("wmd", TABLES, "wmd", DESCRIPTIONS)


class WmdConfig(ReleaseConfig):
    """`snapshot` reads the bundled 2017 and 2020 editions; `live` downloads the publisher's
    current workbook from `url`. `directory` reads a folder of workbooks instead."""

    url: str = LIVE_URL


def download(config: WmdConfig, warehouse: WarehouseResource) -> Path:
    from sources.wmd.download import download_table

    target = warehouse.paths.raw_downloads / "wmd"
    download_table(target, url=config.url)
    return target


@dg.multi_asset(specs=SPECS, check_specs=CHECKS, name="wmd_tables")
def wmd_tables(context: dg.AssetExecutionContext, config: WmdConfig, warehouse: WarehouseResource):
    """Parse every sheet, validate the table with pandera, then land it."""
    directory = release_dir(config, SNAPSHOT_DIR, lambda: download(config, warehouse))

    def load():
        return release_frames(load_release(directory), TABLES, directory, LIVE_URL)

    yield from land_frames(context, warehouse, "wmd", load, allow_shrink=config.allow_shrink)
