"""World Bank Worldwide Governance Indicators (six estimates per economy and year)."""

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
from sources.wgi.download import DEFAULT_URL
from sources.wgi.load import SNAPSHOT_DIR, TABLES, load_release

DESCRIPTIONS = {
    TABLES["indicators"]: "WGI estimates (and standard error, sources, percentile ranks) per "
    "economy (World Bank code) x indicator x year, 1996-2022 in the bundled 2023 update.",
}
SPECS, CHECKS = landing_specs("wgi", TABLES, "wgi", DESCRIPTIONS)


class WgiConfig(ReleaseConfig):
    """`snapshot` reads the bundled 2023-update workbook (wide layout); `live` downloads
    `url` (the World Bank's long-layout workbook) as `edition`; `directory` reads a folder of
    .xlsx/.csv files in either layout."""

    url: str = DEFAULT_URL
    edition: int = 2024


def download(config: WgiConfig, warehouse: WarehouseResource) -> Path:
    from sources.wgi.download import download_dataset

    target = warehouse.paths.raw_downloads / "wgi" / str(config.edition)
    download_dataset(target, url=config.url, edition=config.edition)
    return target


@dg.multi_asset(specs=SPECS, check_specs=CHECKS, name="wgi_tables")
def wgi_tables(context: dg.AssetExecutionContext, config: WgiConfig, warehouse: WarehouseResource):
    """Parse either WGI layout, validate it with pandera, then land it."""
    directory = release_dir(config, SNAPSHOT_DIR, lambda: download(config, warehouse))

    def load():
        return release_frames(
            load_release(directory, edition=config.edition), TABLES, directory, DEFAULT_URL
        )

    yield from land_frames(context, warehouse, "wgi", load, allow_shrink=config.allow_shrink)
