"""The two China-reported trade sources are whole, registered trade sources whose landings
and flows say which side reported them (reporter_side)."""

import json

import pytest

from sources.common.mappings import mapped_hs_codes
from sources.registry import all_sources, get, sources_of
from sources.registry.checks import problems
from sources.registry.generate import DBT_DIR

NAMES = ("wits_china_exports", "comtrade_china_imports")
MODELS = DBT_DIR / "models" / "staging"


@pytest.mark.parametrize("name", NAMES)
def test_the_source_is_whole_and_delivers_flows(name):
    manifest = json.loads((DBT_DIR / "target" / "manifest.json").read_text())
    record = get(name)
    assert [p for p in problems(all_sources(), manifest) if p.startswith(f"{name}:")] == []
    assert record in sources_of("trade")
    assert f"model.minerals.stg_{name}__flows" in manifest["nodes"]
    flows = (MODELS / name / f"stg_{name}__flows.sql").read_text(encoding="utf-8")
    assert "'reporter_side' as completeness" in flows


def test_each_side_is_the_one_china_reports():
    exports = (MODELS / NAMES[0] / f"stg_{NAMES[0]}__flows.sql").read_text(encoding="utf-8")
    imports = (MODELS / NAMES[1] / f"stg_{NAMES[1]}__flows.sql").read_text(encoding="utf-8")
    assert "'CHN' as exporter_iso3" in exports and "'exporter' as reported_by" in exports
    assert "'CHN' as importer_iso3" in imports and "'importer' as reported_by" in imports
    assert "'HS4' as hs_revision" in imports


def test_the_hs4_heading_is_mapped_but_not_asked_of_6_digit_downloads():
    seed = (DBT_DIR / "seeds" / "trade" / "hs_minerals.csv").read_text(encoding="utf-8")
    assert "\n2846,rare_earths,intermediate,exact,false,HS4," in seed
    assert "2846" not in mapped_hs_codes() and "284690" in mapped_hs_codes()
