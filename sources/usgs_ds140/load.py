"""Load a DS140 release (the bundled snapshot or a live download) as three tables.

A release folder holds ``catalog.json``, ``commodities/<id>.json`` (any subset of the
library's 92) and ``workbooks/*.xlsx`` (full USGS workbooks). Every library file must be
listed in the catalog with the same observation count, so a truncated or foreign file is
refused by name.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import polars as pl

from sources.common.errors import SourceDataError
from sources.common.http import SIDECAR_SUFFIX
from sources.common.release import LoadedRelease, checked_files, file_digests
from sources.common.validation import validate
from sources.usgs_ds140.parse import (
    CATALOG,
    LIBRARY_EDITION,
    SOURCE,
    parse_catalog,
    parse_commodity,
    parse_workbook,
    workbook_name_parts,
)
from sources.usgs_ds140.schema import Commodities, Measures, Observations

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {
    "observations": "usgs_ds140__observations",
    "measures": "usgs_ds140__measures",
    "commodities": "usgs_ds140__commodities",
}
SUFFIXES = (".json", ".xlsx")


def _edition(path: Path, listed: int | None, edition: int | None) -> int:
    if listed is not None:
        return listed
    if path.suffix == ".xlsx":
        return workbook_name_parts(path.name)[1]
    return edition or LIBRARY_EDITION


def load_release(
    directory: Path = SNAPSHOT_DIR,
    editions: Collection[int] | None = None,
    *,
    edition: int | None = None,
) -> LoadedRelease:
    """Parse the catalog, every library file and every workbook below ``directory`` (of
    ``editions`` only, if given), check the library against its catalog, then validate.
    Without a MANIFEST.csv (a live download) the library is ``edition`` (default 2026) and a
    workbook the year its name gives."""
    directory = Path(directory)
    files = {
        p: entry
        for p, entry in checked_files(SOURCE, directory, SUFFIXES).items()
        if not p.name.endswith(SIDECAR_SUFFIX)  # a download's provenance sidecars
    }
    if not (directory / CATALOG).exists():
        raise FileNotFoundError(f"{SOURCE}: no {CATALOG} in {directory}")
    files = {p: (sha, _edition(p, ed, edition)) for p, (sha, ed) in files.items()}
    if editions is not None:
        files = {p: entry for p, entry in files.items() if entry[1] in editions}
        if not files:
            return LoadedRelease({}, {})
    observations, measures, commodities = [], [], []
    for path, (_, file_edition) in sorted(files.items()):
        name = path.relative_to(directory).as_posix()
        if path.name == CATALOG:
            commodities.append(parse_catalog(path, name, edition=file_edition))
        elif path.suffix == ".json":
            found = parse_commodity(path, name, edition=file_edition)
            observations.append(found[0])
            measures.append(found[1])
        else:
            found = parse_workbook(path, name, edition=file_edition)
            observations.append(found[0])
            measures.append(found[1])
    tables = {
        "observations": validate(
            SOURCE, TABLES["observations"], Observations, pl.concat(observations)
        ),
        "measures": validate(SOURCE, TABLES["measures"], Measures, pl.concat(measures)),
    }
    if commodities:
        tables["commodities"] = validate(
            SOURCE, TABLES["commodities"], Commodities, pl.concat(commodities)
        )
        check_against_catalog(tables["observations"], tables["commodities"])
    return LoadedRelease(tables, file_digests(directory, files))


def check_against_catalog(observations: pl.DataFrame, catalog: pl.DataFrame) -> None:
    """Every library file is a commodity of the catalog, named by its id, with the catalog's
    observation count."""
    library = observations.filter(pl.col("source_file").str.ends_with(".json"))
    counts = library.group_by("source_file", "commodity").len().sort("source_file")
    listed = dict(zip(catalog["commodity"], catalog["observation_count"], strict=True))
    for file, commodity, count in counts.iter_rows():
        if Path(file).stem != commodity:
            raise SourceDataError(
                SOURCE, file, f"holds commodity {commodity!r}; expected {Path(file).stem!r}"
            )
        if commodity not in listed:
            raise SourceDataError(SOURCE, file, f"commodity {commodity!r} is not in {CATALOG}")
        if listed[commodity] != count:
            raise SourceDataError(
                SOURCE,
                file,
                f"{count} observations; {CATALOG} lists {listed[commodity]} for {commodity!r}",
            )
