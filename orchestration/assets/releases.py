"""The landing asset of a source read as one release (a folder of files), built from its
record: no per-source Dagster module needed.

A source package provides, by convention:
  load.py      SNAPSHOT_DIR, TABLES (kind -> table) and
               load_release(directory, *, edition=None) -> LoadedRelease
  download.py  download_release(dest_dir, *, url, edition) -> the folder it filled
"""

import importlib
from functools import cache
from pathlib import Path

import dagster as dg

from orchestration.assets.landing import (
    ReleaseConfig,
    Reuse,
    land_frames,
    landing_specs,
    release_dir,
    release_frames,
)
from orchestration.resources import WarehouseResource
from sources.common.fingerprint import release_fingerprint
from sources.common.source_record import Source


def release_config(source: Source) -> type[ReleaseConfig]:
    """The asset's run config: `snapshot` (bundled), `live` (download `url` as `edition`),
    or `directory` (a folder laid out like the snapshot); `allow_shrink` (true, or a list
    of series names) lands a release that lost series or rows."""
    return type(
        f"{source.name.title().replace('_', '')}Config",
        (ReleaseConfig,),
        {
            "__annotations__": {"url": str, "edition": int | None},
            "url": source.url,
            "edition": source.live_edition,
            "__doc__": f"{source.title}: {ReleaseConfig.__doc__}",
        },
    )


def release_landing(source: Source) -> dg.AssetsDefinition:
    """One multi-asset landing every table of ``source`` from one release folder."""
    load_module = importlib.import_module(f"sources.{source.name}.load")
    tables = load_module.TABLES
    descriptions = {t.name: t.description for t in source.tables}
    specs, checks = landing_specs(source.name, tables, source.name, descriptions)
    Config = release_config(source)

    def download(config, warehouse: WarehouseResource) -> Path:
        download_module = importlib.import_module(f"sources.{source.name}.download")
        target = warehouse.paths.raw_downloads / source.name
        if config.edition is not None:
            target = target / str(config.edition)
        return download_module.download_release(target, url=config.url, edition=config.edition)

    def landing(context: dg.AssetExecutionContext, config: Config, warehouse: WarehouseResource):  # type: ignore[valid-type]
        @cache
        def directory() -> Path:
            return release_dir(
                source.name, config, load_module.SNAPSHOT_DIR, lambda: download(config, warehouse)
            )

        def load():
            release = load_module.load_release(directory(), edition=config.edition)
            return release_frames(release, tables, directory(), config.url)

        reuse = Reuse(list(tables.values()), lambda: release_fingerprint(source.name, directory()))
        yield from land_frames(
            context, warehouse, source, load, allow_shrink=config.allow_shrink, reuse=reuse
        )

    landing.__doc__ = f"Parse {source.title}, validate it with pandera, then land it."
    return dg.multi_asset(specs=specs, check_specs=checks, name=f"{source.name}_tables")(landing)
