"""Every registered source reaches the marts, in the vocabulary its record declares."""

import pytest

from sources.registry import sources_of
from tests.support.sql import rows

pytestmark = pytest.mark.build

PRODUCTION = [s.name for s in sources_of("production")]
TRADE = [s.name for s in sources_of("trade")]


@pytest.mark.parametrize(
    "mart",
    ["fct_mineral_production", "fct_production_concentration", "fct_governance_risk"],
)
def test_every_production_source_reaches_the_mart(published, mart):
    found = {r["source"] for r in rows(published, f"select distinct source from {mart}")}
    assert set(PRODUCTION) <= found, f"{mart} lacks {sorted(set(PRODUCTION) - found)}"


def test_every_production_source_reaches_the_bloc_shares(published):
    found = {
        r["source"]
        for r in rows(
            published,
            "select distinct source from fct_bloc_share where measure_kind = 'production'",
        )
    }
    assert set(PRODUCTION) <= found


def test_every_trade_source_reaches_the_marts_its_completeness_allows(published):
    """Every trade source reaches fct_trade_flows and dim_trade_coverage; the importer marts
    take the sources that may speak for an importer (complete, top partners, an importer's
    own report), never one exporter's report or a partner subset reported by neither side
    (macros/trade_sources.sql)."""
    flows = {r["source"] for r in rows(published, "select distinct source from fct_trade_flows")}
    assert set(TRADE) <= flows
    importer_side = {
        r["source"]
        for r in rows(
            published,
            "select distinct source from intermediate.int_trade__mineral_flows "
            "where covers_importer",
        )
    }
    dependence = {
        r["source"] for r in rows(published, "select distinct source from fct_import_dependence")
    }
    assert dependence == importer_side
    assert {"wits_china_exports", "baci_asean"}.isdisjoint(dependence)
    assert {"baci", "comtrade", "baci_panels", "comtrade_china_imports"} <= dependence


def test_stages_and_bases_are_in_each_sources_vocabulary(published):
    outside = []
    for source in sources_of("production"):
        for r in rows(
            published,
            "select distinct stage, split_part(basis, '__', 1) as basis "
            "from fct_mineral_production where source = ?",
            [source.name],
        ):
            if r["stage"] not in source.stages or r["basis"] not in source.bases:
                outside.append(f"{source.name}: stage {r['stage']}, basis {r['basis']}")
    assert outside == [], "values outside the record's vocabulary (sources/<name>/source.py)"
