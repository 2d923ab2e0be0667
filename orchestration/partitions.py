"""Yearly partitions of the trade sources (CEPII BACI flows, UN Comtrade records).

One TimeWindowPartitionsDefinition, keys "1995" ... last complete year, shared by both trade
landing assets: a Dagster job may hold partitioned assets of one partitions definition only,
and `build_warehouse` holds both. The list grows by itself each January (no code change, no
dynamic partitions to register). Both assets have a single-run backfill policy: a range of
years lands in one run (`dagster asset materialize --partition-range 2020...2024`, or a UI
backfill), its years in parallel worker processes (config `max_workers`).

BUNDLED_YEARS is the default partition set: the years the bundled snapshot holds (BACI 2024,
UN Comtrade 2000-2024); `make demo` and the tests build with it.
"""

from __future__ import annotations

import dagster as dg

FIRST_YEAR = "1995"  # BACI HS92 starts in 1995
TRADE_YEARS = dg.TimeWindowPartitionsDefinition(
    start=FIRST_YEAR, fmt="%Y", cron_schedule="0 0 1 1 *", timezone="UTC"
)
BUNDLED_YEARS = ("2000", "2024")
RANGE_START = "dagster/asset_partition_range_start"
RANGE_END = "dagster/asset_partition_range_end"


def range_tags(first: str | int = BUNDLED_YEARS[0], last: str | int = BUNDLED_YEARS[1]) -> dict:
    """Run tags that select the years ``first`` to ``last`` (a single-run backfill)."""
    return {RANGE_START: str(first), RANGE_END: str(last)}


def run_years(context: dg.AssetExecutionContext) -> list[int]:
    """The years of this run (one partition, or a range); a run without any is refused."""
    if not (context.has_partition_key or context.has_partition_key_range):
        raise dg.Failure(
            description=(
                "trade landing is partitioned by year: choose the years (UI: the partition "
                "selector; CLI: --partition 2024 or --partition-range 2020...2024; the bundled "
                f"snapshot: {BUNDLED_YEARS[0]}...{BUNDLED_YEARS[1]})"
            )
        )
    return [int(key) for key in context.partition_keys]
