"""A source's release folder (the bundled snapshot or a download): which files, checked how.

With a MANIFEST.csv every listed file must match its sha256 and no data file may be
unlisted; without one (a live download) every data file is read, with the edition the caller
gives. Shared by every source's load.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from sources.common.files import sha256_of
from sources.common.snapshot import MANIFEST_NAME, verify_manifest


@dataclass
class LoadedRelease:
    """Validated tables by kind, and the files they came from (path -> sha256)."""

    tables: dict[str, pl.DataFrame]
    files: dict[str, str] = field(default_factory=dict)

    def editions(self) -> list[int]:
        return sorted({e for t in self.tables.values() for e in t["edition"].unique()})


def data_files(directory: Path, suffixes: Iterable[str]) -> list[Path]:
    suffixes = tuple(suffixes)
    return sorted(
        p
        for p in directory.rglob("*")
        if p.is_file() and p.suffix.lower() in suffixes and p.name != MANIFEST_NAME
    )


def checked_files(
    source: str,
    directory: Path,
    suffixes: Iterable[str],
    *,
    edition: int | None = None,
    edition_required: bool = False,
) -> dict[Path, tuple[str, int | None]]:
    """path -> (sha256, edition) of every data file of the release."""
    suffixes = tuple(suffixes)
    if not (directory / MANIFEST_NAME).exists():
        if edition_required and edition is None:
            raise FileNotFoundError(
                f"{source}: {directory} has no {MANIFEST_NAME}; pass the edition of its files"
            )
        return {p: (sha256_of(p), edition) for p in data_files(directory, suffixes)}
    entries = verify_manifest(source, directory)
    listed = {
        directory / e.path: (e.sha256, int(e.edition) if e.edition else None) for e in entries
    }
    unlisted = [p for p in data_files(directory, suffixes) if p not in listed]
    if unlisted:
        names = ", ".join(p.relative_to(directory).as_posix() for p in unlisted)
        raise FileNotFoundError(f"{source}: files not listed in {MANIFEST_NAME}: {names}")
    return {p: entry for p, entry in listed.items() if p.suffix.lower() in suffixes}


def file_digests(directory: Path, files: dict[Path, tuple[str, int | None]]) -> dict[str, str]:
    """relative path -> sha256, for the landing metadata."""
    return {p.relative_to(directory).as_posix(): sha for p, (sha, _) in files.items()}
