"""Load a directory of USGS MCS files (the bundled snapshot or a live download) as tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from sources.common.snapshot import MANIFEST_NAME, ManifestEntry, sha256_of, verify_manifest
from sources.common.validation import validate
from sources.usgs_mcs.parse import SOURCE, parse_file
from sources.usgs_mcs.schema import SCHEMAS

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
DATA_SUFFIXES = (".csv", ".xlsx")

TABLES = {
    "world": "usgs_mcs__world_production",
    "salient": "usgs_mcs__salient_statistics",
    "trends": "usgs_mcs__industry_trends",
    "import_sources": "usgs_mcs__import_sources",
}


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


def _checked_files(directory: Path) -> dict[Path, str]:
    """With a MANIFEST.csv every listed file must match it and no data file may be unlisted."""
    if not (directory / MANIFEST_NAME).exists():
        return {p: sha256_of(p) for p in _data_files(directory)}
    entries: list[ManifestEntry] = verify_manifest(SOURCE, directory)
    listed = {directory / e.path: e.sha256 for e in entries}
    unlisted = [p for p in _data_files(directory) if p not in listed]
    if unlisted:
        names = ", ".join(p.relative_to(directory).as_posix() for p in unlisted)
        raise FileNotFoundError(f"{SOURCE}: files not listed in MANIFEST.csv: {names}")
    return {p: sha for p, sha in listed.items() if p.suffix.lower() in DATA_SUFFIXES}


def load_release(directory: Path = SNAPSHOT_DIR) -> LoadedRelease:
    """Parse every data file below `directory`, then validate each table as a whole."""
    files = _checked_files(directory)
    parts: dict[str, list[pl.DataFrame]] = {kind: [] for kind in TABLES}
    for path in files:
        for kind, frame in parse_file(path):
            parts[kind].append(frame)
    tables = {
        kind: validate(SOURCE, TABLES[kind], SCHEMAS[kind], pl.concat(frames))
        for kind, frames in parts.items()
        if frames and any(f.height for f in frames)
    }
    return LoadedRelease(
        tables, {p.relative_to(directory).as_posix(): sha for p, sha in files.items()}
    )
