"""Load the USGS Minerals Yearbook world tables (the bundled snapshot or a download)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.common.release import LoadedRelease, checked_files, file_digests
from sources.common.validation import validate
from sources.usgs_myb.parse import SOURCE, edition_of, parse_workbook
from sources.usgs_myb.schema import WorldCells

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {"world": "usgs_myb__world_cells"}
DATA_SUFFIXES = (".xlsx", ".xls")


def load_release(directory: Path = SNAPSHOT_DIR, *, edition: int | None = None) -> LoadedRelease:
    """Parse every workbook below ``directory`` and validate the table. The edition of a file
    is its manifest's, else ``edition``, else what its name says (``myb1-2019-...``)."""
    directory = Path(directory)
    files = checked_files(SOURCE, directory, DATA_SUFFIXES, edition=edition)
    if not files:
        raise FileNotFoundError(f"{SOURCE}: no .xlsx or .xls workbook in {directory}")
    frames = [parse_workbook(p, edition=ed or edition_of(p)) for p, (_, ed) in files.items()]
    table = validate(SOURCE, TABLES["world"], WorldCells, pl.concat(frames))
    return LoadedRelease({"world": table}, file_digests(directory, files))
