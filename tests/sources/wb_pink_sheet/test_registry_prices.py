"""The fact kind 'price' in the registry: its sources, its conformed model, its union macro."""

from __future__ import annotations

import dataclasses

from sources.registry import all_sources, get, sources_of
from sources.registry.checks import problems
from sources.registry.generate import DBT_DIR, macro_sql


def test_price_sources_come_from_the_records():
    assert [s.name for s in sources_of("price")] == ["usgs_mcs", "wb_pink_sheet", "usgs_ds140"]
    assert get("wb_pink_sheet").facts == ("price",)
    assert "price" in get("usgs_mcs").facts and "production" in get("usgs_mcs").facts


def test_the_macro_lists_the_price_sources():
    assert '"price": ["usgs_mcs", "wb_pink_sheet", "usgs_ds140"]' in macro_sql(all_sources())
    union = (DBT_DIR / "macros" / "price_sources.sql").read_text(encoding="utf-8")
    assert "registered_sources('price')" in union and "'stg_' ~ source ~ '__prices'" in union


def test_a_price_source_without_its_conformed_model_is_named():
    found = problems([dataclasses.replace(get("wgi"), facts=("price",))])
    assert found == [
        "wgi: delivers price but has no stg_wgi__prices.sql in "
        "dbt_project/models/staging/wgi (the conformed price model)"
    ]
    assert problems([get("wb_pink_sheet"), get("usgs_mcs")]) == []
