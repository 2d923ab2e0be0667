"""Correct on every row (issue 15, items 7-9): withheld is not zero, shares above 1 carry
their flag, and null means one thing (the source gives no figure) with its reason."""

import pytest
from rich.console import Console

from outputs import report
from tests.support.sql import rows

pytestmark = pytest.mark.build


# -- item 7: withheld is not zero ----------------------------------------------------------


def test_withheld_domestic_production_gives_no_import_reliance(published):
    """USGS withholds US barite, bauxite and titanium sponge production (W) and publishes
    an import reliance of ">75", not 100: the reliance is null, with the reason, never 1.0
    from a withheld figure counted as zero."""
    got = rows(
        published,
        "select mineral_id, domestic_production_t, is_domestic_production_assumed_zero, "
        "import_reliance, import_reliance_null_reason, geopolrisk_score, "
        "geopolrisk_score_null_reason from fct_importer_supply_risk "
        "where importer_iso3 = 'USA' and mineral_id in ('barite', 'aluminum', 'titanium') "
        "and stage in ('ore_concentrate', 'refined_metal') and production_source = 'usgs_mcs' "
        "and source = 'baci'",
    )
    assert {r["mineral_id"] for r in got} == {"barite", "aluminum", "titanium"}
    for r in got:
        assert r["domestic_production_t"] is None, r
        assert not r["is_domestic_production_assumed_zero"], r
        assert r["import_reliance"] is None, r
        assert r["import_reliance_null_reason"] == "domestic production withheld (W)", r
        assert r["geopolrisk_score"] is None, r
        assert r["geopolrisk_score_null_reason"] == "domestic production withheld (W)", r


def test_no_listed_country_is_counted_as_producing_zero(published):
    """A country listed without a number (W, NA) is never taken as producing nothing (a
    blank cell, flag missing, says nothing and counts as absent, as before)."""
    assumed = rows(
        published,
        """
        select r.source, r.importer_iso3, r.mineral_id, r.stage, r.year, p.value_flag
        from fct_importer_supply_risk as r
        inner join intermediate.int_exposure__production_shares as p
            on p.source = r.production_source and p.mineral_id = r.mineral_id
            and p.stage = r.production_stage and p.basis = r.production_basis
            and p.year = r.year and p.country_iso3 = r.importer_iso3
        where p.quantity is null and p.value_flag != 'missing'
            and (r.domestic_production_t is not null or r.import_reliance = 1)
        """,
    )
    assert assumed == []
    (fluorspar,) = rows(
        published,
        "select import_reliance, import_reliance_null_reason from fct_importer_supply_risk "
        "where source = 'baci' and importer_iso3 = 'USA' and mineral_id = 'fluorspar' "
        "and stage = 'ore_concentrate' and year = 2024",
    )
    assert fluorspar == {
        "import_reliance": None,
        "import_reliance_null_reason": "domestic production listed without a number "
        "(not_available)",
    }


# -- item 8: shares above 1 and HHI above 10,000 carry their flag ---------------------------


def test_bloc_shares_above_one_are_flagged(published):
    above = rows(
        published,
        "select bloc_id, mineral_id, stage, year, measure, share, is_world_total_below_listed "
        "from fct_bloc_share where share > 1 order by bloc_id, mineral_id, year",
    )
    assert above, "BRICS vanadium 2025 (1.03) is expected above 1"
    assert all(r["is_world_total_below_listed"] for r in above), above
    vanadium = next(r for r in above if r["mineral_id"] == "vanadium" and r["year"] == 2025)
    assert (vanadium["bloc_id"], vanadium["share"]) == ("BRICS", pytest.approx(1.03))


