"""The USITC DataWeb flows and the atlas world totals in the published warehouse, against the
raw files read independently."""

import json

import openpyxl
import pytest

from sources.atlas_summaries.load import SNAPSHOT_DIR as ATLAS_DIR
from sources.usitc_dataweb.load import SNAPSHOT_DIR as USITC_DIR
from tests.support.sql import rows

pytestmark = pytest.mark.build

IMPORTS = USITC_DIR / "us_imports_for_consumption_1993-2026.xlsx"


def raw_rows(path, title) -> list[tuple]:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook[title]
        sheet.reset_dimensions()
        return [tuple(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def flow(published, year, exporter, importer, heading) -> dict:
    (found,) = rows(
        published,
        "select * from staging.stg_usitc_dataweb__flows where year = ? and exporter_iso3 = ? "
        "and importer_iso3 = ? and hs6 = ?",
        [year, exporter, importer, heading],
    )
    return found


def test_us_nickel_imports_from_canada_2024(published):
    """HTS 7502 from Canada, 2024: value and tonnes as the raw sheets give them."""
    values, quantities = (
        raw_rows(IMPORTS, "Customs Value"),
        raw_rows(IMPORTS, "First Unit of Quantity"),
    )
    col = values[2].index("2024")
    (value,) = [r[col] for r in values[3:] if r[1] == "Canada" and r[2] == "7502"]
    (kg,) = [r[col] for r in quantities[3:] if r[1] == "Canada" and r[2] == "7502"]
    row = flow(published, 2024, "CAN", "USA", "7502")
    assert row["value_usd"] == value and round(value / 1e6, 1) == 757.8
    assert row["quantity_t"] == pytest.approx(kg / 1000)
    assert (row["hs_revision"], row["reported_by"], row["completeness"]) == (
        "HS4",
        "importer",
        "partner_subset",
    )


def test_magnet_value_in_pieces_has_no_tonnes(published):
    """8505 imports from China: part of the value is for magnets counted in pieces, so the
    flow's value sums every unit row and its quantity_t stays null."""
    values = raw_rows(IMPORTS, "Customs Value")
    col = values[2].index("2024")
    china = [r for r in values[3:] if r[1] == "China" and r[2] == "8505"]
    assert any(r[4] == "Value for: number" and r[col] > 0 for r in china)
    row = flow(published, 2024, "CHN", "USA", "8505")
    assert row["value_usd"] == sum(r[col] for r in china)
    assert row["quantity_t"] is None


def test_flows_are_full_years_with_the_us_on_one_side(published):
    (summary,) = rows(
        published,
        "select min(year) as first, max(year) as last, "
        "bool_and((exporter_iso3 = 'USA') != (importer_iso3 = 'USA')) as us_on_one_side, "
        "count(distinct hs6) as headings "
        "from staging.stg_usitc_dataweb__flows",
    )
    assert (summary["first"], summary["last"]) == (1993, 2025)
    assert summary["us_on_one_side"] and summary["headings"] == 25
    mapped = rows(
        published,
        "select distinct mineral_id from intermediate.int_trade__mineral_flows "
        "where source = 'usitc_dataweb' and hs6 = '2504'",
    )
    assert mapped == [{"mineral_id": "graphite"}]


def test_atlas_world_exports_of_lithium_carbonate(published):
    entry = json.loads((ATLAS_DIR / "lithium_trade.json").read_text(encoding="utf-8"))
    published_2024 = entry["years_data"]["2024"]["283691"]
    (row,) = rows(
        published,
        "select * from staging.stg_atlas_summaries__world_exports where hs6 = '283691' "
        "and year = 2024",
    )
    assert row["world_value_usd"] == published_2024["world_usd"] == 3_779_109_456
    assert row["export_hhi"] == pytest.approx(published_2024["export_hhi"] * 10_000)
    assert row["hs_revision"] == "HS17"
