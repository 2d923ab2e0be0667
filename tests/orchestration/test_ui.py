"""What the Dagster UI shows: descriptions, kinds, typed columns, row counts, previews,
check descriptions and severities, and explicit lineage from landed tables to dbt sources."""

import datetime as dt
import shutil

import dagster as dg
import duckdb
import pytest

from orchestration.assets.dbt import AUDIT_TABLE, LANDED_TABLES, MARTS
from orchestration.assets.reference import reference_tables
from orchestration.assets.usgs_mcs import usgs_mcs_tables
from orchestration.definitions import defs
from orchestration.partitions import RANGE_END, RANGE_START
from storage.settings import ENV_VAR
from tests.conftest import build

pytestmark = pytest.mark.build

GRAPH = defs.resolve_asset_graph()
KEYS = sorted(GRAPH.get_all_asset_keys(), key=lambda k: k.to_user_string())
LANDED = [k for k in KEYS if GRAPH.get(k).group_name not in {"staging", "intermediate", MARTS}]
WARN_TEST = "warn_usgs_cells_without_header"


def spec_of(key: dg.AssetKey) -> dg.AssetSpec:
    return next(s for s in defs.resolve_assets_def(key).specs if s.key == key)


def check_spec(name: str) -> dg.AssetCheckSpec:
    key = next(k for k in GRAPH.asset_check_keys if k.name == name)
    return defs.resolve_assets_def(key.asset_key).get_spec_for_check_key(key)


def test_every_asset_has_a_description_and_kinds():
    bare = [k.to_user_string() for k in KEYS if not GRAPH.get(k).description]
    kindless = [k.to_user_string() for k in KEYS if not spec_of(k).kinds]
    assert (bare, kindless) == ([], [])


def test_landed_tables_are_duckdb_polars_and_dbt_models_dbt_duckdb():
    from orchestration.assets.usgs_mcs import usgs_mcs_tables
    from orchestration.partitions import YEARS

    yearly = {
        dg.AssetKey(["baci", "baci__trade_flows"]),
        dg.AssetKey(["comtrade", "comtrade__trade_records"]),
        *usgs_mcs_tables.keys,  # partitioned by edition
    }
    assert len(yearly) == 6
    for key in LANDED_TABLES.values():
        # trade years and USGS editions land as Parquet files (the raw layer), one per key
        expected = {"parquet", "polars"} if key in yearly else {"duckdb", "polars"}
        assert spec_of(key).kinds == expected, key
        assert GRAPH.get(key).partitions_def == (YEARS if key in yearly else None), key
    assert spec_of(dg.AssetKey("fct_production_concentration")).kinds >= {"dbt", "duckdb"}


def test_every_check_has_a_description():
    missing = [k.name for k in GRAPH.asset_check_keys if not check_spec(k.name).description]
    assert missing == []


def test_warn_test_is_a_non_blocking_check_naming_its_audit_table():
    spec = check_spec(WARN_TEST)
    assert not spec.blocking
    assert spec.metadata[AUDIT_TABLE] == f"audit.{WARN_TEST}"
    assert "Severity warn" in spec.description


def test_dbt_sources_depend_on_the_landing_assets():
    staging = GRAPH.get(dg.AssetKey(["staging", "stg_usgs_mcs__world_cells"]))
    assert dg.AssetKey(["usgs_mcs", "usgs_mcs__world_production"]) in staging.parent_keys
    landing_assets = set(LANDED_TABLES.values())
    for key in KEYS:
        if GRAPH.get(key).group_name == "staging":
            raw_parents = {
                p
                for p in GRAPH.get(key).parent_keys
                if GRAPH.get(p).group_name not in {"staging", "intermediate", MARTS, "seeds"}
            }
            assert raw_parents <= landing_assets, key
            assert all(GRAPH.get(p).is_materializable for p in raw_parents), key


