"""Shared landing step: validated frames -> DuckDB raw tables, with checks and metadata.

A source that suddenly shrinks (a release whose year file has only a header, a truncated
download that still parses) is bad input too: a table landing with fewer than half the rows
the published warehouse has fails the check, naming source, table, before and after. A real
shrink is landed with the asset's config `allow_shrink: true`.
"""

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from orchestration.partitions import run_years
from orchestration.resources import WarehouseResource
from sources.common.errors import SourceDataError
from sources.common.release import LoadedRelease
from sources.common.snapshot import read_manifest
from sources.common.source_record import Source
from sources.common.validation import ValidationFailed
from storage import raw_layer

RAW_SCHEMA = "raw"
VALID_CHECK = "source_files_valid"
SHRINK_LIMIT = 0.5
PREVIEW_ROWS = 5
PREVIEW_CELL_CHARS = 40
# Dagster's standard metadata keys (shown in the asset page's overview and columns)
ROW_COUNT = "dagster/row_count"
COLUMN_SCHEMA = "dagster/column_schema"
TABLE_NAME = "dagster/table_name"
PREVIEW = "preview"
LANDED_KINDS = {"duckdb", "polars"}
VALID_CHECK_DESCRIPTION = (
    "Every source file parses and the landed frame passes its pandera schema (types, keys, "
    "allowed values); a failure names file, line, column and what was expected. Also fails "
    "when a table would land with under half the rows the published warehouse has."
)
BAD_INPUT = (SourceDataError, ValidationFailed, FileNotFoundError, ValueError)


def snapshot_metadata(directory: Path, **extra: object) -> dict[str, object]:
    """Metadata of a landing from a bundled snapshot: every file's sha256 from its manifest."""
    files = {e.path: e.sha256 for e in read_manifest(directory)}
    return {"files_sha256": dg.MetadataValue.json(files), "source_dir": str(directory), **extra}


class ReleaseConfig(dg.Config):
    """Where a source's files come from: `snapshot` (the bundled files), `live` (downloaded
    from the publisher), or `directory` (a folder laid out like the snapshot). A real shrink
    of the source is landed with `allow_shrink: true`."""

    mode: str = "snapshot"
    directory: str | None = None
    allow_shrink: bool = False


def release_dir(config: ReleaseConfig, snapshot_dir: Path, download: Callable[[], Path]) -> Path:
    """The folder a landing reads: the configured one, the snapshot, or a live download."""
    if config.directory:
        return Path(config.directory)
    if config.mode == "snapshot":
        return snapshot_dir
    return download()


def release_frames(
    release: LoadedRelease, tables: Mapping[str, str], directory: Path, source_url: str
) -> tuple[dict[str, pl.DataFrame], dict[str, object]]:
    """A loaded release as landing frames (keyed by table name) and its metadata."""
    frames = {tables[kind]: frame for kind, frame in release.tables.items()}
    return frames, {
        "editions": dg.MetadataValue.json(release.editions()),
        "files_sha256": dg.MetadataValue.json(release.files),
        "source_dir": str(directory),
        "source_url": source_url,
    }


def landing_specs(
    group: str,
    tables: Mapping[str, str],
    source: str,
    descriptions: Mapping[str, str],
    kinds: set[str] = LANDED_KINDS,
):
    """One AssetSpec per landed table (key: [source, table]), and a validity check for each."""
    specs = [
        dg.AssetSpec(
            landing_key(source, table),
            group_name=group,
            description=descriptions[table],
            kinds=kinds,
            metadata={TABLE_NAME: f"{RAW_SCHEMA}.{table}"},
        )
        for table in tables.values()
    ]
    checks = [
        dg.AssetCheckSpec(VALID_CHECK, asset=spec.key, description=VALID_CHECK_DESCRIPTION)
        for spec in specs
    ]
    return specs, checks


def source_specs(source: Source, tables: Mapping[str, str], kinds: set[str] = LANDED_KINDS):
    """landing_specs of a registered source: group, key and descriptions from its record."""
    descriptions = {t.name: t.description for t in source.tables}
    missing = sorted(set(tables.values()) - set(descriptions))
    if missing:
        raise ValueError(
            f"{source.name}: lands {', '.join(missing)} but its record (sources/{source.name}/"
            "source.py) does not declare it"
        )
    return landing_specs(source.name, tables, source.name, descriptions, kinds)


