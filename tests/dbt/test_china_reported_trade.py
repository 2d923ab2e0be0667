"""China's own reports in the published warehouse: the flows equal the raw files, say which side
reported them, and China's HS 2846 imports equal the World row less China's re-imports."""

import json

import openpyxl
import pytest

from sources.comtrade_china_imports.load import SNAPSHOT_DIR as IMPORTS_DIR
from sources.wits_china_exports.load import SNAPSHOT_DIR as EXPORTS_DIR
from tests.support.sql import rows

pytestmark = pytest.mark.build


def raw_magnet_exports(year: int) -> dict[str, float]:
    workbook = openpyxl.load_workbook(
        EXPORTS_DIR / "china_ree_exports_850511_with_controls.xlsx", read_only=True, data_only=True
    )
    try:
        sheet = list(workbook["raw_observed_partner_year"].iter_rows(values_only=True))
    finally:
        workbook.close()
    records = [dict(zip(sheet[0], r, strict=False)) for r in sheet[1:]]
    return {r["partner"]: r["export_value_usd"] for r in records if r["year"] == year}


def test_china_reported_magnet_exports_2024_equal_the_raw_sheet(published):
    raw = raw_magnet_exports(2024)
    flows = {
        r["importer_iso3"]: r
        for r in rows(
            published,
            "select * from fct_trade_flows where source = 'wits_china_exports' "
            "and year = 2024 and hs6 = '850511' and importer_iso3 in ('USA', 'DEU')",
        )
    }
    assert flows["USA"]["value_usd"] == raw["United States"]  # $395.3 M
    assert flows["DEU"]["value_usd"] == raw["Germany"]  # $546.5 M
    assert {f["exporter_iso3"] for f in flows.values()} == {"CHN"}


def test_every_china_reported_flow_says_reporter_side(published):
    found = rows(
        published,
        "select source, completeness, reported_by, count(*) as n "
        "from intermediate.int_trade__flows "
        "where source in ('wits_china_exports', 'comtrade_china_imports') "
        "group by all order by 1",
    )
    assert [(r["source"], r["completeness"], r["reported_by"]) for r in found] == [
        ("comtrade_china_imports", "reporter_side", "importer"),
        ("wits_china_exports", "reporter_side", "exporter"),
    ]
    assert [r["n"] for r in found] == [669, 3433]  # 694 import flows less 25 re-imports


def test_china_rare_earth_compound_imports_2018_equal_the_raw_json(published):
    raw = json.loads((IMPORTS_DIR / "2018.json").read_bytes())["data"]
    world = next(r["primaryValue"] for r in raw if r["partnerCode"] == 0)
    china = next(r["primaryValue"] for r in raw if r["partnerCode"] == 156)  # re-imports
    myanmar = next(r["primaryValue"] for r in raw if r["partnerCode"] == 104)
    (dependence,) = rows(
        published,
        "select * from fct_import_dependence where source = 'comtrade_china_imports' "
        "and year = 2018 and importer_iso3 = 'CHN' and mineral_id = 'rare_earths'",
    )
    assert dependence["import_value_usd"] == world - china
    (supplier,) = rows(
        published,
        "select value_usd from fct_bilateral_dependence where source = 'comtrade_china_imports' "
        "and year = 2018 and importer_iso3 = 'CHN' and supplier_iso3 = 'MMR'",
    )
    assert supplier["value_usd"] == myanmar == 63_930_153
