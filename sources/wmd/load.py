"""Load World Mining Data workbooks (the bundled snapshot or a live download) as a table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from sources.common.snapshot import MANIFEST_NAME, sha256_of, verify_manifest
from sources.common.validation import validate
from sources.wmd.parse import SOURCE, parse_workbook
from sources.wmd.schema import Production

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {"production": "wmd__production"}
DATA_SUFFIX = ".xlsx"


@dataclass
class LoadedRelease:
    """Validated tables by kind, and the files they came from (path -> sha256)."""

    tables: dict[str, pl.DataFrame]
    files: dict[str, str] = field(default_factory=dict)

    def editions(self) -> list[int]:
        return sorted({e for t in self.tables.values() for e in t["edition"].unique()})


def _workbooks(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob(f"*{DATA_SUFFIX}") if p.is_file())


def checked_files(directory: Path) -> dict[Path, tuple[str, int | None]]:
    """path -> (sha256, edition). With a MANIFEST.csv every file must match it and be listed;
    without one (a live download) the edition is the one the header years imply."""
    if not (directory / MANIFEST_NAME).exists():
        return {p: (sha256_of(p), None) for p in _workbooks(directory)}
    entries = verify_manifest(SOURCE, directory)
    listed = {directory / e.path: (e.sha256, int(e.edition)) for e in entries}
    unlisted = [p for p in _workbooks(directory) if p not in listed]
    if unlisted:
        names = ", ".join(p.relative_to(directory).as_posix() for p in unlisted)
        raise FileNotFoundError(f"{SOURCE}: files not listed in MANIFEST.csv: {names}")
    return listed


def load_release(directory: Path = SNAPSHOT_DIR) -> LoadedRelease:
    """Parse every sheet of every workbook below ``directory``, then validate the table."""
    directory = Path(directory)
    files = checked_files(directory)
    if not files:
        raise FileNotFoundError(f"{SOURCE}: no {DATA_SUFFIX} workbook in {directory}")
    frames = [parse_workbook(path, edition=ed) for path, (_, ed) in files.items()]
    table = validate(SOURCE, TABLES["production"], Production, pl.concat(frames))
    editions = table.group_by("edition").agg(pl.col("source_file").n_unique().alias("n"))
    if editions["n"].max() > 1:
        raise ValueError(f"{SOURCE}: two workbooks of the same edition in {directory}")
    return LoadedRelease(
        {"production": table},
        {p.relative_to(directory).as_posix(): sha for p, (sha, _) in files.items()},
    )
