"""The dbt tests of the BACI panels and the BACI ASEAN file catch a planted bad row (as
tests/dbt/test_dbt_tests_catch.py does for the others; the staging models are views, so
the landed rows are changed): an unmapped country code, a flow
without exactly one ASEAN side, a product seed that disagrees with hs_minerals."""

import pytest

from tests.dbt.test_dbt_tests_catch import compiled_tests, warehouse_copy_con  # noqa: F401

pytestmark = pytest.mark.build

PLANTED = {
    "assert_baci_panels_country_codes_mapped": """
        update raw.baci_panels__trade_flows set importer_code = 9999
        where rowid = (select min(rowid) from raw.baci_panels__trade_flows)
    """,
    "assert_baci_asean_one_asean_side": """
        update raw.baci_asean__trade_flows set importer_code = 360, importer_iso3 = 'IDN'
        where rowid = (
            select min(rowid) from raw.baci_asean__trade_flows where asean_side = 'exporter'
        )
    """,
    "assert_baci_asean_products_mapped": """
        update reference.baci_asean_products set has_mineral = true where hs6 = '253090'
    """,
}


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_the_dbt_test_catches_a_planted_bad_row(name, compiled_tests, warehouse_copy_con):  # noqa: F811
    con = warehouse_copy_con
    sql = compiled_tests[name]
    assert con.execute(f"select count(*) from (\n{sql}\n)").fetchone()[0] == 0, "fails unplanted"
    assert con.execute(PLANTED[name]).fetchone()[0] >= 1, "nothing was planted"
    caught = con.execute(f"select count(*) from (\n{sql}\n)").fetchone()[0]
    assert caught >= 1, f"the dbt test {name} misses a planted bad row"
