"""Shared landing step: validated frames -> DuckDB raw tables, with checks and metadata."""

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import dagster as dg
import polars as pl

from orchestration.resources import WarehouseResource
from sources.common.errors import SourceDataError
from sources.common.snapshot import read_manifest
from sources.common.validation import ValidationFailed

RAW_SCHEMA = "raw"
VALID_CHECK = "source_files_valid"
BAD_INPUT = (SourceDataError, ValidationFailed, FileNotFoundError, ValueError)


def snapshot_metadata(directory: Path, **extra: object) -> dict[str, object]:
    """Metadata of a landing from a bundled snapshot: every file's sha256 from its manifest."""
    files = {e.path: e.sha256 for e in read_manifest(directory)}
    return {"files_sha256": dg.MetadataValue.json(files), "source_dir": str(directory), **extra}


def landing_specs(
    group: str, tables: Mapping[str, str], source: str, descriptions: Mapping[str, str]
):
    """One AssetSpec per landed table (key: [source, table]), and a validity check for each."""
    specs = [
        dg.AssetSpec([source, table], group_name=group, description=descriptions[table])
        for table in tables.values()
    ]
    checks = [
        dg.AssetCheckSpec(VALID_CHECK, asset=spec.key, description="pandera + parse checks")
        for spec in specs
    ]
    return specs, checks


def land_frames(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    source: str,
    load: Callable[[], tuple[Mapping[str, pl.DataFrame], Mapping[str, object]]],
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Parse + validate everything first; land only when all of it is good.

    Bad input fails the checks with the parser's message (file, line, column) and raises,
    so no table is touched and the warehouse keeps its last good state.
    """
    try:
        frames, metadata = load()
    except BAD_INPUT as exc:
        for key in context.selected_asset_keys:
            yield dg.AssetCheckResult(
                asset_key=key,
                check_name=VALID_CHECK,
                passed=False,
                metadata={"error": dg.MetadataValue.md(f"```\n{exc}\n```")},
            )
        raise dg.Failure(description=str(exc)) from exc
    for table, frame in frames.items():
        key = dg.AssetKey([source, table])
        rows = warehouse.land(RAW_SCHEMA, table, frame)
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={"rows": rows, "table": f"{RAW_SCHEMA}.{table}", **metadata},
            check_results=[dg.AssetCheckResult(asset_key=key, check_name=VALID_CHECK, passed=True)],
        )
