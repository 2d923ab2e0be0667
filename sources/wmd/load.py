"""Load World Mining Data workbooks (the bundled snapshot or a live download) as a table."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.common.release import LoadedRelease, checked_files, file_digests
from sources.common.validation import validate
from sources.wmd.parse import SOURCE, parse_workbook
from sources.wmd.schema import Production

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {"production": "wmd__production"}
DATA_SUFFIX = ".xlsx"


def load_release(directory: Path = SNAPSHOT_DIR, *, edition: int | None = None) -> LoadedRelease:
    """Parse every sheet of every workbook below ``directory``, then validate the table.
    ``edition`` is unused: each workbook's edition comes from the manifest or its content."""
    directory = Path(directory)
    files = checked_files(SOURCE, directory, (DATA_SUFFIX,))
    if not files:
        raise FileNotFoundError(f"{SOURCE}: no {DATA_SUFFIX} workbook in {directory}")
    frames = [parse_workbook(path, edition=ed) for path, (_, ed) in files.items()]
    table = validate(SOURCE, TABLES["production"], Production, pl.concat(frames))
    editions = table.group_by("edition").agg(pl.col("source_file").n_unique().alias("n"))
    if editions["n"].max() > 1:
        raise ValueError(f"{SOURCE}: two workbooks of the same edition in {directory}")
    return LoadedRelease(
        {"production": table},
        file_digests(directory, files),
    )
