"""Shared landing step: validated frames -> DuckDB raw tables, with checks and metadata.

A source that suddenly shrinks (a release whose year file has only a header, a truncated
download that still parses) is bad input too: a table landing with fewer than half the rows
the published warehouse has fails the check, naming source, table, before and after. A real
shrink is landed with the asset's config `allow_shrink: true`.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from orchestration.resources import WarehouseResource
from sources.common.errors import SourceDataError
from sources.common.release import LoadedRelease
from sources.common.snapshot import read_manifest
from sources.common.source_record import Source
from sources.common.validation import ValidationFailed

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


def fail_checks(context: dg.AssetExecutionContext, exc: Exception):
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
        yield from fail_checks(context, exc)
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
