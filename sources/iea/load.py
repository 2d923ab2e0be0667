"""Load the IEA workbook (the bundled snapshot or a live download) as a validated table."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.common.release import LoadedRelease, checked_files, file_digests
from sources.common.validation import validate
from sources.iea.parse import SOURCE, parse_supply
from sources.iea.schema import MineralSupply, check_totals

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {"supply": "iea__mineral_supply"}
DATA_SUFFIX = ".xlsx"


def load_release(directory: Path = SNAPSHOT_DIR, *, edition: int | None = None) -> LoadedRelease:
    """Parse the supply sheet of every workbook below ``directory``, then validate the table."""
    directory = Path(directory)
    files = checked_files(SOURCE, directory, (DATA_SUFFIX,), edition=edition, edition_required=True)
    if not files:
        raise FileNotFoundError(f"{SOURCE}: no {DATA_SUFFIX} workbook in {directory}")
    frames = [parse_supply(path, edition=ed) for path, (_, ed) in files.items()]
    table = validate(SOURCE, TABLES["supply"], MineralSupply, pl.concat(frames))
    check_totals(table)
    return LoadedRelease(
        {"supply": table},
        file_digests(directory, files),
    )
