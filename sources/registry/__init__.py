"""The registered sources: adding a source is one line in REGISTERED (and its own folders).

Each name is a package `sources/<name>/` with a `source.py` holding its `Source` record
(sources/common/source_record.py). Order is the order of the Dagster UI and the README
table. `python -m sources.registry` regenerates what is derived from the records (the dbt
source YAML of each source, the dbt macro listing the sources of each fact, the README
table); `--check` says what is stale (a test runs it).
"""

from __future__ import annotations

import importlib
from functools import cache

from sources.common.source_record import Source

REGISTERED = (
    "usgs_mcs",
    "reference",
    "baci",
    "comtrade",
    "iea",
    "wmd",
    "wgi",
    "wmd_history",
    "usitc_dataweb",
    "atlas_summaries",
    "atlas_flows",
    "atlas_baci",
    "wits_china_exports",
    "comtrade_china_imports",
    "baci_panels",
    "baci_asean",
    "usgs_ds140",
    "wb_pink_sheet",
    "usgs_myb",
    "mofcom_controls",
)


@cache
def all_sources() -> tuple[Source, ...]:
    """Every registered source's record, in registration order."""
    records = []
    for name in REGISTERED:
        module = importlib.import_module(f"sources.{name}.source")
        record = getattr(module, "SOURCE", None)
        if not isinstance(record, Source):
            raise TypeError(f"sources/{name}/source.py must define SOURCE = Source(...)")
        if record.name != name:
            raise ValueError(f"sources/{name}/source.py declares the name {record.name!r}")
        records.append(record)
    return tuple(records)


def get(name: str) -> Source:
    for record in all_sources():
        if record.name == name:
            return record
    raise KeyError(f"no registered source {name!r} (sources/registry REGISTERED)")


def sources_of(fact: str) -> tuple[Source, ...]:
    """The sources delivering a conformed fact, most preferred first."""
    return tuple(sorted((s for s in all_sources() if fact in s.facts), key=lambda s: s.preference))