def test_headline_shares_and_hhi_above_range_are_flagged(published):
    above = rows(
        published,
        "select mineral_id, stage, measure, china_share, top_share, hhi, msp_share, "
        "brics_share, is_world_total_below_listed from fct_mineral_headlines "
        "where greatest(china_share, top_share, msp_share, brics_share) > 1 + 1e-9 "
        "or hhi > 10000 + 1e-6",
    )
    assert {(r["mineral_id"], r["stage"]) for r in above} >= {
        ("gallium", "refinery"),
        ("vanadium", "mine"),
    }
    assert all(r["is_world_total_below_listed"] for r in above), above
    gallium = next(r for r in above if r["mineral_id"] == "gallium")
    assert gallium["hhi"] == pytest.approx(10_000.56, abs=0.01)  # figure kept, flagged


def test_report_marks_flagged_shares(published):
    console = Console(record=True, width=200)
    report.main(console)
    text = console.export_text()
    assert report.ABOVE_RANGE_MARK in text
    assert "10,001" + report.ABOVE_RANGE_MARK in text  # gallium refinery 2025
    assert "is_world_total_below_listed" in text


# -- item 9: null means the source gives no figure, with the reason --------------------------


def test_production_china_share_null_has_its_reason(published):
    reasons = {
        r["china_share_null_reason"]: r["n"]
        for r in rows(
            published,
            "select china_share_null_reason, count(*) as n from fct_production_concentration "
            "where china_share is null group by all",
        )
    }
    assert None not in reasons
    assert "not listed by the source" in reasons
    (iodine,) = rows(
        published,
        "select china_share, china_share_null_reason from fct_production_concentration "
        "where source = 'usgs_mcs' and mineral_id = 'iodine' and stage = 'mine' and year = 2024",
    )
    assert iodine == {"china_share": None, "china_share_null_reason": "not listed by the source"}


def test_not_listed_is_null_in_bloc_and_headline_production_shares(published):
    """Production: a source that lists no member gives no figure (null, reason), as in
    fct_production_concentration; exports: no recorded flow is a recorded zero."""
    (chromium,) = rows(
        published,
        "select share, share_null_reason, bloc_quantity from fct_bloc_share "
        "where bloc_id = 'CHINA' and measure = 'production_usgs_mcs' "
        "and mineral_id = 'chromium' and stage = 'mine' and year = 2025",
    )
    assert chromium == {
        "share": None,
        "share_null_reason": "no member listed by the source",
        "bloc_quantity": None,
    }
    mismatched = rows(
        published,
        """
        select b.mineral_id, b.stage, b.year, b.share, p.china_share
        from fct_bloc_share as b
        inner join fct_production_concentration as p
            on p.source = b.source and p.mineral_id = b.mineral_id and p.stage = b.stage
            and p.basis = b.basis and p.year = b.year
        where b.bloc_id = 'CHINA' and b.measure_kind = 'production'
            and (b.share is null) != (p.china_share is null)
        """,
    )
    assert mismatched == []
    headline = rows(
        published,
        "select measure, china_share, china_share_null_reason from fct_mineral_headlines "
        "where mineral_id = 'chromium' and stage = 'mine'",
    )
    production = [r for r in headline if r["measure"] == "production_usgs_mcs"]
    assert production == [
        {
            "measure": "production_usgs_mcs",
            "china_share": None,
            "china_share_null_reason": "not listed by the source",
        }
    ]
    for table in ("fct_export_concentration", "fct_import_dependence"):
        (n_null,) = published.execute(
            f"select count(*) from {table} where china_share is null"
        ).fetchone()
        assert n_null == 0, table


def test_every_null_geopolrisk_and_reliance_has_its_reason(published):
    us = rows(
        published,
        "select geopolrisk_score, geopolrisk_score_null_reason, import_reliance, "
        "import_reliance_null_reason from fct_importer_supply_risk where importer_iso3 = 'USA'",
    )
    assert any(r["geopolrisk_score"] is None for r in us)
    for r in us:
        assert (r["geopolrisk_score"] is None) == (r["geopolrisk_score_null_reason"] is not None)
        assert (r["import_reliance"] is None) == (r["import_reliance_null_reason"] is not None)
