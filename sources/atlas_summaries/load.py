"""Load the atlas trade summaries (the bundled snapshot or a live download) as two tables."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.atlas_summaries.parse import EDITION, SOURCE, parse_file
from sources.atlas_summaries.schema import TopPartners, WorldTotals
from sources.common.http import SIDECAR_SUFFIX
from sources.common.release import LoadedRelease, checked_files, file_digests
from sources.common.validation import validate

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {
    "world_totals": "atlas_summaries__world_totals",
    "top_partners": "atlas_summaries__top_partners",
}
SCHEMAS = {"world_totals": WorldTotals, "top_partners": TopPartners}
DATA_SUFFIX = ".json"


def load_release(directory: Path = SNAPSHOT_DIR, *, edition: int | None = None) -> LoadedRelease:
    """Parse every summary file below ``directory`` and validate both tables (a code in two
    files fails the uniqueness of hs6 x year)."""
    directory = Path(directory)
    files = checked_files(SOURCE, directory, (DATA_SUFFIX,), edition=edition or EDITION)
    # a download's sidecars (<name>.provenance.json) are JSON too, but not data
    files = {p: e for p, e in files.items() if not p.name.endswith(SIDECAR_SUFFIX)}
    if not files:
        raise FileNotFoundError(f"{SOURCE}: no {DATA_SUFFIX} file in {directory}")
    parsed = [parse_file(path, edition=ed or EDITION) for path, (_, ed) in files.items()]
    tables = {
        kind: validate(SOURCE, TABLES[kind], SCHEMAS[kind], pl.concat([p[kind] for p in parsed]))
        for kind in TABLES
    }
    return LoadedRelease(tables, file_digests(directory, files))
