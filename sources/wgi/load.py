"""Load the WGI (the bundled 2023-update workbook, a live download or a folder) as a
validated table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from sources.common.snapshot import MANIFEST_NAME, sha256_of, verify_manifest
from sources.common.validation import validate
from sources.wgi.parse import SOURCE, parse_file
from sources.wgi.schema import GovernanceIndicators

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {"indicators": "wgi__governance_indicators"}
DATA_SUFFIXES = (".xlsx", ".csv")


@dataclass
class LoadedRelease:
    """Validated tables by kind, and the files they came from (path -> sha256)."""

    tables: dict[str, pl.DataFrame]
    files: dict[str, str] = field(default_factory=dict)

    def editions(self) -> list[int]:
        return sorted({e for t in self.tables.values() for e in t["edition"].unique()})


def _data_files(directory: Path) -> list[Path]:
    return sorted(
        p
        for p in directory.rglob("*")
        if p.is_file() and p.suffix.lower() in DATA_SUFFIXES and p.name != MANIFEST_NAME
    )


def checked_files(directory: Path, edition: int | None) -> dict[Path, tuple[str, int]]:
    """path -> (sha256, edition). With a MANIFEST.csv every file must match it and be listed;
    without one (a live download) every file is read as ``edition``."""
    if not (directory / MANIFEST_NAME).exists():
        if edition is None:
            raise FileNotFoundError(
                f"{SOURCE}: {directory} has no {MANIFEST_NAME}; pass the edition of its files"
            )
        return {p: (sha256_of(p), edition) for p in _data_files(directory)}
    entries = verify_manifest(SOURCE, directory)
    listed = {directory / e.path: (e.sha256, int(e.edition)) for e in entries}
    unlisted = [p for p in _data_files(directory) if p not in listed]
    if unlisted:
        names = ", ".join(p.relative_to(directory).as_posix() for p in unlisted)
        raise FileNotFoundError(f"{SOURCE}: files not listed in MANIFEST.csv: {names}")
    return listed


def load_release(directory: Path = SNAPSHOT_DIR, *, edition: int | None = None) -> LoadedRelease:
    """Parse every WGI file below ``directory`` (either layout), then validate the table."""
    directory = Path(directory)
    files = checked_files(directory, edition)
    if not files:
        raise FileNotFoundError(f"{SOURCE}: no .xlsx or .csv file in {directory}")
    frames = [parse_file(path, edition=ed) for path, (_, ed) in files.items()]
    table = validate(SOURCE, TABLES["indicators"], GovernanceIndicators, pl.concat(frames))
    return LoadedRelease(
        {"indicators": table},
        {p.relative_to(directory).as_posix(): sha for p, (sha, _) in files.items()},
    )
