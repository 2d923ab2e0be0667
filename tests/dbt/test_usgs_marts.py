"""Issue 15, items 10-13: what each side of the US import-source comparison covers, names
people search for, the USGS salient statistics and reserves as marts (with comments), and
the reference fixture kept out of the published marts."""

import subprocess
from pathlib import Path

import pytest

from outputs.exports import marts
from tests.support.sql import rows

pytestmark = pytest.mark.build

ROOT = Path(__file__).parents[2]


# -- item 10: gross weight vs contained, what each side of fct_us_import_sources covers ------


def test_import_sources_name_what_each_side_covers(published):
    """USGS's antimony "Total metal and oxide" (China 55%) was set beside BACI's unwrought
    metal only (811010, China 11%) under trade_stages = 'all', with nothing to tell them apart."""
    got = {
        r["detail"]: r
        for r in rows(
            published,
            "select detail, usgs_share, baci_share, usgs_item_coverage, usgs_item_stages, "
            "usgs_item_hs6_codes, baci_stages, baci_hs6_codes, is_baci_coverage_partial, "
            "comtrade_stages, comtrade_hs6_codes, is_comtrade_coverage_partial "
            "from fct_us_import_sources where usgs_commodity = 'Antimony' "
            "and supplier_iso3 = 'CHN'",
        )
    }
    total = got["Total metal and oxide"]
    assert total["usgs_share"] == pytest.approx(0.55)
    assert total["baci_share"] == pytest.approx(0.114, abs=0.001)
    assert "Total metal and oxide" in total["usgs_item_coverage"]
    assert total["usgs_item_stages"] == "intermediate ore_concentrate refined_metal"
    assert total["baci_stages"] == "refined_metal"
    assert total["baci_hs6_codes"] == "811010"
    assert total["is_baci_coverage_partial"] is True
    assert total["is_comtrade_coverage_partial"] is True
    unwrought = got["Unwrought metal and powder"]
    assert unwrought["usgs_item_stages"] == unwrought["baci_stages"] == "refined_metal"
    assert unwrought["is_baci_coverage_partial"] is False
    # an item whose stage has no HS code gets no trade share, and says which codes it would use
    assert got["Oxide"]["baci_share"] is None and got["Oxide"]["usgs_item_hs6_codes"] is None


def test_every_trade_share_names_its_codes(published):
    (bad,) = rows(
        published,
        "select count(*) as n from fct_us_import_sources where "
        "(baci_share is not null and (baci_hs6_codes is null or is_baci_coverage_partial is null)) "
        "or (comtrade_share is not null and (comtrade_hs6_codes is null "
        "or is_comtrade_coverage_partial is null))",
    )
    assert bad["n"] == 0


# -- item 11: names people search for -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "mineral_id"),
    [
        ("cobalt metal", "cobalt"),
        ("lithium hydroxide", "lithium"),
        ("NdFeB", "rare_earths"),
        ("silicon metal", "silicon"),
        ("ferrosilicon", "silicon"),
    ],
)
def test_everyday_names_find_their_mineral(published, name, mineral_id):
    found = rows(
        published,
        "select mineral_id from dim_mineral where search_text like '%' || lower(?) || '%'",
        [name],
    )
    assert mineral_id in {r["mineral_id"] for r in found}
    aliased = rows(
        published,
        "select mineral_id from dim_mineral_alias where lower(alias) = lower(?)",
        [name],
    )
    assert mineral_id in {r["mineral_id"] for r in aliased}


def test_a_group_name_leads_to_members_with_rows(published):
    """PGM led to platinum_group_metals, which has no production rows of its own."""
    aliased = rows(
        published,
        "select a.mineral_id, a.is_group_member, count(p.mineral_id) as n_rows "
        "from dim_mineral_alias as a left join fct_mineral_production as p "
        "on a.mineral_id = p.mineral_id where a.alias = 'PGM' group by all",
    )
    by_id = {r["mineral_id"]: r for r in aliased}
    assert {"platinum_group_metals", "platinum", "palladium"} <= set(by_id)
    assert by_id["platinum_group_metals"]["is_group_member"] is False
    assert by_id["platinum"]["is_group_member"] and by_id["platinum"]["n_rows"] > 0
    assert by_id["palladium"]["n_rows"] > 0
    searched = rows(published, "select mineral_id from dim_mineral where search_text like '%pgm%'")
    assert {"platinum", "palladium"} <= {r["mineral_id"] for r in searched}


# -- item 12: the USGS statistics that stopped at staging -----------------------------------


