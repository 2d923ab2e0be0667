"""The published warehouse answers the foundation's questions correctly."""

import json
from pathlib import Path

import pytest

from tests.support.sql import rows

pytestmark = pytest.mark.build

MANIFEST = Path(__file__).parents[2] / "dbt_project" / "target" / "manifest.json"


def manifest_nodes(resource_type: str) -> list[dict]:
    nodes = json.loads(MANIFEST.read_text())["nodes"].values()
    return [n for n in nodes if n["resource_type"] == resource_type]


def mart_names() -> set[str]:
    """Models of a marts folder published in the default schema (a reference fixture kept
    beside the marts, such as fct_geopolrisk_testcase, lives in schema reference)."""
    return {
        n["name"]
        for n in manifest_nodes("model")
        if "marts" in n["fqn"][1:-1] and n["schema"] == "main"
    }


def test_marts_answer_to_bare_names_other_layers_in_schemas(published):
    tables = rows(
        published, "select table_schema as s, table_name as t from information_schema.tables"
    )
    by_schema = {}
    for table in tables:
        by_schema.setdefault(table["s"], set()).add(table["t"])
    assert by_schema["main"] == mart_names()
    assert {"fct_production_concentration", "fct_import_dependence", "fct_bloc_share"} <= (
        by_schema["main"]
    )
    assert {"baci__country_codes", "reference__country_codes"} <= by_schema["raw"]
    # partitioned sources stay in the raw layer's Parquet files, outside the published file
    assert not {"usgs_mcs__world_production", "baci__trade_flows"} & by_schema["raw"]
    assert "stg_usgs_mcs__world_cells" in by_schema["staging"]
    assert "int_production__by_country" in by_schema["intermediate"]
    assert (
        published.execute("select count(*) from fct_production_concentration").fetchone()[0] > 300
    )


def test_china_mines_about_69_percent_of_rare_earths_2023(published):
    """As MCS2024 published 2023; MCS2025 revised the world total to 376,000 t."""
    (row,) = rows(
        published,
        "select * from fct_production_concentration_by_edition where source = 'usgs_mcs' "
        "and mineral_id = 'rare_earths' and stage = 'mine' and year = 2023 and edition = 2024",
    )
    assert row["world_total_published"] == 350_000
    assert row["top_producer_iso3"] == "CHN"
    assert row["china_share"] == pytest.approx(240_000 / 350_000)
    assert row["is_latest_edition"] is False
    assert 0 < row["hhi"] <= 10_000 and row["hhi_band_merger_2023"] == "highly concentrated"


def test_china_rare_earth_mine_share_2024_and_2025(published):
    shares = rows(
        published,
        "select year, edition, world_total_published, china_share "
        "from fct_production_concentration where source = 'usgs_mcs' "
        "and mineral_id = 'rare_earths' and stage = 'mine' and year >= 2024 order by year",
    )
    assert [(r["year"], r["edition"], r["world_total_published"]) for r in shares] == [
        (2024, 2026, 380_000),
        (2025, 2026, 390_000),
    ]
    assert [r["china_share"] for r in shares] == [
        pytest.approx(270_000 / 380_000),
        pytest.approx(270_000 / 390_000),
    ]


T5_SQL = """
    select t5.edition, t5.critical_mineral, t5.leading_country_percent_of_world as usgs_percent,
        names.iso3 as usgs_leader, c.top_producer_iso3, c.top_producer_share
    from staging.stg_usgs_mcs__critical_minerals_salient as t5
    inner join reference.usgs_country_names as names
        on names.country_name = t5.leading_country_name
    left join fct_production_concentration_by_edition as c
        on c.source = 'usgs_mcs' and c.mineral_id = t5.mineral_id and c.stage = t5.t5_stage
        and c.basis = t5.t5_basis and c.year = t5.year and c.edition = t5.edition
    where t5.leading_country_percent_of_world is not null
"""


@pytest.mark.parametrize(
    ("edition", "table", "n_rows"), [(2024, "T5", 27), (2025, "T5", 28), (2026, "T7", 35)]
)
def test_usgs_leading_producer_tables_reproduced_within_one_point(
    published, edition, table, n_rows
):
    """MCS2024 T5 (2023), MCS2025 T5 (2024), MCS2026 T7 (2025): same leader, within 1 point."""
    t5 = [r for r in rows(published, T5_SQL) if r["edition"] == edition]
    assert len(t5) == n_rows  # every row with a published percentage
    wrong = [
        r
        for r in t5
        if r["top_producer_iso3"] != r["usgs_leader"]
        or abs(100 * r["top_producer_share"] - r["usgs_percent"]) > 1
    ]
    assert wrong == []


