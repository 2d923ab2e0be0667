"""The published trade marts: who supplies whom, shares, mappings, the Comtrade duplicate rule."""

import pytest

from tests.support.sql import rows

pytestmark = pytest.mark.build


def test_china_lithium_carbonate_comes_from_chile(published):
    (dependence,) = rows(
        published,
        "select * from fct_import_dependence where source = 'comtrade' and year = 2022 "
        "and importer_iso3 = 'CHN' and mineral_id = 'lithium' and stage = 'intermediate'",
    )
    chile = rows(
        published,
        "select value_usd, value_share from fct_bilateral_dependence where source = 'comtrade' "
        "and year = 2022 and importer_iso3 = 'CHN' and supplier_iso3 = 'CHL' "
        "and mineral_id = 'lithium' and stage = 'intermediate'",
    )[0]
    assert dependence["top_supplier_iso3"] == "CHL"
    assert dependence["import_value_usd"] == pytest.approx(6.73e9, rel=0.01)
    assert chile["value_usd"] == pytest.approx(6.36e9, rel=0.01)
    assert dependence["top_supplier_share"] == pytest.approx(chile["value_share"])
    assert 0 <= dependence["supplier_hhi"] <= 10_000


def test_china_nickel_ore_suppliers_2022(published):
    suppliers = rows(
        published,
        "select supplier_iso3, value_usd from fct_bilateral_dependence where source = 'comtrade' "
        "and year = 2022 and importer_iso3 = 'CHN' and mineral_id = 'nickel' "
        "and stage = 'ore_concentrate' order by value_usd desc limit 4",
    )
    assert [s["supplier_iso3"] for s in suppliers] == ["PHL", "AUS", "RUS", "NCL"]
    assert suppliers[0]["value_usd"] == pytest.approx(2.59e9, rel=0.01)


def test_import_dependence_has_thousands_of_series(published):
    # shares summing to one: the dbt test assert_supplier_shares_sum_to_one (test_dbt_tests_catch)
    (count,) = published.execute("select count(*) from fct_import_dependence").fetchone()
    assert count > 3_000


def test_comtrade_max_rule_is_checked_on_thousands_of_world_totals(published):
    """The dbt test assert_comtrade_max_rule_matches_world_totals compares each World total
    with its partners (test_dbt_tests_catch); here: it has thousands to compare, and summing
    the repeated records instead of taking their maximum would over-count."""
    (checked,) = published.execute(
        """
        with flows as (select * from staging.stg_comtrade__reported_flows)
        select count(*) from flows as world
        where world.partner_area_kind = 'world' and exists (
            select 1 from flows as partner
            where partner.partner_area_kind != 'world' and partner.year = world.year
                and partner.reporter_code = world.reporter_code
                and partner.flow_code = world.flow_code and partner.hs6 = world.hs6
        )
        """
    ).fetchone()
    assert checked > 8_000
    (summed, maximum) = published.execute(
        "select sum(value_usd), max(value_usd) from staging.stg_comtrade__records "
        "where year = 2022 and reporter_code = 276 and partner_code = 0 and hs6 = '850511' "
        "and flow_code = 'M'"
    ).fetchone()
    assert summed / maximum > 5  # summing the repeats would over-count several times


def test_shared_code_counted_whole_for_each_mineral_never_split(published):
    shared = rows(
        published,
        "select mineral_id, import_value_usd, includes_shared_codes from fct_import_dependence "
        "where source = 'baci' and year = 2024 and importer_iso3 = 'JPN' "
        "and mineral_id in ('gallium', 'germanium') and stage = 'refined_metal' order by 1",
    )
    assert [r["mineral_id"] for r in shared] == ["gallium", "germanium"]
    assert shared[0]["import_value_usd"] == shared[1]["import_value_usd"]
    assert all(r["includes_shared_codes"] for r in shared)


def test_mirror_view_shows_both_reports(published):
    (both, gap) = published.execute(
        "select count(*), median(gap_fraction) from fct_trade_mirror "
        "where importer_reported_value_usd is not null and exporter_reported_value_usd is not null"
    ).fetchone()
    assert both > 10_000
    assert -0.5 < gap < 0.5


def test_stage_concentration_puts_mine_and_export_hhi_side_by_side(published):
    (row,) = rows(
        published,
        "select * from fct_stage_concentration where mineral_id = 'copper' and year = 2022 "
        "and source = 'comtrade' and stage = 'refined_metal'",
    )
    assert row["mine_top_producer_iso3"] == "CHL" and row["refinery_top_producer_iso3"] == "CHN"
    assert 0 < row["export_hhi"] <= 10_000 and 0 < row["mine_hhi"] <= 10_000


def test_non_country_areas_are_in_dim_country(published):
    areas = dict(
        published.execute(
            "select country_iso3, area_kind from dim_country where not is_country"
        ).fetchall()
    )
    assert areas["WLD"] == "world" and areas["XNS"] == "unspecified_area"
    assert "TWN" not in areas