def test_salient_statistics_reach_a_mart(published):
    kinds = {
        r["statistic_kind"]
        for r in rows(published, "select distinct statistic_kind from fct_us_salient_statistics")
    }
    assert {
        "production",
        "imports",
        "exports",
        "consumption",
        "price",
        "stocks",
        "employment",
        "net_import_reliance",
    } <= kinds
    (grain,) = rows(
        published,
        "select count(*) as n, count(distinct (mineral_id, usgs_commodity, statistic, year, "
        "edition)) as n_keys from fct_us_salient_statistics",
    )
    assert grain["n"] == grain["n_keys"] > 15000
    prices = rows(
        published,
        "select edition, value, unit, unit_as_published from fct_us_salient_statistics "
        "where mineral_id = 'antimony' and statistic_kind = 'price' and year = 2023 "
        "and edition in (2024, 2026) order by edition",
    )
    assert [(r["edition"], r["value"], r["unit"]) for r in prices] == [
        (2024, 5.6, "USD/lb"),
        (2026, 5.49, "USD/lb"),
    ]
    assert [r["unit_as_published"] for r in prices] == ["dlb", "dollars per pound"]


def test_reserves_reach_a_mart(published):
    (chile,) = rows(
        published,
        "select quantity, quantity_unit, stage, basis, is_year_implied from fct_reserves "
        "where mineral_id = 'lithium' and country_iso3 = 'CHL' and edition = 2026 and year = 2025",
    )
    assert chile["quantity"] == 9_200_000 and chile["quantity_unit"] == "t"
    assert (chile["stage"], chile["basis"]) == ("mine", "contained_element")
    # MCS2023 names no year: reserves as of the year before the edition
    (implied,) = rows(
        published,
        "select year, is_year_implied from fct_reserves where mineral_id = 'lithium' "
        "and country_iso3 = 'CHL' and edition = 2023",
    )
    assert implied == {"year": 2022, "is_year_implied": True}
    # MCS2025's unit column is the production's (thousand t); the notes say million t
    iron = rows(
        published,
        "select edition, quantity from fct_reserves where mineral_id = 'iron' "
        "and country_iso3 = 'AUS' and usgs_series ilike '%iron content%' order by edition",
    )
    assert {r["quantity"] for r in iron} == {27e9}
    # recoverable ore is ore, not K2O
    potash = rows(
        published,
        "select distinct basis from fct_reserves where mineral_id = 'potash' "
        "and country_iso3 = 'CAN' and edition = 2026",
    )
    assert {r["basis"] for r in potash} == {"oxide_equivalent", "gross_weight__recoverable_ore"}
    (grain,) = rows(
        published,
        "select count(*) as n, count(distinct (edition, mineral_id, usgs_series, usgs_measure, "
        "country_name, year)) as n_keys from fct_reserves",
    )
    assert grain["n"] == grain["n_keys"] > 3000


@pytest.mark.parametrize("mart", ["fct_us_salient_statistics", "fct_reserves"])
def test_new_marts_carry_their_comments(published, mart):
    (table,) = rows(
        published,
        "select comment from duckdb_tables() where schema_name = 'main' and table_name = ?",
        [mart],
    )
    assert "Grain: one row per" in table["comment"]
    missing = rows(
        published,
        "select column_name from duckdb_columns() where schema_name = 'main' "
        "and table_name = ? and (comment is null or comment = '')",
        [mart],
    )
    assert missing == []


def test_usgs_staging_carries_comments(published):
    relations = rows(
        published,
        "select table_name as name, comment from duckdb_tables() where schema_name = 'staging' "
        "and table_name like 'stg_usgs_mcs__%' union all select view_name, comment "
        "from duckdb_views() where schema_name = 'staging' and view_name like 'stg_usgs_mcs__%'",
    )
    assert len(relations) >= 9
    assert [r["name"] for r in relations if not r["comment"]] == []
    (cells,) = rows(
        published,
        "select comment from duckdb_columns() where schema_name = 'staging' "
        "and table_name = 'stg_usgs_mcs__world_cells' and column_name = 'measure_kind'",
    )
    assert "reserves" in cells["comment"]


# -- item 13: the reference fixture is no published mart; docs ------------------------------


def test_geopolrisk_testcase_is_a_fixture_not_a_published_mart(published):
    names = {name for name, _ in marts(published)}
    assert "fct_geopolrisk_testcase" not in names  # the exports read schema main only
    assert "fct_governance_risk" in names
    (case,) = rows(
        published,
        "select count(*) as n from reference.fct_geopolrisk_testcase "
        "where abs(hhi - expected_hhi) <= 1e-6 and abs(cf - expected_cf) <= 1e-6",
    )
    assert case["n"] == 3
    (hhi,) = rows(
        published,
        "select comment from duckdb_columns() where schema_name = 'reference' "
        "and table_name = 'fct_geopolrisk_testcase' and column_name = 'hhi'",
    )
    assert "0-1" in hhi["comment"] and "10,000" not in hhi["comment"]


def test_make_has_a_target_for_the_duckdb_14_client():
    result = subprocess.run(
        ["make", "-n", "duckdb14"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "compat-duckdb14" in result.stdout
