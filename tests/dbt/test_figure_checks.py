"""Issue 16, item 1: production figures are checked against what is already known.

A country figure above its world total no longer switches the world total to the listed sum
(only a reviewed row of seeds/checks/world_total_misprints.csv does, MCS2025 kaolin 2024), and
a figure that jumps beyond x5 against the previous edition or both neighbouring years fails
unless seeds/checks/production_jump_exceptions.csv explains it. Faults are planted in a
private copy of the built warehouse, where dbt reads them (the landed USGS partition file, the
WMD raw table), and one dbt build of the production intermediates and their tests must fail
naming each planted file and value. The session's own build of the real data passed both.
"""

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.assets.dbt_failures import failure_summary
from storage import raw_layer
from storage.settings import DBT_PROJECT_DIR

pytestmark = pytest.mark.build

CHECKS = ("assert_world_totals_cover_countries", "assert_production_jumps_reviewed")
DBT = Path(sys.executable).parent / "dbt"


def plant_usgs_rare_earths_x10(raw_root: Path) -> None:
    """China's 2023 rare earths in MCS2025 with one digit too many (255,000 -> 2,550,000 t),
    written over the landed edition-2025 partition file."""
    path = raw_layer.partition_file(
        raw_root, "usgs_mcs", "usgs_mcs__world_production", 2025, key="edition"
    )
    frame = pl.read_parquet(path)
    china = (
        (pl.col("commodity_code") == "raree")
        & (pl.col("country_raw") == "China")
        & (pl.col("column_name") == "PROD_2023")
    )
    assert frame.filter(china)["value"].to_list() == [255_000.0]
    planted = frame.with_columns(
        *[pl.when(china).then(pl.col(c) * 10).otherwise(pl.col(c)).alias(c) for c in VALUES],
        pl.when(china).then(pl.lit("2550000")).otherwise(pl.col("value_raw")).alias("value_raw"),
    )
    planted.write_parquet(path)


VALUES = ("value", "value_lower", "value_upper")


def plant_wmd_china_cobalt(database: Path) -> None:
    """WMD 2020: China's 2018 cobalt as 1 Mt (3,100 t published)."""
    with duckdb.connect(str(database)) as con:
        changed = con.execute(
            "update raw.wmd__production set value = 1e6, value_raw = '1000000' "
            "where edition = 2020 and sheet = 'Cobalt' and country_name = 'China' "
            "and year = 2018"
        ).fetchone()[0]
    assert changed == 1


# the intermediates from the USGS cells to the jumps, and the world totals' check model
SELECTION = [
    "stg_usgs_mcs__world_cells+,+int_production__jumps",
    "int_production__totals_below_countries",
]


def dbt(command: str, target: Path) -> None:
    """dbt ``command`` on the production intermediates downstream of the USGS cells and the
    tests on them only (cautious: not the marts' tests, whose marts are not rebuilt)."""
    subprocess.run(
        [str(DBT), command, "--select", *SELECTION, "--indirect-selection", "cautious"]
        + ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
        + ["--target-path", str(target), "--log-path", str(target)],
        check=False,
        capture_output=True,
    )


def run_then_test(target: Path) -> dict:
    """Models first, then every test (a build would skip the jumps after the world-total
    test fails: both must show their faults)."""
    dbt("run", target)
    dbt("test", target)
    return json.loads((target / "run_results.json").read_text(encoding="utf-8"))


def test_the_real_data_passes_the_figure_checks(built_warehouse):
    run_results = built_warehouse.build.parent / "dbt_run_results.json"
    results = json.loads(run_results.read_text(encoding="utf-8"))["results"]
    status = {r["unique_id"].split(".")[2]: r["status"] for r in results}
    assert {name: status.get(name) for name in CHECKS} == dict.fromkeys(CHECKS, "pass")


def test_planted_figures_fail_the_build_naming_file_and_value(warehouse_copy, tmp_path):
    plant_usgs_rare_earths_x10(warehouse_copy.raw_downloads)
    plant_wmd_china_cobalt(warehouse_copy.build)
    target = tmp_path / "target"

    run_results = run_then_test(target)

    status = {r["unique_id"].split(".")[2]: r["status"] for r in run_results["results"]}
    assert {name: status.get(name) for name in CHECKS} == dict.fromkeys(CHECKS, "fail")
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    summary = failure_summary(run_results, manifest["nodes"], warehouse_copy.build)
    print(summary)
    usgs = "usgs_mcs MCS2025_World_Data.csv: rare_earths mine oxide_equivalent"
    assert (
        f"{usgs} 2023 (edition 2025): CHN = 2550000.0 t (cell '2550000'), "
        "listed countries 2669650.0, world total 376000.0; expected the total to cover its "
        "countries"
    ) in summary
    assert (
        f"{usgs} CHN 2023 (edition 2025) = 2550000.0 t (cell '2550000'), x10.6 against the "
        "240000.0 t of edition 2024"
    ) in summary
    assert (
        "wmd wmd_raw_2020-07-17.xlsx: cobalt mine contained_element 2018 (edition 2020): "
        "CHN = 1000000.0 t (cell '1000000'), listed countries 1153383.0, world total 156483.0"
    ) in summary
