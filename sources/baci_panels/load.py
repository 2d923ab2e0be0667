"""Load the BACI panels (the bundled snapshot or a live download) as one table."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.baci_panels import countries
from sources.baci_panels.parse import EDITION, FILES, SOURCE, parse_panel
from sources.baci_panels.schema import PanelFlows
from sources.common.release import LoadedRelease, checked_files, file_digests
from sources.common.validation import validate

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {"flows": "baci_panels__trade_flows"}
DATA_SUFFIX = ".csv"


def load_release(directory: Path = SNAPSHOT_DIR, *, edition: int | None = None) -> LoadedRelease:
    """Parse the three panel files of ``directory`` and validate the table. Without a
    MANIFEST.csv (a live download) the files are ``edition`` (default 2026)."""
    directory = Path(directory)
    files = checked_files(SOURCE, directory, (DATA_SUFFIX,), edition=edition or EDITION)
    missing = sorted(set(FILES) - {p.name for p in files})
    if missing:
        raise FileNotFoundError(f"{SOURCE}: {', '.join(missing)} not in {directory}")
    known = countries.field_codes()
    frames = [parse_panel(p, edition=ed or EDITION, known=known) for p, (_, ed) in files.items()]
    table = validate(SOURCE, TABLES["flows"], PanelFlows, pl.concat(frames))
    return LoadedRelease({"flows": table}, file_digests(directory, files))
