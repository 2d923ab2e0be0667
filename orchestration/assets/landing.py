"""Shared landing step: validated frames -> DuckDB raw tables, with checks and metadata.

A partial release is bad input too (a truncated download that still parses, a workbook
missing a sheet, a file without one WGI indicator). Each unpartitioned table is compared
with the published warehouse series by series (the `series` columns of its record in
sources/<name>/source.py: a WGI indicator, an IEA block, a WMD sheet): a series that
disappears, or that shrinks by more than MAX_SERIES_SHRINK (20%), fails the check naming
the series, its rows before and after. New series and growth are fine. A real change is
landed with the asset's config `allow_shrink`: `true` for every series, or a list of the
series names the refusal gives.

The writer lock is held only while the tables are written: downloading, parsing and
validating happen outside it (storage/writer_lock.py).
"""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import dagster as dg
import duckdb
import polars as pl

from orchestration.assets.step_process import die_with_parent, require_run_alive
from orchestration.resources import WarehouseResource
from sources.common.errors import SourceDataError
from sources.common.release import LoadedRelease
from sources.common.snapshot import read_manifest
from sources.common.source_record import Source
from sources.common.validation import ValidationFailed

RAW_SCHEMA = "raw"
VALID_CHECK = "source_files_valid"
SHRINK_LIMIT = 0.5  # partitioned landings (year_landing.py): a year file under half its rows
# an unpartitioned series losing more than this fraction of its published rows is refused:
# revisions move a series by a few rows; a lost fifth is a partial release
MAX_SERIES_SHRINK = 0.2
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
    "when a series the published warehouse has (an indicator, a block, a sheet) is missing "
    "or lost more than a fifth of its rows, unless the run's allow_shrink names it."
)
BAD_INPUT = (SourceDataError, ValidationFailed, FileNotFoundError, ValueError)


def snapshot_metadata(directory: Path, **extra: object) -> dict[str, object]:
    """Metadata of a landing from a bundled snapshot: every file's sha256 from its manifest."""
    files = {e.path: e.sha256 for e in read_manifest(directory)}
    return {"files_sha256": dg.MetadataValue.json(files), "source_dir": str(directory), **extra}


AllowShrink = bool | frozenset[str]  # True: every series; else the series names allowed


def allowed_shrinks(value: Any) -> AllowShrink:
    """The run config's `allow_shrink`: true/false, or a list of series names."""
    if isinstance(value, bool):
        return value
    if isinstance(value, list) and all(isinstance(name, str) for name in value):
        return frozenset(value)
    raise ValueError(
        f"allow_shrink: expected true, false or a list of series names (as a refusal "
        f"names them), got {value!r}"
    )


class ReleaseConfig(dg.Config):
    """Where a source's files come from: `snapshot` (the bundled files), `live` (downloaded
    from the publisher), or `directory` (a folder laid out like the snapshot). A release
    that lost series or rows is landed with `allow_shrink`: `true` (every series) or a list
    of the series names the refusal gives."""

    mode: str = "snapshot"
    directory: str | None = None
    # Any: Dagster config has no bool-or-list type; allowed_shrinks() checks it
    allow_shrink: Any = False


class DirectoryNotFound(FileNotFoundError):
    """The run's `directory:` names no folder."""


def release_dir(
    source: str, config: ReleaseConfig, snapshot_dir: Path, download: Callable[[], Path]
) -> Path:
    """The folder a landing reads: the configured one, the snapshot, or a live download."""
    if config.directory:
        directory = Path(config.directory)
        if not directory.is_dir():
            raise DirectoryNotFound(
                f"{source}: config directory {directory} is not a folder (mistyped?); "
                "expected a folder laid out like the bundled snapshot"
            )
        return directory
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
    """A release lost series or rows against what is published or landed."""


def series_name(values: Sequence[object], table: str) -> str:
    """How a refusal and `allow_shrink` name a series: its values joined by " / " (the
    table's name when the whole table is one series)."""
    return " / ".join(str(v) for v in values) or table


def published_series(published: Path, table: str, columns: Sequence[str]) -> dict[str, int] | None:
    """Rows per series of raw.<table> in the published warehouse; None when there is none
    to compare (no warehouse, no such table or columns yet)."""
    if not published.exists():
        return None
    keys = ", ".join(f'"{c}"' for c in columns)
    query = f'select {keys + ", " if keys else ""}count(*) from "{RAW_SCHEMA}"."{table}"'
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            rows = con.execute(query + (f" group by {keys}" if keys else "")).fetchall()
    except duckdb.Error:
        return None
    return {series_name(row[:-1], table): row[-1] for row in rows if row[-1]}


def release_series(frame: pl.DataFrame, table: str, columns: Sequence[str]) -> dict[str, int]:
    """Rows per series of an incoming frame."""
    if not columns:
        return {table: frame.height}
    counts = frame.group_by(columns).len()
    return {series_name(row[:-1], table): row[-1] for row in counts.iter_rows()}


