"""One home per source: the registry is whole, and a half-registered source is named."""

import dataclasses
import json

import pytest

from sources.common.source_record import LandedTable
from sources.registry import all_sources, get, sources_of
from sources.registry.checks import problems
from sources.registry.generate import DBT_DIR, stale_files

MANIFEST = DBT_DIR / "target" / "manifest.json"


@pytest.fixture(scope="module")
def manifest() -> dict:
    if not MANIFEST.exists():
        pytest.fail(f"{MANIFEST} is missing: run `make manifest` (dbt parse) first")
    return json.loads(MANIFEST.read_text())


def test_generated_files_are_fresh():
    assert stale_files(all_sources()) == [], "run `python -m sources.registry`"


def test_every_registered_source_is_whole(manifest):
    assert problems(all_sources(), manifest) == []


def test_production_and_trade_sources_come_from_the_records():
    assert [s.name for s in sources_of("production")] == [
        "usgs_mcs",
        "usgs_myb",
        "wmd",
        "iea",
        "wmd_history",
    ]
    assert [s.name for s in sources_of("trade")][:2] == ["baci", "comtrade"]


def test_a_table_declared_but_never_landed_is_named(manifest):
    usgs = get("usgs_mcs")
    ghost = dataclasses.replace(
        usgs, tables=(*usgs.tables, LandedTable("usgs_mcs__ghost", "a table nobody lands"))
    )
    found = problems([ghost, *[s for s in all_sources() if s.name != "usgs_mcs"]], manifest)
    assert "usgs_mcs: declared table usgs_mcs__ghost is landed by no load.py TABLES entry" in found
    assert (
        "usgs_mcs: table usgs_mcs__ghost has no dbt source (run `python -m sources.registry`)"
        in (found)
    )


def test_a_landed_table_the_record_omits_is_named(manifest):
    wmd = get("wmd")
    found = problems([dataclasses.replace(wmd, tables=(LandedTable("wmd__other", "x"),))])
    assert "wmd: landed table wmd__production is not declared in sources/wmd/source.py" in found


def test_a_dbt_source_without_a_landing_is_named(manifest):
    others = [s for s in all_sources() if s.name != "wgi"]
    found = problems(others, manifest)
    assert (
        "wgi: dbt source wgi__governance_indicators is backed by no registered source's "
        "landed table" in found
    )


def test_a_source_without_licence_or_credits_is_named():
    found = problems([dataclasses.replace(get("iea"), licence=" ", citation="")])
    assert "iea: its record has no licence" in found
    assert "iea: its record has no citation" in found


def test_a_fact_without_its_conformed_model_is_named():
    found = problems([dataclasses.replace(get("wgi"), facts=("production",))])
    assert found == [
        "wgi: delivers production but has no stg_wgi__production.sql in "
        "dbt_project/models/staging/wgi (the conformed production model)"
    ]


def test_a_source_without_a_package_is_named():
    found = problems([dataclasses.replace(get("wgi"), name="nosuch", dbt_folder="nosuch")])
    assert "nosuch: no package sources/nosuch/ with a load.py" in found
    assert "nosuch: no dbt staging folder dbt_project/models/staging/nosuch" in found


def test_dagster_lands_exactly_the_registered_tables():
    from orchestration.assets import landing_assets

    landed = {tuple(key.path) for asset in landing_assets() for key in asset.keys}
    assert landed == {(s.name, t.name) for s in all_sources() for t in s.tables}
