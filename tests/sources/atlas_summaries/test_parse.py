"""The bundled atlas summaries parse to the published figures; bad input names where."""

from __future__ import annotations

import json

import polars as pl
import pytest

from sources.atlas_summaries.load import SNAPSHOT_DIR, TABLES, load_release
from sources.atlas_summaries.parse import parse_document
from sources.common.errors import SourceDataError

COBALT = SNAPSHOT_DIR / "cobalt_trade.json"
LITHIUM = SNAPSHOT_DIR / "lithium_trade.json"


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return load_release().tables


def raw(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def totals_row(tables, hs6, year) -> dict:
    found = tables["world_totals"].filter((pl.col("hs6") == hs6) & (pl.col("year") == year))
    assert found.height == 1
    return found.row(0, named=True)


def test_tables_and_grain(tables):
    assert set(TABLES.values()) == {
        "atlas_summaries__world_totals",
        "atlas_summaries__top_partners",
    }
    totals, partners = tables["world_totals"], tables["top_partners"]
    codes = sorted({*raw(COBALT)["codes"], *raw(LITHIUM)["codes"]})
    assert sorted(totals["hs6"].unique()) == codes == ["260500", "282520", "283691", "810520"]
    assert totals.height == len(codes) * len(raw(COBALT)["years"])
    assert partners.height == totals.height * 2 * 8


def test_lithium_carbonate_2024_world_total(tables):
    """283691 in 2024: world_usd 3,779,109,456, 327,223.6 t, 677 flows (equal to the bundled
    BACI 2024 extract, PROVENANCE-3 §B5)."""
    entry = raw(LITHIUM)["years_data"]["2024"]["283691"]
    row = totals_row(tables, "283691", 2024)
    assert row["world_usd"] == entry["world_usd"] == 3_779_109_456
    assert row["world_tonnes"] == entry["world_tonnes"] == 327_223.6
    assert row["n_flows"] == entry["n_flows"] == 677
    assert row["hs_vintage"] == raw(LITHIUM)["vintage"]["2024"] == "HS17"


def test_china_share_of_cobalt_mattes_2024(tables):
    """China's share of world 810520 exports, 2024, recomputed from its listed value and the
    world total: 169,113,900 / 4,765,557,284 = 0.0355."""
    entry = raw(COBALT)["years_data"]["2024"]["810520"]
    (china,) = [e for e in entry["exporters"] if e["iso"] == "CN"]
    recomputed = round(china["value_usd"] / entry["world_usd"], 4)
    assert recomputed == totals_row(tables, "810520", 2024)["china_export_share"] == 0.0355


def test_top_lists_are_not_flows_and_keep_odd_names(tables):
    partners = tables["top_partners"]
    names = dict(
        partners.filter(pl.col("partner_iso2").is_in(["DE", "BE"]))
        .select("partner_iso2", "partner_name")
        .unique()
        .iter_rows()
    )
    assert names == {"DE": "Fed. Rep. of Germany (...1990)", "BE": "Belgium-Luxembourg (...1998)"}
    chile = partners.filter(
        (pl.col("hs6") == "283691") & (pl.col("year") == 2024) & (pl.col("side") == "exporter")
    ).sort("rank")
    assert chile.row(0, named=True)["partner_iso2"] == "CL"
    assert chile.row(0, named=True)["value_usd"] == 2_814_277_328


def test_a_series_that_differs_from_the_years_names_code_year_field():
    doc = raw(COBALT)
    doc["series"]["810520"][3]["world_usd"] += 1
    with pytest.raises(SourceDataError, match=r"series 810520 year 2005: world_usd .* differs"):
        parse_document(COBALT.name, doc)


def test_a_text_figure_names_where():
    doc = raw(LITHIUM)
    doc["years_data"]["2010"]["282520"]["n_flows"] = "many"
    with pytest.raises(SourceDataError, match=r"years_data 2010 code 282520: n_flows 'many'"):
        parse_document(LITHIUM.name, doc)


def test_a_vintage_mismatch_fails():
    doc = raw(LITHIUM)
    doc["years_data"]["2017"]["283691"]["hs"] = "HS02"
    with pytest.raises(SourceDataError, match="differs from vintage 'HS17'"):
        parse_document(LITHIUM.name, doc)
