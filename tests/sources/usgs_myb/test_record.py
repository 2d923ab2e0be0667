"""The usgs_myb record, its snapshot and its reviewed seeds agree with each other."""

from __future__ import annotations

import csv
from pathlib import Path

from sources.registry import REGISTERED, sources_of
from sources.usgs_myb.download import snapshot_files
from sources.usgs_myb.load import SNAPSHOT_DIR, TABLES
from sources.usgs_myb.parse import parse_workbook
from sources.usgs_myb.source import SOURCE

SEEDS = Path(__file__).parents[3] / "dbt_project" / "seeds" / "usgs_myb"


def series_rows() -> list[dict]:
    with (SEEDS / "usgs_myb_series.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_registered_with_preference_two():
    assert "usgs_myb" in REGISTERED
    ranks = {s.name: s.preference for s in sources_of("production")}
    assert ranks["usgs_mcs"] < ranks["usgs_myb"] < ranks["wmd"] < ranks["iea"]
    assert ranks["iea"] < ranks["wmd_history"] and len(set(ranks.values())) == len(ranks)
    assert {t.name for t in SOURCE.tables} == set(TABLES.values())


def test_series_seed_speaks_the_record_vocabulary():
    mapped = [r for r in series_rows() if r["in_scope"] == "true"]
    assert {r["stage"] for r in mapped} <= set(SOURCE.stages)
    assert {r["basis"] for r in mapped} == set(SOURCE.bases)
    assert all(r["quantity_unit"] == "t" and float(r["to_quantity_unit"]) > 0 for r in mapped)


def test_every_world_table_of_the_snapshot_has_a_series_row():
    seeded = {(r["source_file"], r["table_id"]) for r in series_rows()}
    landed = set()
    for name in snapshot_files():
        table = parse_workbook(SNAPSHOT_DIR / name)
        landed |= set(zip(table["source_file"], table["table_id"], strict=True))
    assert landed == seeded
    assert not any("germa" in name for name, _ in landed)  # germanium: no world table
    assert "germanium" in " ".join(SOURCE.notes)