def test_schedules_follow_the_calendars_and_are_stopped():
    schedules = {s.name: s for s in defs.schedules}
    assert set(schedules) == {"usgs_mcs_release_window", "baci_first_quarter"}
    for schedule in schedules.values():
        assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
        assert schedule.job_name == "build_warehouse"
    assert schedules["usgs_mcs_release_window"].cron_schedule == [
        "0 6 25 1 *",
        "0 6 1,8,15,22 2 *",
    ]
    context = dg.build_schedule_context(scheduled_execution_time=dt.datetime(2027, 2, 15, 6))
    request = schedules["baci_first_quarter"].evaluate_tick(context).run_requests[0]
    config = request.run_config["ops"]["baci_trade_flows"]["config"]
    assert config == {"mode": "live", "release": "V202701"}
    assert request.tags["dagster/asset_partition_range_end"] == "2025"
    # the USGS window lands the year's edition (MCS 2027 in 2027), live
    usgs = schedules["usgs_mcs_release_window"].evaluate_tick(context).run_requests[0]
    assert usgs.run_config["ops"]["usgs_mcs_tables"]["config"] == {"mode": "live"}
    assert (usgs.tags[RANGE_START], usgs.tags[RANGE_END]) == ("2027", "2027")


def test_sensors_are_stopped():
    assert {s.name for s in defs.sensors} == {"usgs_mcs_release_sensor", "baci_release_sensor"}
    assert all(s.default_status == dg.DefaultSensorStatus.STOPPED for s in defs.sensors)


# after a build: landing + one mart + the warn test, on a copy of the built warehouse -------


@pytest.fixture(scope="module")
def partial_build(built_warehouse, tmp_path_factory):
    root = tmp_path_factory.mktemp("ui_warehouse")
    shutil.copytree(
        built_warehouse.root, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.lock")
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_VAR, str(root))
        selection = (
            dg.AssetSelection.assets("dim_country").upstream()
            | dg.AssetSelection.assets(reference_tables, usgs_mcs_tables)
            | dg.AssetSelection.assets(
                ["staging", "stg_usgs_mcs__world_cells"],
                ["staging", "stg_usgs_mcs__salient_statistics"],
            ).upstream()
        )
        result = build(selection=list(selection.resolve(GRAPH)))
    assert result.success
    return result, root / "build" / "minerals.duckdb"


def materialized(result) -> dict[str, dict]:
    return {
        e.asset_key.to_user_string(): e.step_materialization_data.materialization.metadata
        for e in result.get_asset_materialization_events()
    }


def test_landed_tables_and_marts_show_rows_typed_columns_and_a_preview(partial_build):
    metadata = materialized(partial_build[0])
    for key in (
        "reference/reference__country_codes",
        "usgs_mcs/usgs_mcs__world_production",
        "dim_country",
    ):
        shown = metadata[key]
        assert shown["dagster/row_count"].value > 0, key
        columns = shown["dagster/column_schema"].schema.columns
        assert columns and all(c.type not in ("", "?") for c in columns), key
        preview = shown["preview"].value
        assert preview.startswith("| ") and preview.count("\n") == 1 + 5, key
    assert {
        c.name: c.type for c in metadata["dim_country"]["dagster/column_schema"].schema.columns
    }["country_iso3"] == "VARCHAR"
    staging = metadata["staging/stg_usgs_mcs__world_cells"]
    assert "dagster/column_schema" in staging and "preview" not in staging


def test_warn_test_is_a_warning_with_its_audit_table(partial_build):
    result, database = partial_build
    (warn,) = [e for e in result.get_asset_check_evaluations() if e.check_name == WARN_TEST]
    assert not warn.passed and warn.severity == dg.AssetCheckSeverity.WARN
    audit = warn.metadata[AUDIT_TABLE].value
    assert audit == f"audit.{WARN_TEST}"
    with duckdb.connect(str(database), read_only=True) as con:
        stored = con.execute(f"select count(*) from {audit}").fetchone()[0]
    assert stored == warn.metadata["dagster_dbt/failed_row_count"].value > 0
