"""Load China's HS 2846 import records (the bundled snapshot or a live download): every year
file checked against the carrying repository's manifest.json (sha256, bytes) when present,
validated, and the partner sum checked against the World row of every year (exactly)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from sources.common.errors import SourceDataError
from sources.common.files import sha256_of
from sources.common.http import SIDECAR_SUFFIX
from sources.common.release import LoadedRelease, checked_files, file_digests
from sources.common.validation import validate
from sources.comtrade_china_imports.parse import EDITION, SOURCE, parse_json
from sources.comtrade_china_imports.schema import ImportRecords

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLES = {"records": "comtrade_china_imports__records"}
MANIFEST_JSON = "manifest.json"  # the carrying repository's: per-file sha256, bytes, URL
METADATA_JSON = "publication_metadata.json"  # Comtrade's publication notes (not landed)
WORLD_CODE = 0


def year_files(files: dict[Path, tuple[str, int | None]]) -> dict[Path, tuple[str, int | None]]:
    """The year files (``YYYY.json``); another JSON file than the repository's two and the
    downloads' provenance sidecars is an error."""
    out = {}
    for path, entry in sorted(files.items()):
        if path.stem.isdigit() and len(path.stem) == 4:
            out[path] = entry
        elif path.name not in (MANIFEST_JSON, METADATA_JSON) and not path.name.endswith(
            SIDECAR_SUFFIX
        ):
            raise SourceDataError(SOURCE, path.name, "unexpected file; expected YYYY.json")
    return out


def manifest_files(directory: Path) -> dict[str, dict]:
    """file name -> entry of manifest.json (empty without one: a live download)."""
    path = directory / MANIFEST_JSON
    if not path.exists():
        return {}
    try:
        entries = json.loads(path.read_bytes())["files"]
        return {entry["file"]: entry for entry in entries}
    except (ValueError, KeyError, TypeError) as exc:
        raise SourceDataError(
            SOURCE, MANIFEST_JSON, f"unreadable ({exc!r}); expected 'files': [{{'file', ...}}]"
        ) from exc


def check_against_manifest(directory: Path, years: list[Path]) -> None:
    """Each year file has the sha256 and bytes manifest.json records, and every listed file
    is there."""
    listed = manifest_files(directory)
    if not listed:
        return
    names = {p.name for p in years}
    missing = sorted(set(listed) - names)
    if missing:
        raise SourceDataError(SOURCE, MANIFEST_JSON, f"lists {missing} but they are missing")
    for path in years:
        entry = listed.get(path.name)
        if entry is None:
            raise SourceDataError(SOURCE, path.name, f"not listed in {MANIFEST_JSON}")
        sha256, size = sha256_of(path), path.stat().st_size
        if (sha256, size) != (entry.get("sha256"), entry.get("bytes")):
            raise SourceDataError(
                SOURCE,
                path.name,
                f"sha256 {sha256} ({size:,} bytes) differs from {MANIFEST_JSON}'s "
                f"{entry.get('sha256')} ({entry.get('bytes')} bytes)",
            )


def check_world_rows(records: pl.DataFrame) -> None:
    """Each year has one World row and the partner values sum to it exactly; else an error
    naming the file, the year and both sums."""
    is_world = pl.col("partner_code") == WORLD_CODE
    years = records.group_by("source_file", "year").agg(
        is_world.sum().alias("n_world"),
        pl.col("value_usd").filter(is_world).sum().alias("world"),
        pl.col("value_usd").filter(~is_world).sum().alias("partners"),
        (~is_world).sum().alias("n_partners"),
    )
    for row in years.sort("year").iter_rows(named=True):
        if row["n_world"] != 1:
            raise SourceDataError(
                SOURCE,
                row["source_file"],
                f"year {row['year']}: {row['n_world']} World rows (partnerCode 0); expected 1",
            )
        if row["partners"] != row["world"]:
            raise SourceDataError(
                SOURCE,
                row["source_file"],
                f"year {row['year']}: the {row['n_partners']} partner records sum to "
                f"primaryValue {row['partners']:,.0f}, the World row says {row['world']:,.0f}; "
                "expected equal",
                column="primaryValue",
            )


def load_release(directory: Path = SNAPSHOT_DIR, *, edition: int | None = None) -> LoadedRelease:
    """Parse every year file below ``directory``, check it against manifest.json, validate,
    check the World rows. Without a MANIFEST.csv (a live download) files are ``edition``
    (default 2026)."""
    directory = Path(directory)
    files = year_files(checked_files(SOURCE, directory, (".json",), edition=edition or EDITION))
    if not files:
        raise FileNotFoundError(f"{SOURCE}: no YYYY.json file in {directory}")
    check_against_manifest(directory, list(files))
    frames = [
        parse_json(path.name, path.read_bytes(), edition=ed or EDITION)
        for path, (_, ed) in files.items()
    ]
    records = validate(SOURCE, TABLES["records"], ImportRecords, pl.concat(frames))
    check_world_rows(records)
    return LoadedRelease({"records": records}, file_digests(directory, files))
