"""Trade years as partitions: a backfill of a range, a re-run of one year, the CLI and the
multiprocess executor, against a local HTTP server serving synthetic CEPII release zips."""

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.partitions import YEARS
from sources.common.snapshot import sha256_of
from storage import build_state
from storage.raw_layer import partition_file, provenance_file
from storage.settings import REPO_ROOT
from tests.conftest import build
from tests.sources.baci.test_year_file import NEW_DICTIONARY, PRODUCTS, YEAR, flow_rows

pytestmark = pytest.mark.build

FLOWS = "baci__trade_flows"
MAPPED_PER_300 = 171  # rows of flow_rows(300) whose code is in the reviewed seed


def release_zip(years: list[int], release: str, rows: int = 300) -> bytes:
    """A CEPII-like release zip holding one member per year."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for year in years:
            lines = [row.replace(f"{YEAR},", f"{year},", 1) for row in flow_rows(rows)]
            text = "\n".join(["t,i,j,k,v,q", *lines]) + "\n"
            archive.writestr(f"BACI_HS17_Y{year}_{release}.csv", text)
        archive.writestr(f"country_codes_{release}.csv", NEW_DICTIONARY)
        archive.writestr("product_codes_HS17_V202601.csv", PRODUCTS)
    return buffer.getvalue()


def live_ops(http_server, release: str, **extra) -> dict:
    live = {"mode": "live", "release": release, "base_url": http_server.url("/baci"), **extra}
    return {"ops": {"baci_dictionaries": {"config": live}, "baci_trade_flows": {"config": live}}}


def flow_file(paths, year: int) -> Path:
    return partition_file(paths.raw_downloads, "baci", FLOWS, year)


def landing_only():
    from orchestration.assets.baci import baci_trade_flows

    return list(baci_trade_flows.keys)


def test_backfill_of_a_range_then_a_rerun_replaces_only_that_year(warehouse_copy, http_server):
    http_server.add("/baci/BACI_HS17_V202601.zip", release_zip([2021, 2022, 2023], "V202601"))

    result = build(
        selection=landing_only(), run_config=live_ops(http_server, "V202601"), years=(2021, 2023)
    )

    assert result.success
    materialized = {
        e.event_specific_data.materialization.partition
        for e in result.get_asset_materialization_events()
    }
    assert materialized == {"2021", "2022", "2023"}
    files = {year: flow_file(warehouse_copy, year) for year in (2021, 2022, 2023)}
    for year, path in files.items():
        frame = pl.read_parquet(path)
        assert frame.height == MAPPED_PER_300 and set(frame["year"]) == {year}
        assert '"release": "V202601"' in provenance_file(path).read_text()
    # the landed years are not in the last passed build: publishing is refused until rebuilt
    assert "raw partition files changed" in build_state.why_not_publishable(warehouse_copy)

    before = {year: (sha256_of(p), p.stat().st_mtime_ns) for year, p in files.items()}
    bundled_2024 = sha256_of(flow_file(warehouse_copy, 2024))
    http_server.add("/baci/BACI_HS17_V202602.zip", release_zip([2022], "V202602", rows=350))

    rerun = build(
        selection=landing_only(), run_config=live_ops(http_server, "V202602"), years=(2022, 2022)
    )

    assert rerun.success
    for year in (2021, 2023):
        assert (sha256_of(files[year]), files[year].stat().st_mtime_ns) == before[year]
    assert sha256_of(files[2022]) != before[2022][0]
    assert set(pl.read_parquet(files[2022])["release"]) == {"V202602"}
    assert sha256_of(flow_file(warehouse_copy, 2024)) == bundled_2024
    assert not list(files[2022].parent.glob(".*part"))  # no temporary file left behind

    # the bundled snapshot (2024 only) over the default range leaves the live years alone
    after_rerun = {year: sha256_of(p) for year, p in files.items()}
    assert build(selection=landing_only()).success
    assert {year: sha256_of(p) for year, p in files.items()} == after_rerun


def test_backfill_reaches_the_published_marts(warehouse_copy, http_server):
    http_server.add("/baci/BACI_HS17_V202601.zip", release_zip([2021, 2022], "V202601"))

    # a working copy from before USGS was partitioned: its DuckDB table must not be published
    with duckdb.connect(str(warehouse_copy.build)) as con:
        con.execute("create table raw.usgs_mcs__world_production as select 1 as stale")
    # the synthetic dictionaries replace the bundled ones
    ops = live_ops(http_server, "V202601", allow_shrink=True)
    result = build(run_config=ops, years=(2021, 2022))

    assert result.success
    with duckdb.connect(str(warehouse_copy.published), read_only=True) as con:
        raw = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'raw'"
            ).fetchall()
        }
    assert "usgs_mcs__world_production" not in raw and "reference__country_codes" in raw
    with duckdb.connect(str(warehouse_copy.published), read_only=True) as con:
        years = con.execute(
            "select year, count(*) from staging.stg_baci__trade_flows group by year order by year"
        ).fetchall()
        marts = con.execute(
            "select distinct year from fct_trade_flows where source = 'baci' order by year"
        ).fetchall()
    assert years == [(2021, MAPPED_PER_300), (2022, MAPPED_PER_300), (2024, 21_723)]
    assert marts == [(2021,), (2022,), (2024,)]


def test_cli_partition_range_with_the_multiprocess_executor(warehouse_copy, http_server, tmp_path):
    """The tested configuration of docs/scaling.md: years in parallel processes."""
    http_server.add("/baci/BACI_HS17_V202601.zip", release_zip([2019, 2020, 2021], "V202601"))
    config = tmp_path / "backfill.yaml"
    url = http_server.url("/baci")
    config.write_text(
        "execution:\n  config:\n    multiprocess:\n      max_concurrent: 2\n"
        "ops:\n  baci_trade_flows:\n    config:\n"
        f"      mode: live\n      base_url: {url}\n      max_workers: 2\n"
    )
    dagster_home = tmp_path / "dagster_home"
    dagster_home.mkdir()
    command = [
        str(Path(sys.executable).parent / "dagster"),
        "asset",
        "materialize",
        "-m",
        "orchestration.definitions",
        "--select",
        "baci/baci__trade_flows,comtrade/comtrade__trade_records",
        "--partition-range",
        "2019...2021",
        "-c",
        str(config),
    ]
    env = {**os.environ, "DAGSTER_HOME": str(dagster_home)}

    done = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300
    )

    assert done.returncode == 0, done.stderr[-3000:]
    assert "RUN_SUCCESS" in done.stderr + done.stdout
    for year in (2019, 2020, 2021):
        assert pl.read_parquet(flow_file(warehouse_copy, year)).height == MAPPED_PER_300
    comtrade = partition_file(
        warehouse_copy.raw_downloads, "comtrade", "comtrade__trade_records", 2020
    )
    assert comtrade.exists()


# USGS MCS: partitioned by edition ---------------------------------------------------------

USGS_WORLD = "usgs_mcs__world_production"
US_REE_2024 = b"metric tons,41600,45000,"  # MCS2025: US rare-earth mine output 2023, 2024


def usgs_landing():
    from orchestration.assets.usgs_mcs import usgs_mcs_tables

    return list(usgs_mcs_tables.keys)


def edition_files(paths) -> dict[tuple[str, int], Path]:
    """Every landed USGS file, by (table, edition)."""
    from sources.usgs_mcs.load import TABLES

    return {
        (table, edition): partition_file(paths.raw_downloads, "usgs_mcs", table, edition, "edition")
        for table in TABLES.values()
        for edition in range(2022, 2027)
    }


def test_a_rerun_of_one_usgs_edition_replaces_only_its_files(warehouse_copy, snapshot_copy):
    from sources.common.snapshot import refresh_manifest

    files = edition_files(warehouse_copy)
    assert all(path.exists() for path in files.values())  # the build landed every edition
    # every edition has every table, empty where it has none (import sources: MCS2026 only)
    assert pl.read_parquet(files[("usgs_mcs__import_sources", 2024)]).height == 0
    before = {key: (sha256_of(p), p.stat().st_mtime_ns) for key, p in files.items()}
    world = snapshot_copy / "mcs2025/world/MCS2025_World_Data.csv"
    world.write_bytes(world.read_bytes().replace(US_REE_2024, b"metric tons,41600,46000,"))
    refresh_manifest(snapshot_copy)

    ops = {"ops": {"usgs_mcs_tables": {"config": {"directory": str(snapshot_copy)}}}}
    result = build(selection=usgs_landing(), run_config=ops, years=(2025, 2025))

    assert result.success
    partitions = {
        e.event_specific_data.materialization.partition
        for e in result.get_asset_materialization_events()
    }
    assert partitions == {"2025"}
    changed = {key for key, p in files.items() if sha256_of(p) != before[key][0]}
    assert changed == {(USGS_WORLD, 2025)}  # the other tables of 2025 re-landed unchanged
    rewritten = {key for key, p in files.items() if p.stat().st_mtime_ns != before[key][1]}
    assert rewritten == {(table, 2025) for table, _ in files}  # 2025's four files, no other
    landed = pl.read_parquet(files[(USGS_WORLD, 2025)])
    us_ree = landed.filter(  # line 880: Rare earths, United States
        pl.col("source_file").str.ends_with("MCS2025_World_Data.csv")
        & (pl.col("line_number") == 880)
        & (pl.col("year") == 2024)
        & pl.col("measure").str.starts_with("Prod")
    )
    assert us_ree["value"].to_list() == [46000.0]
    assert set(landed["edition"]) == {2025}


def test_a_usgs_edition_range_lands_only_the_editions_the_release_holds(warehouse_copy):
    files = edition_files(warehouse_copy)
    before = {key: p.stat().st_mtime_ns for key, p in files.items()}

    result = build(selection=usgs_landing(), years=(2019, 2023))  # the bundled snapshot

    assert result.success
    editions = {
        e.event_specific_data.materialization.partition
        for e in result.get_asset_materialization_events()
        if e.asset_key.path[-1] == USGS_WORLD
    }
    assert editions == {"2022", "2023"}  # no MCS 2019-2021 in the bundle: not materialized
    untouched = {key for key, p in files.items() if p.stat().st_mtime_ns == before[key]}
    assert untouched == {key for key in files if key[1] >= 2024}


def build_from_raw_failure() -> str:
    """The dbt step's failure message of a build_from_raw run (which must fail)."""
    from orchestration.definitions import defs

    result = defs.resolve_job_def("build_from_raw").execute_in_process(raise_on_error=False)

    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    return str(failure.event_specific_data.error_display_string)


