"""Partitioned landing: one Parquet file per table and year (or edition) in the raw layer,
written outside the writer lock (storage/raw_layer.py) and entered in its table's ledger
(storage/raw_ledger.py); years parsed in parallel worker processes when asked.

A step of the multiprocess executor is a child process of the run worker, and the workers of
load_years children of the step: each dies with the process that started it
(:func:`die_with_parent`), and a step writes nothing once its run worker is gone, so a killed
run leaves nothing landing behind it.
"""

import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import polars as pl

from orchestration.assets.landing import (
    BAD_INPUT,
    RAW_SCHEMA,
    SHRINK_LIMIT,
    VALID_CHECK,
    SourceShrank,
    fail_checks,
    landing_key,
    table_metadata,
)
from orchestration.assets.step_process import die_with_parent, require_run_alive
from orchestration.partitions import run_years
from orchestration.resources import WarehouseResource
from storage import raw_layer, raw_ledger

# A ranged run marks every partition of its range as materialized when the step's output is
# recorded, including years a source does not hold (BACI 1995-2023 in the bundled snapshot).
# The landing reports each year that has rows itself (year_materialization) and tells Dagster
# not to add the range's materializations: Dagster skips them for an output carrying this
# metadata key (dagster._core.execution.plan.execute_step, the key its source-asset
# observations use; tests/orchestration/test_partitions.py fails if that stops working).
NO_RANGE_MATERIALIZATION = "__source_asset_observation__"


class YearFailed(ValueError):
    """A worker's bad-input error, carried back as its message (file, line, column)."""


def peak_rss_mb() -> float | None:
    """This process's peak resident memory (VmHWM, Linux), in MB."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    kilobytes = next((int(x.split()[1]) for x in status.splitlines() if x.startswith("VmHWM")), 0)
    return round(kilobytes / 1024, 1)


def _load_checked(
    load_year: Callable[[int], pl.DataFrame], year: int
) -> tuple[pl.DataFrame | str, float | None]:
    """Run in a worker: the year's validated frame (or the bad-input message), and the
    worker's peak memory so far."""
    try:
        outcome = load_year(year)
    except BAD_INPUT as exc:
        outcome = str(exc)
    return outcome, peak_rss_mb()


def load_years(
    load_year: Callable[[int], pl.DataFrame], years: Sequence[int], max_workers: int = 1
) -> tuple[dict[int, pl.DataFrame], dict[int, float | None]]:
    """Each year's validated frame, and the peak memory (MB) of the process that read it;
    years in parallel worker processes when max_workers > 1.

    ``load_year`` must be picklable (a module-level function or a partial of one). A year
    with bad input raises YearFailed naming it; the other years are discarded.
    """
    if max_workers > 1 and len(years) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawned, not forked (polars' threads); they start from this process's sys.path
        # and must import this checkout's code, also when Dagster loaded the code location
        # from a working directory it has since taken off sys.path
        checkout = str(Path(__file__).resolve().parents[2])
        if checkout not in sys.path:
            sys.path.insert(0, checkout)
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            min(max_workers, len(years)), mp_context=context, initializer=die_with_parent
        ) as pool:
            outcomes = list(pool.map(_load_checked, [load_year] * len(years), years))
    else:
        outcomes = [_load_checked(load_year, year) for year in years]
    for year, (outcome, _) in zip(years, outcomes, strict=True):
        if isinstance(outcome, str):
            raise YearFailed(f"year {year}: {outcome}")
    frames = {year: outcome for year, (outcome, _) in zip(years, outcomes, strict=True)}
    return frames, {year: peak for year, (_, peak) in zip(years, outcomes, strict=True)}


def check_partitions_no_sharp_shrink(
    raw_root: Path,
    source: str,
    frames: Mapping[str, Mapping[int, pl.DataFrame]],
    key: str = "year",
) -> None:
    shrunk = [
        f"{RAW_SCHEMA}.{table} {key} {year}: {before:,} rows landed, {frame.height:,} now"
        for table, by_year in frames.items()
        for year, frame in by_year.items()
        if (
            before := raw_layer.partition_rows(
                raw_layer.partition_file(raw_root, source, table, year, key)
            )
        )
        and frame.height < SHRINK_LIMIT * before
    ]
    if shrunk:
        raise SourceShrank(
            f"{source}: fell by more than {1 - SHRINK_LIMIT:.0%} against the landed partitions "
            f"({'; '.join(shrunk)}); if the source really shrank, land it with config "
            "allow_shrink: true"
        )