def series_losses(before: Mapping[str, int], after: Mapping[str, int]) -> dict[str, str]:
    """Each series gone or down by more than MAX_SERIES_SHRINK: name -> 'before, after'."""
    return {
        name: f"{rows:,} rows published, "
        + ("gone" if name not in after else f"{after[name]:,} now ({after[name] / rows - 1:+.0%})")
        for name, rows in sorted(before.items())
        if after.get(name, 0) < (1 - MAX_SERIES_SHRINK) * rows
    }


def read_from(frame: pl.DataFrame) -> str:
    """ " (read from a.xlsx, b.csv)": the release files behind a landed frame, when it says."""
    if "source_file" not in frame.columns:
        return ""
    files = sorted(frame["source_file"].drop_nulls().unique().to_list())
    return f" (read from {', '.join(files)})" if files else ""


def check_series_kept(
    published: Path,
    source: Source,
    frames: Mapping[str, pl.DataFrame],
    allow_shrink: AllowShrink = False,
) -> None:
    """Refuse a release in which a published series disappears or shrinks by more than
    MAX_SERIES_SHRINK, unless `allow_shrink` is true or names the series."""
    if allow_shrink is True:
        return
    refused, names = [], []
    for table, frame in frames.items():
        columns = source.table(table).series
        before = published_series(published, table, columns)
        if before is None:
            continue
        kept = {name: rows for name, rows in before.items() if name not in (allow_shrink or ())}
        losses = series_losses(kept, release_series(frame, table, columns))
        if losses:
            what = f"series ({', '.join(columns)})" if columns else "whole table"
            listed = "; ".join(f'"{name}" {change}' for name, change in losses.items())
            refused.append(f"{RAW_SCHEMA}.{table} by {what}: {listed}{read_from(frame)}")
            names += losses
    if refused:
        raise SourceShrank(
            f"{source.name}: a series disappeared or lost more than {MAX_SERIES_SHRINK:.0%} "
            f"of its rows against the published warehouse ({' | '.join(refused)}); if the "
            f"source really changed, land it with config allow_shrink: {sorted(names)!r} "
            "(those series) or allow_shrink: true (every series)"
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


class Reuse(NamedTuple):
    """What a landing may keep: its tables, and the fingerprint of the release it would land
    (sources/common/fingerprint.py; computed when the landing starts, after any download)."""

    tables: Sequence[str]
    fingerprint: Callable[[], str]


def land_frames(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    source: Source,
    load: Callable[[], tuple[Mapping[str, pl.DataFrame], Mapping[str, object]]],
    *,
    allow_shrink: Any = False,
    reuse: Reuse | None = None,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Download, parse + validate everything first, outside the writer lock; land only
    when all of it is good, holding the lock while the tables are written.

    Bad input (and a lost series) fails the checks with the message (file, line, column;
    or table, series, before, after) and raises, so no table is touched and the warehouse
    keeps its last good state. With ``reuse``, tables landed from the same release files by
    the same parser, and unchanged since, are kept: the release is not parsed again.
    """
    die_with_parent()  # a multiprocess step dies with its run worker
    fingerprint = None
    try:
        if reuse is not None:
            fingerprint = reuse.fingerprint()
            kept = warehouse.landed_unchanged(RAW_SCHEMA, list(reuse.tables), fingerprint)
            if kept is not None:
                yield from kept_results(source, kept, fingerprint)
                return
        frames, metadata = load()
        check_series_kept(warehouse.paths.published, source, frames, allowed_shrinks(allow_shrink))
    except BAD_INPUT as exc:
        yield from fail_checks(context, exc)
    with warehouse.writing():
        require_run_alive(context)
        landed = {
            table: warehouse.land(RAW_SCHEMA, table, frame, fingerprint)
            for table, frame in frames.items()
        }
    for table, rows in landed.items():
        key = landing_key(source.name, table)
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={
                "rows": rows,
                "table": f"{RAW_SCHEMA}.{table}",
                **table_metadata(table, frames[table], rows),
                **metadata,
                **({"fingerprint": fingerprint} if fingerprint else {}),
            },
            check_results=[dg.AssetCheckResult(asset_key=key, check_name=VALID_CHECK, passed=True)],
        )


def kept_results(
    source: Source, kept: Mapping[str, int], fingerprint: str
) -> Iterator[dg.MaterializeResult]:
    """The materializations of tables kept as landed: same files, same parser, same rows."""
    note = (
        "kept: landed before from the same release files by the same parser (fingerprint "
        f"{fingerprint[:12]}), unchanged since (content hash checked); not parsed again"
    )
    for table, rows in kept.items():
        key = landing_key(source.name, table)
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={
                "rows": rows,
                "table": f"{RAW_SCHEMA}.{table}",
                ROW_COUNT: rows,
                "kept": note,
                "fingerprint": fingerprint,
            },
            check_results=[
                dg.AssetCheckResult(
                    asset_key=key, check_name=VALID_CHECK, passed=True, metadata={"kept": note}
                )
            ],
        )
