"""The blocking dbt tests catch what they are written for.

A pytest that runs a dbt test's query again on the built warehouse can only pass: the build
that made the warehouse ran the dbt test and would have stopped. Here instead, a bad row is
planted in a private copy of the published warehouse and the dbt test's SQL, as dbt compiled
and ran it in that build (dbt_run_results.json), must return it; on the untouched copy it
returns nothing. A dbt test loosened until it catches nothing fails here.
"""

import json
import shutil

import duckdb
import pytest

pytestmark = pytest.mark.build

# dbt test name -> SQL that plants one bad row in the copy (staging tables, intermediates and
# marts are tables; the compiled SQL reads them as "minerals".<schema>.<table>)
PLANTED = {
    "assert_world_disruption_embedded_not_below_direct": """
        update fct_world_disruption set loss_usd = loss_usd / 2
        where rowid = (
            select min(rowid) from fct_world_disruption
            where loss_basis = 'embedded' and loss_usd > 0
        )
    """,
    "assert_embedded_origin_shares_sum_to_one": """
        update fct_embedded_origin_share set origin_share = origin_share + 0.01
        where rowid = (select min(rowid) from fct_embedded_origin_share where hops = 3)
    """,
    "assert_one_hop_origin_is_direct_supply": """
        update fct_embedded_origin_share set origin_share = origin_share / 2
        where rowid = (
            select min(rowid) from fct_embedded_origin_share
            where hops = 1 and origin_share > 0.01
        )
    """,
    "assert_supplier_shares_sum_to_one": """
        update fct_bilateral_dependence set value_share = value_share + 0.01
        where rowid = (select min(rowid) from fct_bilateral_dependence where value_usd > 0)
    """,
    "assert_comtrade_max_rule_matches_world_totals": """
        update staging.stg_comtrade__records set value_usd = value_usd + 1e12
        where rowid = (
            select min(r.rowid) from staging.stg_comtrade__records as r
            where r.partner_area_kind is distinct from 'world' and exists (
                select 1 from staging.stg_comtrade__records as w
                where w.partner_area_kind = 'world' and w.year = r.year
                    and w.reporter_code = r.reporter_code and w.flow_code = r.flow_code
                    and w.hs6 = r.hs6
            )
        )
    """,
    "assert_usgs_myb_rows_resolved": """
        update raw.usgs_myb__world_cells set country_raw = 'Atlantis', row_group = null
        where source_file = 'myb1-2016-raree.xls' and row_number = (
            select min(row_number) from raw.usgs_myb__world_cells
            where source_file = 'myb1-2016-raree.xls'
        )
    """,
    "assert_trade_country_codes_mapped": """
        update staging.stg_comtrade__records set partner_iso3 = null
        where rowid = (
            select min(rowid) from staging.stg_comtrade__records where partner_iso3 is not null
        )
    """,
    "assert_trade_hs_codes_mapped": """
        update intermediate.int_trade__flows set hs6 = '999999'
        where rowid = (select min(rowid) from intermediate.int_trade__flows)
    """,
    "assert_mofcom_items_in_ledger": """
        update reference.mofcom_controls_announcements set control_id = 'CHN-2099-999'
        where announcement_id = '2023-23'
    """,
    "assert_usgs_country_names_mapped": """
        update staging.stg_usgs_mcs__world_cells set is_country_mapped = false
        where rowid = (
            select min(rowid) from staging.stg_usgs_mcs__world_cells where is_country_mapped
        )
    """,
    "assert_usgs_series_mapped": """
        update staging.stg_usgs_mcs__world_cells set mineral_id = null
        where rowid = (
            select min(rowid) from staging.stg_usgs_mcs__world_cells
            where measure_kind in ('production', 'capacity')
        )
    """,
    "assert_exposure_china_bloc_matches_production_mart": """
        update fct_bloc_share set share = share + 0.001
        where bloc_id = 'CHINA' and measure = 'production_usgs_mcs'
            and mineral_id = 'rare_earths' and stage = 'mine' and year = 2023
    """,
    "assert_exposure_lost_share_matches_bilateral": """
        update fct_disruption_scenarios set lost_value_share = lost_value_share + 0.001
        where rowid = (select min(rowid) from fct_disruption_scenarios)
    """,
    "assert_exposure_geopolrisk_testcase_reproduced": """
        update reference.fct_geopolrisk_testcase set hhi = hhi + 1e-5 where material = 'Nickel'
    """,
    "column_rules_fct_us_net_import_reliance": """
        update fct_us_net_import_reliance set nir_percent = 240
        where rowid = (
            select min(rowid) from fct_us_net_import_reliance
            where mineral_id = 'feldspar' and nir_percent is not null
        )
    """,
    "assert_world_totals_cover_countries": """
        update intermediate.int_production__by_country set quantity = quantity * 10
        where source = 'usgs_mcs' and mineral_id = 'rare_earths' and stage = 'mine'
            and year = 2023 and edition = 2025 and country_iso3 = 'CHN'
    """,
    "assert_production_jumps_reviewed": """
        update intermediate.int_production__jumps set exception_reason = null
        where rowid = (select min(rowid) from intermediate.int_production__jumps)
    """,
    "warn_figure_exceptions_unused": """
        insert into reference.production_jump_exceptions values ('usgs_mcs', 'cobalt', 'mine',
            'contained_element', 'COD', 2023, 2025, 'previous_edition',
            'MCS2025_World_Data.csv', 'a jump that is not there')
    """,
    "assert_trade_marts_carry_coverage": """
        update fct_import_dependence set hs6_codes = null
        where rowid = (select min(rowid) from fct_import_dependence)
    """,
    "assert_atlas_flows_codes_mapped": """
        update raw.atlas_flows__flows set exporter_iso2 = 'QQ'
        where rowid = (select min(rowid) from raw.atlas_flows__flows)
    """,
    "assert_atlas_flows_shared_codes_agree": """
        update raw.atlas_flows__flows set value_usd = value_usd + 1
        where rowid = (select min(rowid) from raw.atlas_flows__flows where material = 'germanium')
    """,
    "assert_atlas_baci_country_codes_mapped": """
        update raw.atlas_baci__flows set importer_code = 'QQQ'
        where rowid = (select min(rowid) from raw.atlas_baci__flows)
    """,
    "assert_world_disruption_losses_sum_to_shortfall": """
        update fct_world_disruption set loss_t = loss_t + 1
        where rowid = (
            select min(rowid) from fct_world_disruption
            where row_kind = 'importer' and loss_t is not null
        )
    """,
    "assert_world_disruption_allocation_within_pool": """
        update fct_world_disruption set friendly_pool_t = 0
        where source = 'baci' and mineral_id = 'rare_earths' and stage = 'product'
            and year = 2024 and scenario_id = 'CHN' and friendly_bloc = 'MSP'
    """,
    "unique_combination_fct_production_concentration_source__mineral_id__stage__basis__year": """
        insert into fct_production_concentration
        select * from fct_production_concentration limit 1
    """,
    "column_rules_fct_crma_single_supplier_test": """
        update fct_crma_single_supplier_test set largest_supplier_share = 1.5
        where rowid = (
            select min(rowid) from fct_crma_single_supplier_test
            where importer_iso3 = 'EU27' and largest_supplier_share is not null
        )
    """,
    "column_rules_fct_trade_flows": """
        update fct_trade_flows set exporter_iso3 = null where rowid = 0
    """,
    "column_rules_fct_mineral_prices": """
        update fct_mineral_prices set frequency = 'week' where rowid = 0
    """,
}


