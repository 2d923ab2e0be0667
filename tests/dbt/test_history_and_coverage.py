"""Production history, trade coverage, China's export share and the export-control event
study, checked against the raw files and against the marts they are built from."""

from pathlib import Path

import openpyxl
import pytest

from tests.support.sql import rows

pytestmark = pytest.mark.build

WMD_HISTORY = (
    Path(__file__).parents[2] / "sources/wmd_history/snapshot/wmd_6.4._total_1984-2017.xlsx"
)


def wmd_history_block(title: str) -> dict[str, dict[int, float]]:
    """One commodity block of the WMD 1984-2017 workbook, read cell by cell: row label ->
    year -> value (the test's own reading, not the source's parser)."""
    sheet = openpyxl.load_workbook(WMD_HISTORY, read_only=True, data_only=True).active
    block, years = {}, None
    for row in sheet.iter_rows(values_only=True):
        label = row[0]
        if years is None:
            if label == title:
                years = {i: int(v) for i, v in enumerate(row) if isinstance(v, (int, float))}
            continue
        if label is None or (isinstance(row[1], str) and row[1] == "Unit"):
            break
        block[str(label).strip()] = {
            year: row[i] for i, year in years.items() if isinstance(row[i], (int, float))
        }
        if str(label).strip() == "Total":
            break
    return block


@pytest.mark.parametrize("year", [1990, 2000, 2010])
def test_china_rare_earth_share_reproduces_wmd_table_6_4(published, year):
    block = wmd_history_block("Rare Earths (REO)")
    expected = block["China"][year] / block["Total"][year]
    (history,) = rows(
        published,
        "select source, china_share from fct_production_concentration_history "
        f"where mineral_id = 'rare_earths' and stage = 'mine' and year = {year}",
    )
    assert history["source"] == "wmd_history"
    assert history["china_share"] == pytest.approx(expected, rel=1e-6)


def test_china_rare_earth_mine_share_is_one_named_series_to_the_latest_year(published):
    series = rows(
        published,
        "select year, source, china_share from fct_production_concentration_history "
        "where mineral_id = 'rare_earths' and stage = 'mine' order by year",
    )
    years = [r["year"] for r in series]
    assert years[0] == 1984 and years[-1] >= 2025
    assert all(r["source"] and r["china_share"] is not None for r in series)
    sources = {r["source"] for r in series}
    assert {"wmd_history", "usgs_mcs"} <= sources


def test_every_history_source_row_names_the_preferred_one(published):
    (bad,) = published.execute(
        """
        select count(*) from fct_production_history_sources as s
        join fct_production_concentration_history as h using (mineral_id, stage, year)
        where s.preferred_source != h.source or (s.is_preferred != (s.source = h.source))
        """
    ).fetchone()
    assert bad == 0


def test_graphite_ore_of_2024_is_marked_partial(published):
    (row,) = rows(
        published,
        "select hs6_codes, hs6_codes_missing, is_partial_coverage, completeness "
        "from fct_import_dependence where source = 'baci' and importer_iso3 = 'USA' "
        "and mineral_id = 'graphite' and stage = 'ore_concentrate' and year = 2024",
    )
    assert row["hs6_codes"] == "250490"
    assert "250410" in row["hs6_codes_missing"].split()
    assert row["is_partial_coverage"] is True
    assert row["completeness"] == "complete"


def test_coverage_has_one_default_series_per_mineral_stage_year(published):
    (bad,) = published.execute(
        """
        select count(*) from (
            select mineral_id, stage, year from dim_trade_coverage
            where n_codes_present > 0
            group by all having count(*) filter (where is_default_series) != 1
        )
        """
    ).fetchone()
    assert bad == 0


def test_china_export_share_is_its_sources_concentration_row(published):
    (bad,) = published.execute(
        """
        select count(*) from fct_china_export_share as s
        join fct_export_concentration as e using (source, mineral_id, stage, year)
        where s.china_share is distinct from e.china_share
        """
    ).fetchone()
    (n,) = published.execute("select count(*) from fct_china_export_share").fetchone()
    assert n > 100 and bad == 0


def test_event_study_reproduces_the_flows_and_says_where_data_stop(published):
    """China's gallium control (MOFCOM 23/2023, in force 2023-08-01): exports of the covered
    codes in Comtrade, indexed to 2022; 2023 is a row saying Comtrade holds no such year."""
    study = {
        r["year"]: r
        for r in rows(
            published,
            "select * from fct_export_control_event_study where control_id = 'CHN-2023-023' "
            "and source = 'comtrade' and destination_iso3 = 'WLD'",
        )
    }
    assert study[2022]["base_year"] == 2022 and study[2022]["value_index"] == pytest.approx(1)
    assert study[2023]["year_in_source"] is False and "2022 2024" in study[2023]["data_note"]
    (flows,) = published.execute(
        """
        select sum(value_usd) from fct_trade_flows
        where source = 'comtrade' and year = 2024 and exporter_iso3 = 'CHN'
            and hs6 in (select unnest(string_split(replace(hs_codes, ' ', ''), ';'))
                        from reference.export_controls where control_id = 'CHN-2023-023')
        """
    ).fetchone()
    assert study[2024]["value_usd"] == pytest.approx(flows)
    assert study[2024]["value_index"] == pytest.approx(flows / study[2022]["value_usd"])


def test_the_readme_coverage_table_is_the_warehouse_s(built_warehouse):
    from outputs import coverage

    assert coverage.main(["--check", "--warehouse", str(built_warehouse.published)]) == 0
