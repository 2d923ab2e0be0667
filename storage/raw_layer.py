"""The raw layer of partitioned sources: one immutable Parquet file per partition (no Dagster).

    $MINERALS_WAREHOUSE_DIR/raw/<source>/<table>/year=YYYY/<table>-YYYY.parquet
                                                          /<table>-YYYY.provenance.json
    (USGS MCS: .../usgs_mcs/<table>/edition=YYYY/<table>-YYYY.parquet)

Each partition is written to a temporary file in its own folder and renamed over the old one
(atomic on one file system), so parallel workers never need the DuckDB writer lock and a
reader (dbt) sees the old file or the new one, never half of one. Re-landing a year replaces
that year's file only. dbt reads every file of a table (read_parquet over the glob, see
dbt_project/models/staging/baci/_baci__sources.yml); raw_ledger.py lists what each landing
wrote, and nothing else is built or published.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from sources.common.files import atomic_path


def table_dir(raw_root: Path, source: str, table: str) -> Path:
    return raw_root / source / table


def partition_file(
    raw_root: Path, source: str, table: str, year: int | str, key: str = "year"
) -> Path:
    folder = table_dir(raw_root, source, table) / f"{key}={year}"
    return folder / f"{table}-{year}.parquet"


def provenance_file(data_file: Path) -> Path:
    return data_file.with_suffix(".provenance.json")


def partition_rows(path: Path) -> int | None:
    """Rows of a landed partition file (from its footer); None when there is none."""
    if not path.exists():
        return None
    return pl.scan_parquet(path).select(pl.len()).collect().item()  # the footer's count


def write_partition(path: Path, frame: pl.DataFrame, provenance: Mapping[str, object]) -> Path:
    """Write ``frame`` to ``path`` atomically, its provenance sidecar beside it: both are
    written whole before either is renamed into place."""
    sidecar_text = json.dumps(dict(provenance), indent=2, default=str)
    with atomic_path(path) as partial, atomic_path(provenance_file(path)) as sidecar_partial:
        frame.write_parquet(partial, compression="zstd", statistics=True)
        sidecar_partial.write_text(sidecar_text, encoding="utf-8")
    return path
