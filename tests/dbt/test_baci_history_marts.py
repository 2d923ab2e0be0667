"""The BACI panels and the BACI ASEAN file in the published marts: figures reproduced from
the raw CSVs (read with the csv module, tests/sources/baci_panels/raw.py)."""

import pytest

from tests.sources.baci_panels.raw import CHINA, china_export_share, rows, supplier_shares
from tests.support.sql import rows as query

pytestmark = pytest.mark.build

USA = ("USA", "842")  # BACI writes the United States as "USA" (code 842)


@pytest.mark.parametrize("year", [2005, 2024])
def test_china_share_of_graphite_exports_reproduced(published, year):
    (row,) = query(
        published,
        "select china_share from fct_export_concentration "
        "where source = 'baci_panels' and mineral_id = 'graphite' "
        f"and stage = 'ore_concentrate' and year = {year}",
    )
    assert row["china_share"] == pytest.approx(
        china_export_share("cepii_graphite.csv", year), rel=1e-9
    )


def test_us_graphite_import_dependence_on_china_every_year(published):
    expected = supplier_shares("cepii_graphite.csv", USA, CHINA)
    got = query(
        published,
        "select year, china_share from fct_import_dependence where source = 'baci_panels' "
        "and importer_iso3 = 'USA' and mineral_id = 'graphite' and stage = 'ore_concentrate' "
        "order by year",
    )
    assert [r["year"] for r in got] == sorted(expected) == list(range(1995, 2025))
    for r in got:
        assert r["china_share"] == pytest.approx(expected[r["year"]], rel=1e-9)


def test_lithium_2024_flow_identical_in_the_panel_and_the_baci_extract(published):
    raw = next(
        float(r["value_kusd"]) * 1000
        for r in rows("cepii_lithium.csv")
        if r["year"] == "2024"
        and r["exporter"] in ("Chile", "152")
        and r["importer"] in ("Netherlands", "528")
    )
    flows = query(
        published,
        "select source, hs_revision, value_usd from fct_trade_flows where year = 2024 "
        "and exporter_iso3 = 'CHL' and importer_iso3 = 'NLD' and hs6 = '283691' "
        "and source in ('baci', 'baci_panels')",
    )
    assert {r["source"]: r["hs_revision"] for r in flows} == {"baci": "HS17", "baci_panels": "HS92"}
    for r in flows:
        assert r["value_usd"] == pytest.approx(raw, abs=0.01)


def test_historical_areas_keep_their_own_codes(published):
    belux = sum(r["exporter"] == "058" for r in rows("cepii_lithium.csv"))
    (row,) = query(
        published,
        "select count(*) as n from staging.stg_baci_panels__trade_flows "
        "where exporter_iso3 = 'BLX' and hs6 = '283691'",
    )
    assert row["n"] == belux > 0


def test_asean_rows_are_a_partner_subset_and_basket_codes_stay_in_staging(published):
    (conformed,) = query(
        published,
        "select count(distinct completeness) as kinds, min(completeness) as completeness "
        "from staging.stg_baci_asean__flows",
    )
    assert conformed["kinds"] == 1 and conformed["completeness"] == "partner_subset"
    staged = query(
        published,
        "select hs6, has_mineral, count(*) as n from staging.stg_baci_asean__trade_flows "
        "group by all order by hs6",
    )
    assert {r["hs6"] for r in staged if not r["has_mineral"]} == {"253090", "283329"}
    (marts,) = query(
        published, "select count(*) as n from fct_trade_flows where source = 'baci_asean'"
    )
    assert marts["n"] == sum(r["n"] for r in staged if r["has_mineral"]) > 0


def test_rare_earth_compound_world_totals_reproduced(published):
    """284690 world totals from the raw file; PROVENANCE-3 §B4.1 lists 2007 680,526,
    2011 3,101,651 and 2018 1,014,742 kUSD."""
    expected: dict[int, float] = {}
    for r in rows("cepii_rare_earths.csv"):
        if r["product"] == "284690":
            year = int(r["year"])
            expected[year] = expected.get(year, 0.0) + float(r["value_kusd"]) * 1000
    got = query(
        published,
        "select year, sum(value_usd) as value_usd from fct_trade_flows "
        "where source = 'baci_panels' and hs6 = '284690' group by year order by year",
    )
    assert [r["year"] for r in got] == sorted(expected) == list(range(2007, 2019))
    for r in got:
        assert r["value_usd"] == pytest.approx(expected[r["year"]], rel=1e-9)
    totals = {r["year"]: round(r["value_usd"] / 1000) for r in got}
    assert (totals[2007], totals[2011], totals[2018]) == (680_526, 3_101_651, 1_014_742)
