"""The atlas sources in the published warehouse: figures reproduced from the raw files."""

from __future__ import annotations

import csv
import json

import pytest

from sources.atlas_baci.load import SNAPSHOT_DIR as BACI_EXTRACT_DIR
from sources.atlas_flows.load import SNAPSHOT_DIR as FLOWS_DIR
from tests.support.sql import rows

pytestmark = pytest.mark.build


def materials(year: int) -> dict:
    return json.loads((FLOWS_DIR / "flows_json" / f"flows_{year}.json").read_text())["materials"]


def test_china_share_of_antimony_exports_2010_as_the_json_gives_it(published):
    entries = materials(2010)["antimony"]
    world = sum(e["value"] for e in entries)
    china = sum(e["value"] for e in entries if e["from"] == "CN")
    (row,) = rows(
        published,
        "select * from fct_export_concentration where source = 'atlas_flows' "
        "and mineral_id = 'antimony' and stage = 'refined_metal' and year = 2010",
    )
    assert row["china_share"] == pytest.approx(china / world)
    assert row["top_exporter_iso3"] == "CHN"


def test_one_row_per_flow_and_the_811292_lists_kept_once(published):
    distinct = set()
    for year in range(2002, 2025):
        codes = {"gallium": "811292", "germanium": "811292", "hafnium": "811292"}
        for material, entries in materials(year).items():
            distinct |= {(year, codes.get(material, material), e["from"], e["to"]) for e in entries}
    (count,) = rows(published, "select count(*) as n from staging.stg_atlas_flows__flows")
    assert count["n"] == len(distinct)
    shared = rows(
        published,
        "select materials, hs_revision, count(*) as n from staging.stg_atlas_flows__flows "
        "where year = 2024 and hs6 = '811292' group by all",
    )
    assert shared == [
        {
            "materials": "gallium germanium hafnium",
            "hs_revision": "HS17",
            "n": len(materials(2024)["gallium"]),
        }
    ]


def test_every_atlas_row_says_its_completeness(published):
    found = rows(
        published,
        "select source, list(distinct completeness) as kinds, min(year) as first, "
        "max(year) as last from intermediate.int_trade__flows "
        "where source in ('atlas_flows', 'atlas_baci') group by source order by source",
    )
    assert found == [
        {"source": "atlas_baci", "kinds": ["complete"], "first": 2022, "last": 2022},
        {"source": "atlas_flows", "kinds": ["top_partners"], "first": 2002, "last": 2024},
    ]


def test_a_baci_2022_flow_as_the_extract_gives_it(published):
    with (BACI_EXTRACT_DIR / "baci_2022.csv").open(newline="") as handle:
        lines = list(csv.DictReader(handle))
    (line,) = [r for r in lines if (r["i"], r["j"], r["cmd"]) == ("CHL", "CHN", "283691")]
    (flow,) = rows(
        published,
        "select value_usd, quantity_t, completeness, folded_hs6 from staging.stg_atlas_baci__flows "
        "where year = 2022 and exporter_iso3 = 'CHL' and importer_iso3 = 'CHN' "
        "and hs6 = '283691'",
    )
    assert flow["value_usd"] == float(line["value"])
    assert round(flow["value_usd"] / 1e9, 2) == 6.0  # Chile's lithium carbonate to China
    assert flow["quantity_t"] is None and flow["completeness"] == "complete"
    assert flow["folded_hs6"] is None
    folded = rows(
        published,
        "select hs6, count(*) as n from staging.stg_atlas_baci__flows "
        "where folded_hs6 = '811231' group by hs6",
    )
    assert folded == [{"hs6": "811292", "n": sum(r["cmd"] == "811292" for r in lines)}]
    assert not any(r["cmd"] == "811231" for r in lines)
