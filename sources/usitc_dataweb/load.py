"""Load the two USITC DataWeb workbooks (the bundled snapshot or a live download) as tables."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.common.release import LoadedRelease, checked_files, file_digests
from sources.common.validation import validate
from sources.usitc_dataweb.parse import SOURCE, parse_workbook
from sources.usitc_dataweb.schema import TradeCells

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {"annual": "usitc_dataweb__trade_annual", "ytd": "usitc_dataweb__trade_ytd"}
DATA_SUFFIX = ".xlsx"


def load_release(directory: Path = SNAPSHOT_DIR, *, edition: int | None = None) -> LoadedRelease:
    """Parse both workbooks below ``directory`` and validate each table. Without a
    MANIFEST.csv (a live download) the edition is ``edition``, else the download year."""
    directory = Path(directory)
    files = checked_files(SOURCE, directory, (DATA_SUFFIX,), edition=edition)
    if not files:
        raise FileNotFoundError(f"{SOURCE}: no {DATA_SUFFIX} workbook in {directory}")
    parsed = [parse_workbook(path, edition=ed) for path, (_, ed) in files.items()]
    flows = sorted(p["annual"]["flow"].unique().item() for p in parsed)
    if flows != ["exports", "imports"]:
        raise ValueError(f"{SOURCE}: expected one imports and one exports workbook, got {flows}")
    tables = {
        kind: validate(SOURCE, TABLES[kind], TradeCells, pl.concat([p[kind] for p in parsed]))
        for kind in TABLES
    }
    return LoadedRelease(tables, file_digests(directory, files))
