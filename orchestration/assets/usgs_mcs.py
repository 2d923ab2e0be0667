"""USGS Mineral Commodity Summaries: world production, US salient statistics, industry trends,
US import sources; partitioned by edition."""

from pathlib import Path

import dagster as dg
import polars as pl

from orchestration.assets.landing import (
    ReleaseConfig,
    release_dir,
    release_frames,
    source_specs,
)
from orchestration.assets.year_landing import land_partitions
from orchestration.partitions import yearly_landing
from orchestration.resources import WarehouseResource
from sources.common.release import LoadedRelease
from sources.usgs_mcs.load import SNAPSHOT_DIR, TABLES, empty_table, load_release
from sources.usgs_mcs.source import SOURCE

SPECS, CHECKS = source_specs(SOURCE, TABLES, kinds={"parquet", "polars"})


class UsgsMcsConfig(ReleaseConfig):
    """`snapshot` reads the bundled files; `live` downloads the run's editions from
    ScienceBase; `directory` reads a folder laid out like the snapshot (e.g. a new edition).

    The editions are the run's partitions (MCS 2026 = "2026"): one, or a range.
    """


def download(editions: list[int], warehouse: WarehouseResource) -> Path:
    from sources.usgs_mcs.download import download_edition

    target = warehouse.paths.raw_downloads / "usgs_mcs"
    for edition in editions:
        download_edition(edition, target)
    return target


def require_edition_files(release: LoadedRelease, directory: Path, editions: list[int]) -> None:
    """A folder holding no file of the run's editions is an error (a mistyped directory
    would otherwise land nothing and report success)."""
    if not release.files:
        raise FileNotFoundError(
            f"usgs_mcs: {directory} holds no file of edition "
            f"{', '.join(f'MCS{e}' for e in editions)} (expected mcs<edition>/... files laid "
            "out like the bundled snapshot, listed in its MANIFEST.csv if it has one)"
        )


def edition_frames(
    release: LoadedRelease, editions: list[int]
) -> dict[str, dict[int, pl.DataFrame]]:
    """Each table's rows per edition; an edition without a table gets it empty."""
    return {
        table: {
            edition: (
                release.tables[kind].filter(pl.col("edition") == edition)
                if kind in release.tables
                else empty_table(kind)
            )
            for edition in editions
        }
        for kind, table in TABLES.items()
    }


@yearly_landing("usgs_mcs_tables", SPECS, CHECKS)
def usgs_mcs_tables(
    context: dg.AssetExecutionContext,
    config: UsgsMcsConfig,
    warehouse: WarehouseResource,
):
    """Parse the run's editions, validate each table with pandera, then land one Parquet
    file per table and edition (raw/usgs_mcs/<table>/edition=YYYY/)."""

    reads_snapshot = config.directory is None and config.mode == "snapshot"

    def load(editions: list[int]):
        directory = release_dir(
            "usgs_mcs", config, SNAPSHOT_DIR, lambda: download(editions, warehouse)
        )
        release = load_release(directory, editions)
        if not reads_snapshot:  # the bundled snapshot holds some editions only
            require_edition_files(release, directory, editions)
        _, metadata = release_frames(release, TABLES, directory, SOURCE.url)
        return edition_frames(release, editions), metadata

    yield from land_partitions(
        context,
        warehouse,
        "usgs_mcs",
        load,
        key="edition",
        allow_shrink=config.allow_shrink is True,
        skip_empty=config.mode == "snapshot" or config.directory is not None,
    )


ASSETS = [usgs_mcs_tables]