@pytest.fixture(scope="module")
def compiled_tests(built_warehouse) -> dict[str, str]:
    """Each dbt test's name -> its SQL as the build compiled and ran it."""
    run_results = built_warehouse.build.parent / "dbt_run_results.json"
    results = json.loads(run_results.read_text(encoding="utf-8"))["results"]
    return {
        r["unique_id"].split(".")[2]: r["compiled_code"]
        for r in results
        if r["unique_id"].startswith("test.")
    }


@pytest.fixture
def warehouse_copy_con(built_warehouse, tmp_path):
    """A writable copy of the published file, named as the build's (the compiled SQL's
    catalog is "minerals")."""
    copy = tmp_path / built_warehouse.published.name
    shutil.copyfile(built_warehouse.published, copy)
    with duckdb.connect(str(copy)) as con:
        yield con


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_the_dbt_test_catches_a_planted_bad_row(name, compiled_tests, warehouse_copy_con):
    con = warehouse_copy_con
    sql = compiled_tests[name]
    assert con.execute(f"select count(*) from (\n{sql}\n)").fetchone()[0] == 0, "fails unplanted"
    changed = con.execute(PLANTED[name]).fetchone()[0]
    assert changed >= 1, "nothing was planted"
    caught = con.execute(f"select count(*) from (\n{sql}\n)").fetchone()[0]
    assert caught >= 1, f"the dbt test {name} misses a planted bad row"


def test_folded_column_rules_name_the_column_and_rule_of_each_failing_row(
    compiled_tests, warehouse_copy_con
):
    con = warehouse_copy_con
    con.execute(PLANTED["column_rules_fct_trade_flows"])
    con.execute(PLANTED["column_rules_fct_us_net_import_reliance"])
    trade = con.execute(
        f"select failed_rules from ({compiled_tests['column_rules_fct_trade_flows']})"
    ).fetchall()
    reliance = con.execute(
        f"select failed_rules, mineral_id from "
        f"({compiled_tests['column_rules_fct_us_net_import_reliance']})"
    ).fetchall()
    assert trade == [("exporter_iso3 is null",)]
    assert reliance == [("nir_percent outside [0, 100]", "feldspar")]
