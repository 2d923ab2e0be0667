"""The EU27 importer aggregate and the CRMA benchmark in the published warehouse: EU27's
imports equal its members' imports from non-members summed from the raw BACI file, world
export totals do not see the aggregate, and the CRMA test reads the same raw shares."""

import duckdb
import pytest

from sources.baci.load import SNAPSHOT_DIR
from tests.support.sql import rows

pytestmark = pytest.mark.build

RAW_FLOWS = SNAPSHOT_DIR / "baci_hs17_2024_critical.parquet"
# the EU's 27 members in 2024 (member on 31 December), written here, not read from the seed
MEMBERS_2024 = (  # noqa: SIM905 (the list as one reads it)
    "AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT "
    "ROU SVK SVN ESP SWE"
).split()
# a mineral-stage that the BACI 2024 snapshot gives with one HS code: cobalt oxides, 282200
MINERAL, STAGE, HS6 = "cobalt", "intermediate", "282200"


def raw_extra_eu_imports(hs6: str) -> dict[str, float]:
    """USD imports of the 2024 members from each non-member, from the raw BACI Parquet."""
    found = duckdb.sql(
        # S19: BACI's code for Taiwan (TWN in the warehouse)
        "select replace(exporter, 'S19', 'TWN'), sum(value_kusd) * 1000 from read_parquet(?) "
        "where year = 2024 and hs6 = ? and list_contains(?, importer) "
        "and not list_contains(?, exporter) group by all",
        params=[str(RAW_FLOWS), hs6, MEMBERS_2024, MEMBERS_2024],
    ).fetchall()
    return dict(found)


def raw_world_exports(hs6: str) -> float:
    ((total,),) = duckdb.sql(
        "select sum(value_kusd) * 1000 from read_parquet(?) "
        "where year = 2024 and hs6 = ? and exporter != importer",
        params=[str(RAW_FLOWS), hs6],
    ).fetchall()
    return total


def test_eu27_imports_equal_members_imports_from_non_members_in_raw_baci(published):
    raw = raw_extra_eu_imports(HS6)
    (eu27,) = rows(
        published,
        "select * from fct_import_dependence where source = 'baci' and year = 2024 "
        "and importer_iso3 = 'EU27' and mineral_id = ? and stage = ?",
        [MINERAL, STAGE],
    )
    assert eu27["hs6_codes"] == HS6
    assert eu27["is_importer_aggregate"] and eu27["importer_members_count"] == 27
    assert eu27["import_value_usd"] == pytest.approx(sum(raw.values()), rel=1e-9)
    assert eu27["china_share"] == pytest.approx(raw.get("CHN", 0) / sum(raw.values()), rel=1e-9)
    # no member is ever EU27's supplier; its shares sum to 1
    suppliers = rows(
        published,
        "select supplier_iso3, value_share from fct_bilateral_dependence where source = 'baci' "
        "and year = 2024 and importer_iso3 = 'EU27' and mineral_id = ? and stage = ?",
        [MINERAL, STAGE],
    )
    assert not {s["supplier_iso3"] for s in suppliers} & set(MEMBERS_2024)
    assert sum(s["value_share"] for s in suppliers) == pytest.approx(1, abs=1e-9)


def test_crma_test_reads_the_largest_non_member_of_the_raw_file(published):
    raw = raw_extra_eu_imports(HS6)
    largest = max((v, k) for k, v in raw.items())
    (row,) = rows(
        published,
        "select * from fct_crma_single_supplier_test where source = 'baci' and year = 2024 "
        "and importer_iso3 = 'EU27' and mineral_id = ? and stage = ?",
        [MINERAL, STAGE],
    )
    share = largest[0] / sum(raw.values())
    assert row["largest_supplier_iso3"] == largest[1]
    assert row["largest_supplier_share"] == pytest.approx(share, rel=1e-9)
    assert row["passes_direct"] == (share <= 0.65)
    assert row["is_strategic_raw_material"] and row["consumption_basis"] == "imports"
    importers = published.execute(
        "select distinct importer_iso3 from fct_crma_single_supplier_test order by 1"
    ).fetchall()
    assert [i for (i,) in importers] == ["CHN", "EU27", "JPN", "KOR", "USA"]


def test_world_export_totals_do_not_see_the_aggregate(published):
    (world,) = rows(
        published,
        "select * from fct_export_concentration where source = 'baci' and year = 2024 "
        "and mineral_id = ? and stage = ?",
        [MINERAL, STAGE],
    )
    assert world["world_export_value_usd"] == pytest.approx(raw_world_exports(HS6), rel=1e-9)
    (exporter_rows,) = published.execute(
        "select (select count(*) from intermediate.int_exposure__supply_shares "
        "where country_iso3 = 'EU27') + (select count(*) from fct_bilateral_dependence "
        "where supplier_iso3 = 'EU27') + (select count(*) from "
        "intermediate.int_trade__mineral_flows where 'EU27' in (importer_iso3, exporter_iso3))"
    ).fetchone()
    assert exporter_rows == 0


def test_eu27_rows_come_only_from_sources_covering_every_member(published):
    found = published.execute(
        "select distinct completeness from fct_import_dependence where importer_iso3 = 'EU27'"
    ).fetchall()
    assert {c for (c,) in found} <= {"complete", "top_partners"}
    (mislabelled,) = published.execute(
        "select count(*) from fct_import_dependence "
        "where is_importer_aggregate != (importer_iso3 = 'EU27')"
    ).fetchone()
    assert mislabelled == 0


def test_membership_is_decided_on_31_december(published):
    members = dict(
        published.execute(
            "select year, list(country_iso3 order by country_iso3) "
            "from intermediate.int_trade__eu27_members where year in (2003, 2004, 2019, 2020) "
            "group by year"
        ).fetchall()
    )
    assert "GBR" in members[2019] and "GBR" not in members[2020]  # left 2020-01-31
    assert len(members[2019]) == 28 and len(members[2020]) == 27
    assert "POL" in members[2004] and "POL" not in members[2003]  # joined 2004-05-01