def test_dbt_refuses_to_build_before_the_raw_layer_has_a_file(warehouse_copy):
    import shutil

    shutil.rmtree(warehouse_copy.raw_downloads / "usgs_mcs" / "usgs_mcs__import_sources")

    message = build_from_raw_failure()

    assert "raw/usgs_mcs/usgs_mcs__import_sources: no landed partition" in message


def test_a_planted_year_is_neither_built_nor_published(warehouse_copy):
    """Issue 16 item 2: a file nobody landed, outside the partitions, drove every mart."""
    import shutil

    published = sha256_of(warehouse_copy.published)
    planted = flow_file(warehouse_copy, 2099)
    planted.parent.mkdir()
    shutil.copyfile(flow_file(warehouse_copy, 2024), planted)
    where = "raw/baci/baci__trade_flows/year=2099/baci__trade_flows-2099.parquet"

    # the last passed build did not read it: publishing it as is is refused, by name...
    assert f"{where}: 2099 is outside" in build_state.why_not_publishable(warehouse_copy)
    # ...and so is building from it
    message = build_from_raw_failure()

    last = YEARS.get_partition_keys()[-1]
    assert f"{where}: 2099 is outside the partitions definition (1995...{last})" in message
    assert sha256_of(warehouse_copy.published) == published


