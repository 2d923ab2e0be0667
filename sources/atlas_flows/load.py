"""Load the atlas year files (the bundled snapshot or a live download) as one table."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.atlas_flows.atlas import EDITION
from sources.atlas_flows.parse import SOURCE, parse_file
from sources.atlas_flows.schema import FlowEntries
from sources.common.http import SIDECAR_SUFFIX
from sources.common.release import LoadedRelease, checked_files, file_digests
from sources.common.validation import validate

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {"flows": "atlas_flows__flows"}
DATA_SUFFIX = ".json"


def load_release(directory: Path = SNAPSHOT_DIR, *, edition: int | None = None) -> LoadedRelease:
    """Parse every year file below ``directory``, then validate the table. Without a
    MANIFEST.csv (a live download) the files are ``edition`` (default: 2026, BACI V202601)."""
    directory = Path(directory)
    files = checked_files(SOURCE, directory, (DATA_SUFFIX,), edition=edition or EDITION)
    # a live download keeps a provenance sidecar (JSON too) beside each file
    files = {p: entry for p, entry in files.items() if not p.name.endswith(SIDECAR_SUFFIX)}
    if not files:
        raise FileNotFoundError(f"{SOURCE}: no flows_<year>.json file in {directory}")
    frames = [parse_file(path, edition=ed or EDITION) for path, (_, ed) in files.items()]
    table = validate(SOURCE, TABLES["flows"], FlowEntries, pl.concat(frames))
    return LoadedRelease({"flows": table}, file_digests(directory, files))
