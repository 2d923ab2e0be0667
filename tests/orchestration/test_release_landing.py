"""Unpartitioned and USGS landings run by Dagster without dbt (issue 16, items 5 and 6): a
release folder that holds nothing to read is an error naming it; downloads and parsing
happen outside the writer lock."""

import shutil
import subprocess
import sys

import dagster as dg
import polars as pl
import pytest

from orchestration.assets.releases import release_landing
from orchestration.assets.usgs_mcs import usgs_mcs_tables
from orchestration.resources import WarehouseResource
from sources.common.release import LoadedRelease
from sources.iea.source import SOURCE as IEA
from sources.usgs_mcs.load import SNAPSHOT_DIR as USGS_SNAPSHOT
from sources.wgi.source import SOURCE as WGI
from storage.settings import ENV_VAR, warehouse_paths


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "warehouse"))
    return warehouse_paths()


def materialize(assets, **kwargs):
    return dg.materialize(
        assets, resources={"warehouse": WarehouseResource()}, raise_on_error=False, **kwargs
    )


def failed_check_messages(result) -> set[str]:
    return {
        str(e.metadata["error"].value)
        for e in result.get_asset_check_evaluations()
        if not e.passed and e.check_name == "source_files_valid"
    }


def usgs_from(directory, edition: str):
    config = {"ops": {"usgs_mcs_tables": {"config": {"directory": str(directory)}}}}
    return materialize([usgs_mcs_tables], run_config=config, partition_key=edition)


def test_a_mistyped_usgs_directory_fails_its_checks_naming_the_folder(warehouse, tmp_path):
    mistyped = tmp_path / "mcs2026-relase"

    result = usgs_from(mistyped, "2026")

    assert not result.success
    assert not result.get_asset_materialization_events()
    assert failed_check_messages(result) == {
        f"```\nusgs_mcs: config directory {mistyped} is not a folder (mistyped?); expected a "
        "folder laid out like the bundled snapshot\n```"
    }


def test_a_usgs_folder_without_the_runs_editions_fails_naming_folder_and_editions(
    warehouse, tmp_path
):
    folder = tmp_path / "usgs"
    shutil.copytree(USGS_SNAPSHOT / "mcs2022", folder / "mcs2022")  # MCS 2022 only

    result = usgs_from(folder, "2026")

    assert not result.success
    assert not result.get_asset_materialization_events()
    assert failed_check_messages(result) == {
        f"```\nusgs_mcs: {folder} holds no file of edition MCS2026 (expected mcs<edition>/... "
        "files laid out like the bundled snapshot, listed in its MANIFEST.csv if it has "
        "one)\n```"
    }


def test_a_missing_release_directory_fails_the_checks_of_an_unpartitioned_source(
    warehouse, tmp_path
):
    config = {"ops": {"wgi_tables": {"config": {"directory": str(tmp_path / "nowhere")}}}}

    result = materialize([release_landing(WGI)], run_config=config)

    assert not result.success
    assert failed_check_messages(result) == {
        f"```\nwgi: config directory {tmp_path / 'nowhere'} is not a folder (mistyped?); "
        "expected a folder laid out like the bundled snapshot\n```"
    }


LOCK_PROBE = """
import sys
from filelock import FileLock, Timeout
try:
    FileLock(sys.argv[1]).acquire(timeout=0.5)
except Timeout:
    print("held")
else:
    print("free")
"""


def writer_lock_state(paths) -> str:
    """'free' when another process can take the writer lock now, else 'held'."""
    probe = subprocess.run(
        [sys.executable, "-c", LOCK_PROBE, str(paths.lock)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return probe.stdout.strip()


def test_a_landing_downloads_and_parses_outside_the_writer_lock(warehouse, monkeypatch):
    """Two unpartitioned landings in one in-process run: while the second one loads its
    release (a download of up to 30 minutes in live mode), another process can write."""
    import sources.iea.load
    import sources.wgi.load

    states = []

    def release(kind: str, series: str):
        def load_release(directory, *, edition=None):
            states.append(writer_lock_state(warehouse))
            return LoadedRelease({kind: pl.DataFrame({"edition": [2024], series: ["x"]})})

        return load_release

    monkeypatch.setattr(sources.iea.load, "load_release", release("supply", "block_title"))
    monkeypatch.setattr(sources.wgi.load, "load_release", release("indicators", "indicator"))

    result = materialize([release_landing(IEA), release_landing(WGI)])

    assert result.success
    assert len(result.get_asset_materialization_events()) == 2  # both landed
    assert states == ["free", "free"]
    assert writer_lock_state(warehouse) == "free"


def test_a_release_missing_a_whole_indicator_is_refused_and_nothing_lands(warehouse, monkeypatch):
    """The published WGI has four indicators; a release without one (a quarter of the rows,
    under the old 50% rule) fails its check and the working copy is not touched."""
    import duckdb

    import sources.wgi.load

    published = pl.DataFrame({"edition": [2023] * 8, "indicator": ["va", "pv", "ge", "cc"] * 2})
    warehouse.published.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse.published)) as con:
        con.execute("create schema raw")
        con.execute("create table raw.wgi__governance_indicators as select * from published")
    release = published.filter(pl.col("indicator") != "cc")
    monkeypatch.setattr(
        sources.wgi.load,
        "load_release",
        lambda directory, *, edition=None: LoadedRelease({"indicators": release}),
    )

    result = materialize([release_landing(WGI)])

    assert not result.success
    assert failed_check_messages(result) == {
        "```\nwgi: a series disappeared or lost more than 20% of its rows against the "
        'published warehouse (raw.wgi__governance_indicators by series (indicator): "cc" 2 '
        "rows published, gone); if the source really changed, land it with config "
        "allow_shrink: ['cc'] (those series) or allow_shrink: true (every series)\n```"
    }
    assert not warehouse.build.exists()
    allowed = {"ops": {"wgi_tables": {"config": {"allow_shrink": ["cc"]}}}}
    assert materialize([release_landing(WGI)], run_config=allowed).success
