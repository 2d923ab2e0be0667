"""Faults planted one at a time in a built warehouse: each run fails with a message naming the
file and the value, and the published file, its exports and its report stay as they were.

The six faults of issue 16: a country figure above its world total (WMD), a figure ten times
what the previous edition said (USGS), a Parquet file in the raw layer that no landing wrote,
a landed partition deleted, a release missing a whole series (a WGI indicator), and a WGI
estimate outside the indicator's scale. Each is planted the way it would arrive: through a
release folder the run reads (``directory:``), or by hand in the raw layer.
"""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from orchestration.assets.dbt import dbt_models
from orchestration.assets.outputs import warehouse_exports, warehouse_report
from orchestration.assets.publish import published_warehouse
from orchestration.partitions import range_tags
from outputs.exports import exports_dir, report_path
from sources.common.files import sha256_of
from sources.common.snapshot import refresh_manifest
from sources.usgs_mcs.load import SNAPSHOT_DIR as USGS_SNAPSHOT
from sources.wmd.load import SNAPSHOT_DIR as WMD_SNAPSHOT
from storage import raw_layer
from tests.support.xlsx import set_number

pytestmark = pytest.mark.build

BUILD_AND_PUBLISH = [*dbt_models.keys, published_warehouse.key]
OUTPUTS = [warehouse_exports.key, warehouse_report.key]


def published_state(paths) -> dict[str, str]:
    """sha256 of the published file, of every export and of the report."""
    state = {"minerals.duckdb": sha256_of(paths.published)}
    for path in sorted(exports_dir(paths).rglob("*")):
        if path.is_file():
            state[str(path.relative_to(paths.root))] = sha256_of(path)
    report = report_path(paths)
    state[report.name] = sha256_of(report)
    return state


def run(landing: list[dg.AssetKey], run_config: dict | None = None, tags: dict | None = None):
    """The build_warehouse job on ``landing`` and everything downstream of the landings."""
    from orchestration.definitions import defs

    job = defs.resolve_job_def("build_warehouse")
    return job.execute_in_process(
        asset_selection=[*landing, *BUILD_AND_PUBLISH, *OUTPUTS],
        run_config=run_config,
        tags=tags,
        raise_on_error=False,
    )


def messages(result) -> str:
    """What the run told its user: failed steps' errors and failed checks' messages."""
    found = [
        str(event.step_failure_data.user_failure_data.description)
        if event.step_failure_data.user_failure_data
        else event.step_failure_data.error.message
        for event in result.all_events
        if event.event_type == dg.DagsterEventType.STEP_FAILURE
    ]
    found += [
        str(getattr(e.metadata.get("error"), "value", e.metadata.get("error")))
        for e in result.get_asset_check_evaluations()
        if not e.passed
    ]
    return "\n".join(found)


def assert_refused(result, paths, before: dict[str, str], *expected: str) -> None:
    said = messages(result)
    assert not result.success
    for text in expected:
        assert text in said, f"{text!r} not in:\n{said}"
    assert published_state(paths) == before


def copy_of(snapshot: Path, target: Path) -> Path:
    shutil.copytree(snapshot, target)
    return target


def test_a_country_figure_above_its_world_total(warehouse_copy, tmp_path):
    before = published_state(warehouse_copy)
    release = copy_of(WMD_SNAPSHOT, tmp_path / "wmd")
    # WMD 2020: China's 2018 cobalt, 3,100 t, as 1 Mt (the world total is 156,483 t)
    set_number(release / "wmd_raw_2020-07-17.xlsx", "Cobalt", "G7", 1_000_000)
    refresh_manifest(release)

    result = run(
        [dg.AssetKey(["wmd", "wmd__production"]), dg.AssetKey(["wmd", "wmd__shares"])],
        {"ops": {"wmd_tables": {"config": {"directory": str(release)}}}},
    )

    assert_refused(
        result,
        warehouse_copy,
        before,
        "assert_world_totals_cover_countries",
        "wmd_raw_2020-07-17.xlsx",
        "CHN = 1000000.0 t",
    )


