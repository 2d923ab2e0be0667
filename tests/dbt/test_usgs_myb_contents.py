"""The Minerals Yearbook world tables in the marts reproduce the raw workbooks."""

import pytest
import xlrd

from sources.usgs_myb.load import SNAPSHOT_DIR
from tests.support.sql import rows

pytestmark = pytest.mark.build


def test_china_rare_earth_share_2016_reproduced_from_the_raw_table(published):
    sheet = xlrd.open_workbook(str(SNAPSHOT_DIR / "myb1-2016-raree.xls")).sheet_by_name("T6")
    values = {sheet.cell_value(r, 0): sheet.cell_value(r, 10) for r in range(sheet.nrows)}
    expected = values["Chinae, 3"] / values["Total"]  # 105,000 of 129,000
    found = rows(
        published,
        "select china_share, world_total_published from fct_production_concentration_by_edition "
        "where source = 'usgs_myb' and mineral_id = 'rare_earths' and stage = 'mine' "
        "and year = 2016 and edition = 2016",
    )
    assert len(found) == 1 and round(expected, 4) == 0.814
    assert found[0]["china_share"] == pytest.approx(expected)
    assert found[0]["world_total_published"] == values["Total"] == 129_000


def test_the_revised_congo_cobalt_keeps_both_editions(published):
    found = rows(
        published,
        "select edition, quantity, is_latest_edition from fct_mineral_production "
        "where source = 'usgs_myb' and mineral_id = 'cobalt' and stage = 'mine' "
        "and country_iso3 = 'COD' and year = 2016 order by edition",
    )
    assert [(r["edition"], r["quantity"], r["is_latest_edition"]) for r in found] == [
        (2016, 64_000, False),
        (2019, 68_000, True),
    ]


def test_subtotals_grand_totals_and_breakdowns_stay_out_of_the_series(published):
    kept = rows(
        published,
        "select row_role, count(*) as n, count(*) filter (where is_mapped) as mapped, "
        "count(*) filter (where is_mapped and aggregate_kind = 'world_total') as world "
        "from staging.stg_usgs_myb__production group by row_role",
    )
    by_role = {r["row_role"]: r for r in kept}
    for role in ("country_subtotal", "breakdown"):
        assert by_role[role]["n"] > 0 and by_role[role]["mapped"] == 0
    # a grand total counts only where it is the table's world total (graphite 2019...)
    grand = by_role["grand_total"]
    assert grand["n"] > grand["mapped"] > 0 and grand["mapped"] == grand["world"]
    graphite_2019 = rows(
        published,
        "select quantity from staging.stg_usgs_myb__production where is_mapped "
        "and aggregate_kind = 'world_total' and source_file = 'myb1-2019-graph-adv.xlsx' "
        "and year = 2019",
    )
    assert [r["quantity"] for r in graphite_2019] == [1_100_000]  # the Grand total row