PartitionFrames = Mapping[str, Mapping[int, pl.DataFrame]]  # table -> year -> rows


def _without_empty_years(frames: PartitionFrames) -> dict[str, dict[int, pl.DataFrame]]:
    """Drop the years in which every table is empty (the source does not hold them)."""
    held = {year for by_year in frames.values() for year, frame in by_year.items() if frame.height}
    return {
        table: {year: frame for year, frame in by_year.items() if year in held}
        for table, by_year in frames.items()
    }


def land_partitions(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    source: str,
    load: Callable[[list[int]], tuple[PartitionFrames, Mapping[str, object]]],
    *,
    key: str = "year",
    allow_shrink: bool = False,
    skip_empty: bool = False,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Land the run's years (or editions) as Parquet files of the raw layer, without the
    writer lock: one file per table and year, ``raw/<source>/<table>/<key>=YYYY/``.

    Every year is parsed and validated first (``load``: each table's frame per year, and
    metadata); a failure, or a table-year falling by more than half against its landed
    file, fails the checks and no file is touched. Then each file is replaced atomically and
    entered in its table's ledger (under the table's lock, only while the run is alive);
    other years' files stay as they are. A table without rows in a landed year gets an
    empty file (dbt reads every table's files). ``skip_empty``: a year without rows in any
    table leaves its files, if any, as they are (a bundled snapshot holds some years only).
    """
    die_with_parent()
    years = run_years(context)
    raw_root = warehouse.paths.raw_downloads
    try:
        frames, metadata = load(years)
        if skip_empty:
            frames = _without_empty_years(frames)
        if not allow_shrink:
            check_partitions_no_sharp_shrink(raw_root, source, frames, key)
    except BAD_INPUT as exc:
        yield from fail_checks(context, exc)
    landed_at = datetime.now(UTC).isoformat(timespec="seconds")
    plain_metadata = {k: getattr(v, "value", v) for k, v in metadata.items()}
    for table, by_year in frames.items():
        written, rows = [], {}
        asset = landing_key(source, table)
        for year, frame in sorted(by_year.items()):
            rows[str(year)] = frame.height
            path = raw_layer.partition_file(raw_root, source, table, year, key)
            provenance = {
                "source": source,
                "table": f"{RAW_SCHEMA}.{table}",
                key: year,
                "rows": frame.height,
                "run_id": context.run_id,
                "landed_at": landed_at,
                **plain_metadata,
            }
            with raw_ledger.table_lock(raw_root, source, table):
                require_run_alive(context)
                raw_layer.write_partition(path, frame, provenance)
                raw_ledger.record_landing(
                    raw_root, source, table, path, frame.height, context.run_id
                )
            written.append(str(path))
            if frame.height:
                yield year_materialization(asset, table, year, frame, path, metadata)
        yield dg.MaterializeResult(
            asset_key=asset,
            metadata={
                NO_RANGE_MATERIALIZATION: True,
                f"rows_per_{key}": dg.MetadataValue.json(rows),
                "files": dg.MetadataValue.json(written),
            },
            check_results=[
                dg.AssetCheckResult(asset_key=asset, check_name=VALID_CHECK, passed=True)
            ],
        )


def year_materialization(
    asset: dg.AssetKey,
    table: str,
    year: int,
    frame: pl.DataFrame,
    path: Path,
    metadata: Mapping[str, object],
) -> dg.AssetMaterialization:
    """The materialization of one year (or edition) that has rows: its own row count,
    columns, preview and file, so the UI shows each partition as it is."""
    return dg.AssetMaterialization(
        asset_key=asset,
        partition=str(year),
        metadata={**table_metadata(table, frame, frame.height), "file": str(path), **metadata},
    )