def landing_key(source: str, table: str) -> dg.AssetKey:
    """The asset key of a landed table ``raw.<table>``; dbt sources are mapped to it."""
    return dg.AssetKey([source, table])


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    if len(text) > PREVIEW_CELL_CHARS:
        text = text[: PREVIEW_CELL_CHARS - 1] + "\u2026"
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_preview(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table of a few rows (cells cut at PREVIEW_CELL_CHARS, pipes escaped)."""
    lines = [
        "| " + " | ".join(_cell(c) for c in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def frame_schema(frame: pl.DataFrame) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[dg.TableColumn(name, str(dtype)) for name, dtype in frame.schema.items()]
    )


def table_metadata(table: str, frame: pl.DataFrame, rows: int) -> dict[str, object]:
    """What the UI shows of a landed table: row count, typed columns and its first rows."""
    head = frame.head(PREVIEW_ROWS)
    return {
        ROW_COUNT: dg.MetadataValue.int(rows),
        COLUMN_SCHEMA: dg.MetadataValue.table_schema(frame_schema(frame)),
        TABLE_NAME: f"{RAW_SCHEMA}.{table}",
        PREVIEW: dg.MetadataValue.md(markdown_preview(head.columns, head.rows())),
    }


class SourceShrank(ValueError):
    """A table would land with far fewer rows than the published warehouse has."""


def published_rows(published: Path, schema: str, table: str) -> int | None:
    """Rows of schema.table in the published warehouse; None when there is none to compare."""
    if not published.exists():
        return None
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            return con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
    except duckdb.Error:
        return None


def check_no_sharp_shrink(published: Path, source: str, frames: Mapping[str, pl.DataFrame]) -> None:
    shrunk = [
        f"{RAW_SCHEMA}.{table}: {before:,} rows published, {frame.height:,} now"
        for table, frame in frames.items()
        if (before := published_rows(published, RAW_SCHEMA, table))
        and frame.height < SHRINK_LIMIT * before
    ]
    if shrunk:
        raise SourceShrank(
            f"{source}: fell by more than {1 - SHRINK_LIMIT:.0%} against the published "
            f"warehouse ({'; '.join(shrunk)}); if the source really shrank, land it with "
            "config allow_shrink: true"
        )


def _fail_checks(context: dg.AssetExecutionContext, exc: Exception):
    for key in context.selected_asset_keys:
        yield dg.AssetCheckResult(
            asset_key=key,
            check_name=VALID_CHECK,
            passed=False,
            metadata={"error": dg.MetadataValue.md(f"```\n{exc}\n```")},
        )
    raise dg.Failure(description=str(exc)) from exc


def land_frames(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    source: str,
    load: Callable[[], tuple[Mapping[str, pl.DataFrame], Mapping[str, object]]],
    *,
    allow_shrink: bool = False,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Parse + validate everything first; land only when all of it is good.

    Bad input (and a sharp shrink) fails the checks with the message (file, line, column;
    or table, before, after) and raises, so no table is touched and the warehouse keeps its
    last good state.
    """
    try:
        frames, metadata = load()
        if not allow_shrink:
            check_no_sharp_shrink(warehouse.paths.published, source, frames)
    except BAD_INPUT as exc:
        yield from _fail_checks(context, exc)
    for table, frame in frames.items():
        key = dg.AssetKey([source, table])
        rows = warehouse.land(RAW_SCHEMA, table, frame)
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={
                "rows": rows,
                "table": f"{RAW_SCHEMA}.{table}",
                **table_metadata(table, frame, rows),
                **metadata,
            },
            check_results=[dg.AssetCheckResult(asset_key=key, check_name=VALID_CHECK, passed=True)],
        )


# partitioned landing: one Parquet file per year, outside the writer lock ----------------------


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
        with ProcessPoolExecutor(min(max_workers, len(years)), mp_context=context) as pool:
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
    file, fails the checks and no file is touched. Then each file is replaced atomically;
    other years' files stay as they are. A table without rows in a landed year gets an
    empty file (dbt reads every table's files). ``skip_empty``: a year without rows in any
    table leaves its files, if any, as they are (a bundled snapshot holds some years only).
    """
    years = run_years(context)
    raw_root = warehouse.paths.raw_downloads
    try:
        frames, metadata = load(years)
        if skip_empty:
            frames = _without_empty_years(frames)
        if not allow_shrink:
            check_partitions_no_sharp_shrink(raw_root, source, frames, key)
    except BAD_INPUT as exc:
        yield from _fail_checks(context, exc)
    landed_at = datetime.now(UTC).isoformat(timespec="seconds")
    plain_metadata = {k: getattr(v, "value", v) for k, v in metadata.items()}
    for table, by_year in frames.items():
        written, rows = [], {}
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
            written.append(str(raw_layer.write_partition(path, frame, provenance)))
        landed = pl.concat(list(by_year.values())) if by_year else pl.DataFrame()
        asset = landing_key(source, table)
        yield dg.MaterializeResult(
            asset_key=asset,
            metadata={
                **table_metadata(table, landed, landed.height),
                f"rows_per_{key}": dg.MetadataValue.json(rows),
                "files": dg.MetadataValue.json(written),
                **metadata,
            },
            check_results=[
                dg.AssetCheckResult(asset_key=asset, check_name=VALID_CHECK, passed=True)
            ],
        )
