"""Load the Pink Sheet monthly workbook (the bundled snapshot or a live download)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.common.release import LoadedRelease, checked_files, file_digests
from sources.common.validation import validate
from sources.wb_pink_sheet.parse import SOURCE, parse_workbook
from sources.wb_pink_sheet.schema import MonthlyPrices

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {"monthly_prices": "wb_pink_sheet__monthly_prices"}
DATA_SUFFIX = ".xlsx"


def load_release(directory: Path = SNAPSHOT_DIR, *, edition: int | None = None) -> LoadedRelease:
    """Parse every workbook below ``directory``, then validate the table. The edition is the
    year of the workbook's release date (row 4); a MANIFEST.csv or ``edition`` that says
    otherwise is an error."""
    directory = Path(directory)
    files = checked_files(SOURCE, directory, (DATA_SUFFIX,), edition=edition)
    if not files:
        raise FileNotFoundError(f"{SOURCE}: no {DATA_SUFFIX} workbook in {directory}")
    frames = []
    for path, (_, stated) in files.items():
        frame = parse_workbook(path)
        released = frame["edition"][0]
        if stated is not None and stated != released:
            raise ValueError(
                f"{SOURCE}: {path.name} was released in {released} (row 4), "
                f"but is filed as edition {stated}"
            )
        frames.append(frame)
    table = validate(SOURCE, TABLES["monthly_prices"], MonthlyPrices, pl.concat(frames))
    if table.select("edition", "source_file").unique().height != table["edition"].n_unique():
        raise ValueError(f"{SOURCE}: two workbooks of the same edition in {directory}")
    return LoadedRelease({"monthly_prices": table}, file_digests(directory, files))