def test_usgs_world_and_group_rows_are_marked_aggregates(published):
    # every name and series mapped: assert_usgs_country_names_mapped, assert_usgs_series_mapped
    aggregates = rows(
        published,
        "select count(*) as n from staging.stg_usgs_mcs__world_cells where is_aggregate",
    )
    assert aggregates[0]["n"] > 0


def test_withheld_us_value_is_not_counted_as_zero(published):
    (lithium,) = rows(
        published,
        "select * from fct_production_concentration where source = 'usgs_mcs' "
        "and mineral_id = 'lithium' "
        "and stage = 'mine' and year = 2023",
    )
    assert lithium["us_share"] is None and lithium["us_value_flag"] == "withheld"
    assert lithium["world_total_excludes_us"] is True
    assert lithium["n_countries_without_value"] >= 1


def test_revision_between_editions(published):
    (congo,) = rows(
        published,
        "select * from fct_production_revisions where mineral_id = 'cobalt' and stage = 'mine' "
        "and country_iso3 = 'COD' and year = 2022 and source = 'usgs_mcs'",
    )
    assert (congo["first_edition"], congo["first_quantity"]) == (2023, 130_000)
    assert (congo["latest_edition"], congo["latest_quantity"]) == (2024, 144_000)
    assert congo["revision"] == 14_000


def test_every_edition_kept_with_latest_flag(published):
    editions = rows(
        published,
        "select edition, quantity, is_latest_edition from fct_mineral_production "
        "where mineral_id = 'cobalt' and stage = 'mine' and country_iso3 = 'COD' "
        "and year = 2022 and source = 'usgs_mcs' order by edition",
    )
    assert [(r["edition"], r["is_latest_edition"]) for r in editions] == [
        (2023, False),
        (2024, True),
    ]


def test_carats_and_volumes_keep_their_unit(published):
    units = rows(
        published,
        "select mineral_id, any_value(quantity_unit) as unit from fct_mineral_production "
        "where mineral_id in ('diamond_gem', 'helium', 'gallium') group by mineral_id "
        "order by mineral_id",
    )
    assert units == [
        {"mineral_id": "diamond_gem", "unit": "carat"},
        {"mineral_id": "gallium", "unit": "t"},
        {"mineral_id": "helium", "unit": "m3"},
    ]


def test_net_import_reliance_keeps_censored_values(published):
    nir = rows(
        published,
        "select component, nir_text, nir_percent, nir_lower_percent, nir_upper_percent, "
        "is_net_exporter from fct_us_net_import_reliance where mineral_id = 'rare_earths' "
        "and published_in = 'salient' and year = 2023 and edition = 2024 order by component",
    )
    assert nir == [
        {
            "component": "compounds-metals",
            "nir_text": ">95",
            "nir_percent": None,
            "nir_lower_percent": 95.0,
            "nir_upper_percent": 100.0,
            "is_net_exporter": False,
        },
        {
            "component": "concentrate",
            "nir_text": "E",
            "nir_percent": None,
            "nir_lower_percent": None,
            "nir_upper_percent": 0.0,
            "is_net_exporter": True,
        },
    ]


def test_critical_minerals_dimension(published):
    flags = dict(
        published.execute(
            "select mineral_id, is_usgs_critical_2022 from dim_mineral "
            "where mineral_id in ('rare_earths', 'gallium', 'neodymium', 'cement')"
        ).fetchall()
    )
    assert flags == {"rare_earths": True, "gallium": True, "neodymium": True, "cement": False}
    listed_2025 = dict(
        published.execute(
            "select mineral_id, is_usgs_critical_2025 from dim_mineral "
            "where mineral_id in ('copper', 'silicon', 'uranium', 'cement')"
        ).fetchall()
    )
    assert listed_2025 == {"copper": True, "silicon": True, "uranium": True, "cement": False}


def test_dbt_unit_tests_ran_and_passed(built_warehouse):
    path = built_warehouse.build.parent / "dbt_run_results.json"
    results = json.loads(path.read_text())["results"]
    unit = {
        r["unique_id"].split(".")[-1]: r["status"]
        for r in results
        if r["unique_id"].startswith("unit_test.")
    }
    declared = {u["name"] for u in json.loads(MANIFEST.read_text())["unit_tests"].values()}
    assert set(unit) == declared
    assert {
        "concentration_two_equal_producers",
        "concentration_world_total_not_computable",
        "latest_edition_per_series_year",
        "source_comparison_gaps",
        "governance_risk_hhi_wgi_by_hand",
    } <= declared
    assert set(unit.values()) == {"pass"}
    failed = [r["unique_id"] for r in results if r["status"] in ("error", "fail")]
    assert failed == []
