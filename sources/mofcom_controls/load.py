"""Load the re-keyed MOFCOM item table (the bundled snapshot or a live-checked copy)."""

from __future__ import annotations

from pathlib import Path

from sources.common.release import LoadedRelease, checked_files, file_digests
from sources.common.validation import validate
from sources.mofcom_controls.parse import SOURCE, parse_items
from sources.mofcom_controls.schema import Items

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {"items": "mofcom_controls__items"}
FILE_NAME = "mofcom_items.csv"
# data as of the carrying repository's README (2026-07-02); the last notice is of 2025-11-07
EDITION = 2026


def load_release(directory: Path = SNAPSHOT_DIR, *, edition: int | None = None) -> LoadedRelease:
    """Parse and validate the item table in ``directory`` (one CSV)."""
    directory = Path(directory)
    files = checked_files(SOURCE, directory, (".csv",), edition=edition or EDITION)
    if len(files) != 1:
        names = ", ".join(p.name for p in files) or "none"
        raise FileNotFoundError(f"{SOURCE}: expected one {FILE_NAME} in {directory}, got {names}")
    ((path, (_, file_edition)),) = files.items()
    table = parse_items(path, edition=file_edition or EDITION)
    table = validate(SOURCE, TABLES["items"], Items, table)
    return LoadedRelease({"items": table}, file_digests(directory, files))
