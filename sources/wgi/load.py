"""Load the WGI (the bundled 2023-update workbook, a live download or a folder) as a
validated table."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.common.release import LoadedRelease, checked_files, file_digests
from sources.common.validation import validate
from sources.wgi.parse import SOURCE, parse_file
from sources.wgi.schema import GovernanceIndicators, check_estimates_in_range

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {"indicators": "wgi__governance_indicators"}
DATA_SUFFIXES = (".xlsx", ".csv")


def load_release(directory: Path = SNAPSHOT_DIR, *, edition: int | None = None) -> LoadedRelease:
    """Parse every WGI file below ``directory`` (either layout), then validate the table."""
    directory = Path(directory)
    files = checked_files(SOURCE, directory, DATA_SUFFIXES, edition=edition, edition_required=True)
    if not files:
        raise FileNotFoundError(f"{SOURCE}: no .xlsx or .csv file in {directory}")
    frames = [parse_file(path, edition=ed) for path, (_, ed) in files.items()]
    table = validate(SOURCE, TABLES["indicators"], GovernanceIndicators, pl.concat(frames))
    check_estimates_in_range(table)
    return LoadedRelease(
        {"indicators": table},
        file_digests(directory, files),
    )
