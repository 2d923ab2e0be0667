"""Yearly partitions of the yearly sources: a trade year (CEPII BACI, UN Comtrade) or a USGS
MCS edition (MCS 2026 = "2026").

One TimeWindowPartitionsDefinition, keys "1995" ... the current year, shared by the three
partitioned landing assets: a Dagster job may hold partitioned assets of one partitions
definition only, and `build_warehouse` holds all three. The current year is included because
a USGS edition carries its publication year (MCS 2026 came out in January 2026); a trade year
that a release does not hold yet lands nothing from the snapshot and is an error live. The
list grows by itself each January (no code change, no dynamic partitions to register).

Every partitioned asset has a single-run backfill policy: a range lands in one run (`dagster
asset materialize --partition-range 2020...2024`, or a UI backfill), trade years in parallel
worker processes (config `max_workers`). Each partition is its own file of the raw layer
(storage/raw_layer.py), so re-landing one year or edition leaves the others as they are.

BUNDLED_YEARS is the default range: the years the bundled snapshot holds (UN Comtrade
2000-2024, BACI 2024, USGS editions 2022-2026); `make demo` and the tests build with it.
"""

from __future__ import annotations

import dagster as dg

from storage.raw_ledger import FIRST_YEAR as FIRST
from storage.raw_ledger import spans

FIRST_YEAR = str(FIRST)  # BACI HS92 starts in 1995; raw_ledger.landable_years() agrees
YEARS = dg.TimeWindowPartitionsDefinition(
    start=FIRST_YEAR, fmt="%Y", cron_schedule="0 0 1 1 *", timezone="UTC", end_offset=1
)
BUNDLED_YEARS = ("2000", "2026")
RANGE_START = "dagster/asset_partition_range_start"
RANGE_END = "dagster/asset_partition_range_end"


def yearly_landing(name: str, specs: list, check_specs: list):
    """The decorator of a landing multi-asset partitioned by YEARS: a range is one run."""
    return dg.multi_asset(
        specs=specs,
        check_specs=check_specs,
        name=name,
        partitions_def=YEARS,
        backfill_policy=dg.BackfillPolicy.single_run(),
    )


def range_tags(first: str | int = BUNDLED_YEARS[0], last: str | int = BUNDLED_YEARS[1]) -> dict:
    """Run tags that select the years ``first`` to ``last`` (a single-run backfill)."""
    return {RANGE_START: str(first), RANGE_END: str(last)}


def run_years(context: dg.AssetExecutionContext) -> list[int]:
    """The years of this run (one partition, or a range); a run without any, or with a year
    outside YEARS (a range's tags can name one), is refused."""
    if not (context.has_partition_key or context.has_partition_key_range):
        raise dg.Failure(
            description=(
                "this landing is partitioned by year (trade) or edition (USGS): choose them "
                "(UI: the partition selector; CLI: --partition 2024 or --partition-range "
                f"2020...2024; the bundled snapshot: {BUNDLED_YEARS[0]}...{BUNDLED_YEARS[1]})"
            )
        )
    years = [int(key) for key in context.partition_keys]
    allowed = YEARS.get_partition_keys()
    if outside := [year for year in years if str(year) not in allowed]:
        raise dg.Failure(
            description=(
                f"years or editions {spans(outside)} are outside the partitions "
                f"definition ({allowed[0]}...{allowed[-1]}): nothing landed; choose years in it"
            )
        )
    return years