def test_a_deleted_partition_is_refused_with_the_rows_it_held(warehouse_copy):
    published = sha256_of(warehouse_copy.published)
    comtrade = partition_file(
        warehouse_copy.raw_downloads, "comtrade", "comtrade__trade_records", 2022
    )
    rows = pl.read_parquet(comtrade).height
    comtrade.unlink()
    where = "raw/comtrade/comtrade__trade_records/year=2022/comtrade__trade_records-2022.parquet"

    assert f"{where}: missing" in build_state.why_not_publishable(warehouse_copy)
    message = build_from_raw_failure()

    assert f"{where}: missing (landed by run " in message
    assert f"{rows:,} rows lost); land year 2022 again" in message
    assert sha256_of(warehouse_copy.published) == published


def test_the_session_build_materializes_only_the_years_with_rows(built_warehouse_run):
    """The bundled snapshot holds BACI 2024 only: the build's range (2000-2026) shows 2024
    materialized with 2024's rows, and no other year (partition 2010 is not green with
    2024's row count)."""
    from orchestration.assets.landing import ROW_COUNT

    flows = [
        e.event_specific_data.materialization
        for e in built_warehouse_run.get_asset_materialization_events()
        if e.asset_key.path[-1] == FLOWS
    ]
    assert [m.partition for m in flows] == ["2024"]
    (path,) = [m.metadata["file"].value for m in flows]
    assert flows[0].metadata[ROW_COUNT].value == pl.read_parquet(path).height > 0
