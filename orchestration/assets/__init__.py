"""The landing assets of every registered source (sources/registry), then dbt and outputs.

A source whose landing needs Dagster code of its own (partitions, a release zip, an API) has a
module here named after it that lists its assets in ASSETS; every other source is landed from
its record by orchestration/assets/releases.py. Nothing here lists sources by hand.
"""

import importlib
import importlib.util

import dagster as dg

from orchestration.assets.releases import release_landing
from sources.registry import all_sources


def landing_assets() -> list[dg.AssetsDefinition]:
    """Every registered source's landing assets, in registration order."""
    assets = []
    for source in all_sources():
        module_name = f"{__name__}.{source.name}"
        if importlib.util.find_spec(module_name) is None:
            assets.append(release_landing(source))
        else:
            assets.extend(importlib.import_module(module_name).ASSETS)
    return assets
