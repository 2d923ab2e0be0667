"""Load the WMD 1984-2017 compilation (the bundled snapshot or a live download) as a table."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import polars as pl

from sources.common.release import LoadedRelease, checked_files, file_digests
from sources.common.validation import validate
from sources.wmd_history.parse import EDITION, SOURCE, parse_workbook
from sources.wmd_history.schema import Production

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {"production": "wmd_history__production"}
DATA_SUFFIX = ".xlsx"


def load_release(
    directory: Path = SNAPSHOT_DIR,
    editions: Collection[int] | None = None,
    *,
    edition: int | None = None,
) -> LoadedRelease:
    """Parse every workbook below ``directory`` (of ``editions`` only, if given), then validate
    the table. Without a MANIFEST.csv (a live download) a workbook is ``edition`` (default
    2019)."""
    directory = Path(directory)
    files = checked_files(SOURCE, directory, (DATA_SUFFIX,), edition=edition or EDITION)
    if not files:
        raise FileNotFoundError(f"{SOURCE}: no {DATA_SUFFIX} workbook in {directory}")
    if editions is not None:
        files = {p: (sha, ed) for p, (sha, ed) in files.items() if (ed or EDITION) in editions}
        if not files:  # none of the asked editions here: no table (as usgs_mcs)
            return LoadedRelease({}, {})
    frames = [parse_workbook(path, edition=ed or EDITION) for path, (_, ed) in files.items()]
    table = validate(SOURCE, TABLES["production"], Production, pl.concat(frames))
    per_edition = table.group_by("edition").agg(pl.col("source_file").n_unique().alias("n"))
    if per_edition["n"].max() > 1:
        raise ValueError(f"{SOURCE}: two workbooks of the same edition in {directory}")
    return LoadedRelease({"production": table}, file_digests(directory, files))
