"""MOFCOM items in the published warehouse: item-level links of China's controls, checked
against the raw item table (sources/mofcom_controls/snapshot/mofcom_items.csv)."""

import csv
import datetime as dt
from pathlib import Path

import pytest

from tests.support.sql import rows

pytestmark = pytest.mark.build

RAW = Path(__file__).parents[2] / "sources" / "mofcom_controls" / "snapshot" / "mofcom_items.csv"


def raw_items() -> list[dict[str, str]]:
    with RAW.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_germanium_of_no_23_is_linked_by_its_item_codes(published):
    germanium = [
        r for r in raw_items() if r["announcement_id"] == "2023-23" and "锗" in r["item_zh"]
    ]
    hs6 = sorted({c[:6] for r in germanium for c in r["cn_hs_codes"].split(";") if c})
    numbers = sorted(int(r["item_no"]) for r in germanium)
    assert numbers == [8, 9, 10, 11, 12, 13]
    links = rows(
        published,
        "select distinct link, trade_stage, hs6_list, item_numbers "
        "from intermediate.int_exposure__controls_by_year "
        "where control_id = 'CHN-2023-023' and mineral_id = 'germanium'",
    )
    assert links == [
        {"link": "items", "trade_stage": "all", "hs6_list": hs6, "item_numbers": numbers}
    ]
    assert "811292" in hs6  # the germanium code the ledger's text had lost
    # the flows it reaches are now linked by codes, never only through the material seed
    (flows,) = rows(
        published,
        "select count(*) as n, bool_or(only_via_material_seed) as via_material "
        "from intermediate.int_exposure__controlled_flows "
        "where mineral_id = 'germanium' and exporter_iso3 = 'CHN' and year = 2024 "
        "and list_contains(control_id_list, 'CHN-2023-023')",
    )
    assert flows["n"] > 0 and not flows["via_material"]


def test_every_item_code_is_staged_as_its_hs6(published):
    raw = {
        (r["announcement_id"], int(r["item_no"]), c[:6])
        for r in raw_items()
        for c in r["cn_hs_codes"].split(";")
        if c
    }
    staged = rows(
        published,
        "select announcement_id, item_no, hs6, hs6_null_reason, control_id "
        "from staging.stg_mofcom_controls__items",
    )
    assert {(r["announcement_id"], r["item_no"], r["hs6"]) for r in staged if r["hs6"]} == raw
    without = [r for r in staged if r["hs6"] is None]
    assert len(without) == sum(1 for r in raw_items() if not r["cn_hs_codes"]) == 43
    assert all(r["hs6_null_reason"] for r in without)
    assert all(r["control_id"] for r in staged)


def test_paused_measures_keep_their_dates(published):
    paused = rows(
        published,
        "select distinct announcement_id, control_id, status, pause_notice, pause_announced, "
        "pause_end_date from staging.stg_mofcom_controls__items "
        "where announcement_id in ('2025-61', '2025-62') order by announcement_id",
    )
    assert [(r["announcement_id"], r["control_id"]) for r in paused] == [
        ("2025-61", "CHN-2025-061"),
        ("2025-62", "CHN-2025-062"),
    ]
    for row in paused:
        assert row["status"] == "paused" and row["pause_notice"] == "2025年第70号公告"
        assert row["pause_announced"] == dt.date(2025, 11, 7)
        assert row["pause_end_date"] == dt.date(2026, 11, 10)


def test_uncoded_goods_items_keep_the_material_link_beside(published):
    # No. 57/2025: the metals carry a code, the oxides and compounds none (公告未列明)
    items = [r for r in raw_items() if r["announcement_id"] == "2025-57"]
    coded = [r for r in items if r["cn_hs_codes"]]
    assert any(r["cn_hs_as_given"] == "公告未列明" for r in items)
    links = rows(
        published,
        "select link, hs6_list, item_numbers from intermediate.int_exposure__control_links "
        "where control_id = 'CHN-2025-057' and mineral_id = 'rare_earths' order by link",
    )
    assert [r["link"] for r in links] == ["items", "material"]
    assert links[0]["hs6_list"] == sorted({r["cn_hs_codes"][:6] for r in coded})
    assert links[0]["item_numbers"] == [int(r["item_no"]) for r in coded]
