"""Load World Mining Data workbooks (the bundled snapshot or a live download) as tables:
table 6.4 workbooks (five years by country) into ``production``, table 6.5 workbooks (one
year's producers with WMD's shares and HHI) into ``shares``; a file's first title says which."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.common.release import LoadedRelease, checked_files, file_digests
from sources.common.validation import validate
from sources.wmd import shares
from sources.wmd.parse import SOURCE, first_title, parse_sheet, parse_workbook
from sources.wmd.schema import Production, Shares

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {"production": "wmd__production", "shares": "wmd__shares"}
SCHEMAS = {"production": Production, "shares": Shares}
PARSERS = {"production": parse_sheet, "shares": shares.parse_shares_sheet}
DATA_SUFFIX = ".xlsx"


def kind_of(path: Path) -> str:
    """``shares`` for a table 6.5 workbook, else ``production`` (whose parser refuses a file
    that is not table 6.4, naming its title)."""
    title = first_title(path) or ""
    return "shares" if title.startswith(shares.TITLE_START) else "production"


def load_release(directory: Path = SNAPSHOT_DIR, *, edition: int | None = None) -> LoadedRelease:
    """Parse every sheet of every workbook below ``directory``, then validate each table.
    ``edition`` is unused: each workbook's edition comes from the manifest or its content."""
    directory = Path(directory)
    files = checked_files(SOURCE, directory, (DATA_SUFFIX,))
    if not files:
        raise FileNotFoundError(f"{SOURCE}: no {DATA_SUFFIX} workbook in {directory}")
    frames: dict[str, list[pl.DataFrame]] = {}
    for path, (_, file_edition) in files.items():
        kind = kind_of(path)
        frame = parse_workbook(path, edition=file_edition, parse=PARSERS[kind])
        frames.setdefault(kind, []).append(frame)
    tables = {
        kind: validate(SOURCE, TABLES[kind], SCHEMAS[kind], pl.concat(parts))
        for kind, parts in frames.items()
    }
    for table in tables.values():
        per_edition = table.group_by("edition").agg(pl.col("source_file").n_unique().alias("n"))
        if per_edition["n"].max() > 1:
            raise ValueError(f"{SOURCE}: two workbooks of the same edition in {directory}")
    return LoadedRelease(tables, file_digests(directory, files))
