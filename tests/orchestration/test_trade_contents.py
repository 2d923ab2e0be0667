"""The published trade marts: who supplies whom, shares, mappings, the Comtrade duplicate rule."""

import pytest

from tests.orchestration.test_warehouse_contents import rows

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


def test_supplier_shares_sum_to_one(published):
    off = rows(
        published,
        "select source, importer_iso3, mineral_id, stage, year, sum(value_share) as total "
        "from fct_bilateral_dependence group by all "
        "having sum(value_usd) > 0 and abs(sum(value_share) - 1) > 1e-9",
    )
    assert off == []
    (count,) = published.execute("select count(*) from fct_import_dependence").fetchone()
    assert count > 3_000


def test_every_trade_code_is_mapped(published):
    countries = rows(
        published,
        "select distinct partner_code from staging.stg_comtrade__records "
        "where partner_iso3 is null union all select distinct reporter_code "
        "from staging.stg_comtrade__records where reporter_iso3 is null",
    )
    baci = rows(
        published,
        "select distinct exporter_source_code from staging.stg_baci__trade_flows "
        "where exporter_iso3 is null or importer_iso3 is null",
    )
    hs = rows(published, "select * from audit.assert_trade_hs_codes_mapped")
    assert (countries, baci, hs) == ([], [], [])


def test_comtrade_max_rule_reproduces_partner_world_totals(published):
    (checked, matching) = published.execute(
        """
        with flows as (select * from staging.stg_comtrade__flows),
        world as (
            select year, reporter_code, flow_code, hs6, value_usd from flows
            where partner_area_kind = 'world'
        ),
        partners as (
            select year, reporter_code, flow_code, hs6, sum(value_usd) as value_usd from flows
            where partner_area_kind != 'world' group by all
        )
        select count(*), count(*) filter (
            where abs(partners.value_usd - world.value_usd) <= 0.01 * world.value_usd + 1
        )
        from world inner join partners using (year, reporter_code, flow_code, hs6)
        """
    ).fetchone()
    assert checked > 8_000 and matching == checked
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