def test_a_figure_ten_times_the_previous_edition(warehouse_copy, tmp_path):
    before = published_state(warehouse_copy)
    release = copy_of(USGS_SNAPSHOT, tmp_path / "usgs_mcs")
    world = release / "mcs2025" / "world" / "MCS2025_World_Data.csv"
    # MCS2025: Russia's 2023 cobalt, 8,700 t, as 87,000 t (MCS2024 said 8,700 t too)
    old = b'MCS2025,Cobalt,Russia ,"Mine production, cobalt content, estimated",metric tons,8700,'
    assert world.read_bytes().count(old) == 1
    world.write_bytes(world.read_bytes().replace(old, old.replace(b",8700,", b",87000,")))
    refresh_manifest(release)

    result = run(
        [dg.AssetKey(["usgs_mcs", table]) for table in USGS_TABLES],
        {"ops": {"usgs_mcs_tables": {"config": {"directory": str(release)}}}},
        range_tags(2025, 2025),
    )

    assert_refused(
        result,
        warehouse_copy,
        before,
        "assert_production_jumps_reviewed",
        "MCS2025_World_Data.csv",
        "RUS 2023 (edition 2025) = 87000.0 t",
    )


USGS_TABLES = (
    "usgs_mcs__world_production",
    "usgs_mcs__salient_statistics",
    "usgs_mcs__industry_trends",
    "usgs_mcs__import_sources",
)


def test_a_raw_file_no_landing_wrote(warehouse_copy):
    before = published_state(warehouse_copy)
    landed = raw_layer.partition_file(
        warehouse_copy.raw_downloads, "comtrade", "comtrade__trade_records", 2022
    )
    planted = raw_layer.partition_file(
        warehouse_copy.raw_downloads, "comtrade", "comtrade__trade_records", 2099
    )
    planted.parent.mkdir(parents=True)
    shutil.copyfile(landed, planted)

    result = run([])

    assert_refused(result, warehouse_copy, before, str(planted.relative_to(warehouse_copy.root)))


def test_a_deleted_partition(warehouse_copy):
    before = published_state(warehouse_copy)
    landed = raw_layer.partition_file(
        warehouse_copy.raw_downloads, "comtrade", "comtrade__trade_records", 2022
    )
    rows = pl.scan_parquet(landed).select(pl.len()).collect().item()
    landed.unlink()

    result = run([])

    assert_refused(
        result,
        warehouse_copy,
        before,
        str(landed.relative_to(warehouse_copy.root)),
        f"{rows:,}",
    )


def wgi_csv(paths, target: Path, change) -> Path:
    """The published WGI table written back in the long layout the World Bank publishes
    since 2024, after ``change`` (a polars expression chain on it)."""
    with duckdb.connect(str(paths.published), read_only=True) as con:
        table = pl.from_arrow(
            con.execute("select * from raw.wgi__governance_indicators").to_arrow_table()
        )
    table = change(table)
    target.mkdir()
    table.select(
        codeindyr=pl.col("wb_code") + pl.col("indicator") + pl.col("year").cast(pl.String),
        code="wb_code",
        countryname="country_name",
        year="year",
        indicator="indicator",
        estimate="estimate",
        stddev="std_error",
        nsource="n_sources",
        pctrank="pct_rank",
        pctranklower="pct_rank_lower",
        pctrankupper="pct_rank_upper",
    ).write_csv(target / "wgidataset.csv")
    return target


WGI = [dg.AssetKey(["wgi", "wgi__governance_indicators"])]


def wgi_config(release: Path) -> dict:
    return {"ops": {"wgi_tables": {"config": {"directory": str(release), "edition": 2023}}}}


def test_a_release_missing_a_whole_series(warehouse_copy, tmp_path):
    before = published_state(warehouse_copy)
    release = wgi_csv(
        warehouse_copy, tmp_path / "wgi", lambda t: t.filter(pl.col("indicator") != "cc")
    )

    result = run(WGI, wgi_config(release))

    assert_refused(result, warehouse_copy, before, "wgidataset.csv", "cc")


def test_an_estimate_outside_the_indicator_scale(warehouse_copy, tmp_path):
    before = published_state(warehouse_copy)
    norway = (pl.col("wb_code") == "NOR") & (pl.col("indicator") == "rl") & (pl.col("year") == 2022)
    release = wgi_csv(
        warehouse_copy,
        tmp_path / "wgi",
        lambda t: t.with_columns(estimate=pl.when(norway).then(4.9).otherwise(pl.col("estimate"))),
    )

    result = run(WGI, wgi_config(release))

    assert_refused(result, warehouse_copy, before, "wgidataset.csv", "4.9")
