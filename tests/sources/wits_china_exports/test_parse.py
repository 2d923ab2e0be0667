"""The WITS panels land China's reported exports as published; figures are re-read from the raw
sheets; a World row the partners do not sum to, or a bad cell, fails naming where."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from sources.common.errors import SourceDataError
from sources.wits_china_exports.load import SNAPSHOT_DIR, TABLES, TOLERANCE, load_release
from sources.wits_china_exports.parse import WORLD_SHEET, parse_rows
from tests.support.xlsx import set_number

MAGNETS = "china_ree_exports_850511_with_controls.xlsx"
COMPOUNDS = "clean_china_ree_exports_284690_2010_2024.xlsx"
SEED = Path("dbt_project/seeds/wits_china_exports/wits_partner_names.csv")


@pytest.fixture(scope="module")
def release():
    return load_release()


def raw_sheet(name: str, sheet: str) -> list[dict]:
    """A sheet of a bundled workbook as dicts by header, read with openpyxl alone."""
    workbook = openpyxl.load_workbook(SNAPSHOT_DIR / name, read_only=True, data_only=True)
    try:
        rows = list(workbook[sheet].iter_rows(values_only=True))
    finally:
        workbook.close()
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def test_tables_and_counts(release):
    assert TABLES == {
        "partner_flows": "wits_china_exports__partner_flows",
        "world_rows": "wits_china_exports__world_rows",
    }
    flows, world = release.tables["partner_flows"], release.tables["world_rows"]
    per_code = flows.group_by("hs6").agg(pl.len(), pl.col("partner").n_unique()).sort("hs6")
    # PROVENANCE-3 B4.2: observed rows / partners 720 / 80, 348 / 44, 2,365 / 204
    assert per_code.rows() == [("280530", 348, 44), ("284690", 720, 80), ("850511", 2365, 204)]
    assert world.group_by("hs6").len().sort("hs6")["len"].to_list() == [15, 15, 15]
    assert (flows["year"].min(), flows["year"].max()) == (2010, 2024)
    assert release.editions() == [2026]
    assert sorted(release.files) == sorted(p.name for p in SNAPSHOT_DIR.glob("*.xlsx"))


@pytest.mark.parametrize(("partner", "million_usd"), [("United States", 395.3), ("Germany", 546.5)])
def test_magnet_exports_2024_equal_the_raw_sheet(release, partner, million_usd):
    raw = [
        r
        for r in raw_sheet(MAGNETS, "raw_observed_partner_year")
        if r["partner"] == partner and r["year"] == 2024
    ]
    assert len(raw) == 1
    flows = release.tables["partner_flows"]
    landed = flows.filter(
        (pl.col("hs6") == "850511") & (pl.col("partner") == partner) & (pl.col("year") == 2024)
    )
    assert landed["export_value_usd"].to_list() == [raw[0]["export_value_usd"]]
    assert landed["quantity_kg"].to_list() == [raw[0]["quantity_kg"]]
    assert round(raw[0]["export_value_usd"] / 1e6, 1) == million_usd  # PROVENANCE-3 B4.2


def test_compound_world_2010_and_the_partner_sum_from_the_raw_sheets(release):
    world_raw = [r for r in raw_sheet(COMPOUNDS, WORLD_SHEET) if r["year"] == 2010]
    partners_raw = [r for r in raw_sheet(COMPOUNDS, "final_panel_observed") if r["year"] == 2010]
    world_usd = world_raw[0]["export_value_usd"]
    partner_sum = sum(r["export_value_usd"] for r in partners_raw)
    assert round(world_usd / 1e6, 1) == 601.5  # PROVENANCE-3 B4.2
    assert abs(partner_sum - world_usd) <= TOLERANCE["export_value_usd"] * world_usd
    landed = release.tables["world_rows"].filter(
        (pl.col("hs6") == "284690") & (pl.col("year") == 2010)
    )
    assert landed["export_value_usd"].to_list() == [world_usd]
    # China's largest customer of rare-earth compounds in 2010 and its share of the World row:
    # the raw rows and the landed tables agree
    top = max(partners_raw, key=lambda r: r["export_value_usd"])
    flows = release.tables["partner_flows"].filter(
        (pl.col("hs6") == "284690") & (pl.col("year") == 2010)
    )
    landed_top = flows.sort("export_value_usd", descending=True).row(0, named=True)
    assert (top["partner"], landed_top["partner"]) == ("Japan", "Japan")
    share = top["export_value_usd"] / world_usd
    assert landed_top["export_value_usd"] / landed["export_value_usd"][0] == share
    assert round(share, 3) == 0.477


def test_every_partner_name_is_in_the_reviewed_seed(release):
    with SEED.open(newline="", encoding="utf-8") as handle:
        seed = {row["partner_name"]: row for row in csv.DictReader(handle)}
    names = set(release.tables["partner_flows"]["partner"]) | {"World"}
    assert not names - set(seed), f"unmapped WITS partner names: {sorted(names - set(seed))}"
    assert not set(seed) - names, f"seed names in no workbook: {sorted(set(seed) - names)}"
    # areas are kept as areas, not dropped or passed off as countries
    assert (seed["World"]["country_iso3"], seed["World"]["area_kind"]) == ("WLD", "world")
    assert seed["Unspecified"]["area_kind"] == "unspecified_area"
    assert seed["Other Asia, nes"]["country_iso3"] == "TWN"


def copy_workbooks(tmp_path: Path) -> Path:
    """The three workbooks without MANIFEST.csv (a download's folder), writable."""
    for path in SNAPSHOT_DIR.glob("*.xlsx"):
        shutil.copyfile(path, tmp_path / path.name)
    return tmp_path


def test_a_world_row_the_partners_do_not_sum_to_fails_naming_file_year_and_sums(tmp_path):
    folder = copy_workbooks(tmp_path)
    row = next(i for i, r in enumerate(raw_sheet(COMPOUNDS, WORLD_SHEET), 2) if r["year"] == 2012)
    set_number(folder / COMPOUNDS, WORLD_SHEET, f"G{row}", 600000)  # export_value_1000usd
    set_number(folder / COMPOUNDS, WORLD_SHEET, f"H{row}", 600000000)  # export_value_usd
    with pytest.raises(SourceDataError) as caught:
        load_release(folder)
    message = str(caught.value)
    assert COMPOUNDS in message and "year 2012" in message
    assert "588,772,230.000" in message and "600,000,000.000" in message


def test_a_changed_bundled_workbook_is_refused(tmp_path):
    shutil.copytree(SNAPSHOT_DIR, tmp_path / "snapshot")
    set_number(tmp_path / "snapshot" / MAGNETS, WORLD_SHEET, "G2", 1)
    with pytest.raises(SourceDataError, match=f"{MAGNETS}: sha256 .* does not match MANIFEST"):
        load_release(tmp_path / "snapshot")


def real_rows(name: str, sheet: str) -> list[tuple]:
    workbook = openpyxl.load_workbook(SNAPSHOT_DIR / name, read_only=True, data_only=True)
    try:
        return [tuple(r) for r in workbook[sheet].iter_rows(values_only=True, max_row=3)]
    finally:
        workbook.close()


def test_a_text_value_names_file_sheet_row_and_column():
    rows = real_rows(COMPOUNDS, "final_panel_observed")
    header = rows[0]
    bad = list(rows[2])
    bad[header.index("export_value_usd")] = "n/a"
    with pytest.raises(SourceDataError) as caught:
        parse_rows(COMPOUNDS, "final_panel_observed", [header, rows[1], tuple(bad)])
    assert str(caught.value) == (
        f"wits_china_exports: {COMPOUNDS} line 3 column H: sheet 'final_panel_observed': "
        "export_value_usd 'n/a' is not a number >= 0"
    )


def test_a_missing_column_is_named():
    rows = real_rows(MAGNETS, WORLD_SHEET)
    header = tuple("qty" if h == "quantity_kg" else h for h in rows[0])
    with pytest.raises(SourceDataError, match="missing column\\(s\\) quantity_kg"):
        parse_rows(MAGNETS, WORLD_SHEET, [header, *rows[1:]])
