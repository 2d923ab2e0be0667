"""Load the bundled UN Comtrade extracts (checked against MANIFEST.csv) as one records table."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.common.snapshot import verify_manifest
from sources.common.validation import validate
from sources.comtrade.parse import SOURCE, read_records
from sources.comtrade.schema import ComtradeRecords

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
TABLE = "comtrade__trade_records"


def load_records(paths: list[Path]) -> pl.DataFrame:
    return validate(SOURCE, TABLE, ComtradeRecords, pl.concat([read_records(p) for p in paths]))


def load_snapshot(directory: Path = SNAPSHOT_DIR) -> pl.DataFrame:
    entries = verify_manifest(SOURCE, directory)
    return load_records([directory / e.path for e in entries])
