"""Load the WITS panels (the bundled snapshot or a live download): partner rows and World rows,
validated, and the partner sum checked against the World row of every workbook and year."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.common.errors import SourceDataError
from sources.common.release import LoadedRelease, checked_files, file_digests
from sources.common.validation import validate
from sources.wits_china_exports.parse import EDITION, SOURCE, parse_workbook
from sources.wits_china_exports.schema import PartnerFlows, WorldRows

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {
    "partner_flows": "wits_china_exports__partner_flows",
    "world_rows": "wits_china_exports__world_rows",
}
DATA_SUFFIX = ".xlsx"
# PROVENANCE (B4.2): partner sums differ from the World rows by at most 3.8e-7 (value) and
# 4.4e-6 (kg), relative: WITS rounds each row (1000 USD to 2 decimals, kg). The tolerances are
# those maxima rounded up to the next power of ten.
TOLERANCE = {"export_value_usd": 1e-6, "quantity_kg": 1e-5}


def check_world_rows(partners: pl.DataFrame, world: pl.DataFrame) -> None:
    """Every workbook-year has a World row and partner rows, and the partner sums equal the
    World row within :data:`TOLERANCE`; else an error naming file, year and both sums."""
    sums = partners.group_by("source_file", "hs6", "year").agg(
        pl.col(list(TOLERANCE)).sum(), pl.len().alias("n_partners")
    )
    joined = world.join(sums, on=["source_file", "hs6", "year"], how="full", suffix="_partners")
    for row in joined.sort("source_file", "year").iter_rows(named=True):
        file = row["source_file"] or row["source_file_partners"]
        year = row["year"] if row["year"] is not None else row["year_partners"]
        if row["n_partners"] is None or row["export_value_usd"] is None:
            has = "no partner rows" if row["n_partners"] is None else "no World row"
            raise SourceDataError(
                SOURCE, file, f"year {year} has {has}; expected both in every year"
            )
        for column, tolerance in TOLERANCE.items():
            world_total, partner_sum = row[column], row[f"{column}_partners"]
            if abs(partner_sum - world_total) > tolerance * abs(world_total):
                raise SourceDataError(
                    SOURCE,
                    file,
                    f"year {year}: the {row['n_partners']} partner rows sum to {column} "
                    f"{partner_sum:,.3f}, the World row says {world_total:,.3f}; expected "
                    f"equal within a relative {tolerance:g}",
                    column=column,
                )


def load_release(directory: Path = SNAPSHOT_DIR, *, edition: int | None = None) -> LoadedRelease:
    """Parse every workbook below ``directory``, validate both tables, check the World rows.
    Without a MANIFEST.csv (a live download) the files are ``edition`` (default 2026)."""
    directory = Path(directory)
    files = checked_files(SOURCE, directory, (DATA_SUFFIX,), edition=edition or EDITION)
    if not files:
        raise FileNotFoundError(f"{SOURCE}: no {DATA_SUFFIX} workbook in {directory}")
    parsed = [parse_workbook(path, edition=ed or EDITION) for path, (_, ed) in files.items()]
    partners = pl.concat([p for p, _ in parsed])
    world = pl.concat([w for _, w in parsed])
    for frame in (partners, world):
        codes = frame.group_by("source_file").agg(pl.col("hs6").unique())
        for file, hs6 in codes.filter(pl.col("hs6").list.len() > 1).iter_rows():
            raise SourceDataError(SOURCE, file, f"HS codes {sorted(hs6)}; expected one")
    partners = validate(SOURCE, TABLES["partner_flows"], PartnerFlows, partners)
    world = validate(SOURCE, TABLES["world_rows"], WorldRows, world)
    check_world_rows(partners, world)
    return LoadedRelease(
        {"partner_flows": partners, "world_rows": world}, file_digests(directory, files)
    )
