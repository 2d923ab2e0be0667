"""Load the BACI ASEAN file (the bundled snapshot or a live download) as one table."""

from __future__ import annotations

from pathlib import Path

from sources.baci_asean.parse import EDITION, SOURCE, parse_file
from sources.baci_asean.schema import AseanFlows
from sources.common.release import LoadedRelease, checked_files, file_digests
from sources.common.validation import validate

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {"flows": "baci_asean__trade_flows"}
FILE_NAME = "baci-asean-minerals-bilateral-2010-2024.csv"


def load_release(directory: Path = SNAPSHOT_DIR, *, edition: int | None = None) -> LoadedRelease:
    """Parse the ASEAN file of ``directory`` and validate it. Without a MANIFEST.csv (a live
    download) the file is ``edition`` (default 2026)."""
    directory = Path(directory)
    files = checked_files(SOURCE, directory, (".csv",), edition=edition or EDITION)
    names = sorted(p.name for p in files)
    if names != [FILE_NAME]:
        raise FileNotFoundError(
            f"{SOURCE}: expected only {FILE_NAME} in {directory}, found {names}"
        )
    ((path, (_, file_edition)),) = files.items()
    table = parse_file(path, edition=file_edition or EDITION)
    return LoadedRelease(
        {"flows": validate(SOURCE, TABLES["flows"], AseanFlows, table)},
        file_digests(directory, files),
    )
