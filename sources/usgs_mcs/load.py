"""Load a directory of USGS MCS files (the bundled snapshot or a live download) as tables."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import polars as pl

from sources.common.release import LoadedRelease, checked_files, file_digests
from sources.common.validation import validate
from sources.usgs_mcs.parse import SOURCE, parse_file
from sources.usgs_mcs.schema import SCHEMAS
from sources.usgs_mcs.table import edition_of

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
DATA_SUFFIXES = (".csv", ".xlsx")

TABLES = {
    "world": "usgs_mcs__world_production",
    "salient": "usgs_mcs__salient_statistics",
    "trends": "usgs_mcs__industry_trends",
    "import_sources": "usgs_mcs__import_sources",
}


def load_release(
    directory: Path = SNAPSHOT_DIR, editions: Collection[int] | None = None
) -> LoadedRelease:
    """Parse every data file below `directory` (of `editions` only, if given), then validate
    each table as a whole."""
    files = checked_files(SOURCE, directory, DATA_SUFFIXES)
    if editions is not None:
        files = {path: entry for path, entry in files.items() if edition_of(path) in editions}
    parts: dict[str, list[pl.DataFrame]] = {kind: [] for kind in TABLES}
    for path in files:
        for kind, frame in parse_file(path):
            parts[kind].append(frame)
    tables = {
        kind: validate(SOURCE, TABLES[kind], SCHEMAS[kind], pl.concat(frames))
        for kind, frames in parts.items()
        if frames and any(f.height for f in frames)
    }
    return LoadedRelease(tables, file_digests(directory, files))


def empty_table(kind: str) -> pl.DataFrame:
    """A table without rows, typed as its pandera schema says (an edition without it)."""
    columns = SCHEMAS[kind].to_schema().columns
    return pl.DataFrame(schema={name: column.dtype.type for name, column in columns.items()})
