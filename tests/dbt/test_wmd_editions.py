"""The WMD editions 2021, 2022 and 2024 (table 6.5) in the built warehouse: revisions kept
as editions, 2019-2020 and 2022 present, and concentration figures equal to what the raw
workbooks give when computed by hand."""

from __future__ import annotations

import openpyxl
import pytest

from sources.wmd.load import SNAPSHOT_DIR
from tests.support.sql import rows

pytestmark = pytest.mark.build

TABLE_6_5 = SNAPSHOT_DIR / "6.5. Share_of_World_Mineral_Production_2022_by_Countries.xlsx"


def raw_rows(path, sheet: str) -> list[tuple]:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return list(workbook[sheet].iter_rows(values_only=True))
    finally:
        workbook.close()


def figures(published, mineral: str, country: str, year: int) -> dict[int, float]:
    found = rows(
        published,
        "select edition, quantity from fct_mineral_production where source = 'wmd' "
        "and mineral_id = ? and stage = 'mine' and country_iso3 = ? and year = ?",
        [mineral, country, year],
    )
    return {r["edition"]: r["quantity"] for r in found}


def test_indonesia_nickel_2018_is_two_editions(published):
    nickel = figures(published, "nickel", "IDN", 2018)
    assert nickel[2020] == 545_000 and nickel[2021] == 651_600
    (latest,) = rows(
        published,
        "select edition from fct_mineral_production where source = 'wmd' and mineral_id = "
        "'nickel' and stage = 'mine' and country_iso3 = 'IDN' and year = 2018 "
        "and is_latest_edition",
    )
    assert latest["edition"] == max(nickel) == 2022


def test_china_rare_earths_2019_in_both_editions(published):
    assert figures(published, "rare_earths", "CHN", 2019) == {2021: 132_000, 2022: 132_000}


def test_wmd_covers_1984_to_2020_and_2022_with_the_history(published):
    years = {
        r["year"]
        for r in rows(
            published,
            "select distinct year from fct_mineral_production where source in "
            "('wmd', 'wmd_history') and mineral_id = 'rare_earths' and stage = 'mine' "
            "and country_iso3 = 'CHN' and quantity is not null",
        )
    }
    assert years == set(range(1984, 2021)) | {2022}


def test_china_share_of_rare_earths_2022_from_table_6_5(published):
    sheet = raw_rows(TABLE_6_5, "Rare Earths (REO)")
    (china,) = [r for r in sheet if r[2] == "China"]
    (total,) = [r for r in sheet if r[2] == "Total"]
    (row,) = rows(
        published,
        "select * from fct_production_concentration where source = 'wmd' "
        "and mineral_id = 'rare_earths' and stage = 'mine' and year = 2022",
    )
    assert row["edition"] == 2024
    assert row["world_total_published"] == total[4] == 296_837
    assert row["china_share"] == pytest.approx(china[4] / total[4])
    assert row["china_share"] == pytest.approx(china[5] / 100)  # WMD's own share, in %
    assert row["top_producer_iso3"] == "CHN"
    assert row["hhi"] == pytest.approx(total[7], rel=1e-9)  # WMD's HHI of the commodity
