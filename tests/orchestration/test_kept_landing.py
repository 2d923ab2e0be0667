"""A landing whose release files and parser did not change since its tables were landed keeps
them (not parsed again); a changed file, parser or table is landed again."""

import shutil

import dagster as dg
import duckdb
import pytest

from orchestration.assets.releases import release_landing
from orchestration.resources import WarehouseResource
from sources.common import fingerprint
from sources.common.fingerprint import release_fingerprint
from sources.wgi.load import SNAPSHOT_DIR
from sources.wgi.source import SOURCE as WGI
from storage.settings import ENV_VAR, warehouse_paths

TABLE = "wgi__governance_indicators"


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "warehouse"))
    return warehouse_paths()


def land(directory=None) -> dg.MaterializeResult:
    config = {"directory": str(directory)} if directory else {}
    result = dg.materialize(
        [release_landing(WGI)],
        resources={"warehouse": WarehouseResource()},
        run_config={"ops": {"wgi_tables": {"config": config}}},
    )
    (event,) = result.get_asset_materialization_events()
    (check,) = result.get_asset_check_evaluations()
    assert check.passed
    return event.materialization.metadata


def table_state(paths) -> tuple:
    with duckdb.connect(str(paths.build), read_only=True) as con:
        return con.execute(
            "select comment, estimated_size from duckdb_tables() where table_name = ?", [TABLE]
        ).fetchall()[0]


def test_an_unchanged_release_is_kept_a_changed_table_or_release_is_landed_again(
    warehouse, tmp_path
):
    first = land()
    assert "kept" not in first
    landed = table_state(warehouse)

    second = land()
    assert "kept" in second and "not parsed again" in second["kept"].value
    assert second["rows"].value == first["rows"].value
    assert table_state(warehouse) == landed  # the table was not written again

    with duckdb.connect(str(warehouse.build)) as con:  # an edited row: the content differs
        con.execute(f"update raw.{TABLE} set row_number = row_number + 1 where rowid = 0")
    assert "kept" not in land()
    with duckdb.connect(str(warehouse.build), read_only=True) as con:
        assert con.execute(f"select count(*) from raw.{TABLE}").fetchall()[0][0] == (
            first["rows"].value
        )

    release = tmp_path / "release"
    shutil.copytree(SNAPSHOT_DIR, release)
    assert "kept" in land(release)  # the same bytes from another folder: the same release
    (release / "README.txt").write_text("a file added to the release\n")
    assert "kept" not in land(release)


def test_the_fingerprint_follows_the_files_and_the_parser(tmp_path, monkeypatch):
    release = tmp_path / "release"
    release.mkdir()
    (release / "a.csv").write_text("x\n1\n")
    code = tmp_path / "sources"
    for package in ("demo", "common"):
        (code / package).mkdir(parents=True)
        (code / package / "load.py").write_text("# v1\n")
    monkeypatch.setattr(fingerprint, "SOURCES_DIR", code)
    before = release_fingerprint("demo", release)

    assert release_fingerprint("demo", release) == before
    (code / "demo" / "load.py").write_text("# v2\n")
    after_code = release_fingerprint("demo", release)
    (release / "a.csv").write_text("x\n2\n")
    after_file = release_fingerprint("demo", release)
    (code / "common" / "load.py").write_text("# v2 common\n")
    after_common = release_fingerprint("demo", release)

    assert len({before, after_code, after_file, after_common}) == 4
