"""Shared fixtures: a local HTTP server, and one warehouse built by Dagster + dbt per session."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from sources.usgs_mcs.load import SNAPSHOT_DIR
from storage.settings import ENV_VAR, WarehousePaths, warehouse_paths

pytest_plugins = ["tests.support.fixtures"]
# results of the runs session fixtures made, by job name
SESSION_RUNS: dict = {}


def build(
    selection: list | None = None, run_config: dict | None = None, years: tuple | None = None
):
    """Run the build_warehouse job in process on the warehouse named by the environment,
    for the trade years ``years`` (first, last; default: the bundled ones)."""
    from orchestration.definitions import defs
    from orchestration.partitions import range_tags

    job = defs.resolve_job_def("build_warehouse")
    return job.execute_in_process(
        asset_selection=selection,
        run_config=run_config,
        tags=range_tags(*(years or ())),
        raise_on_error=False,
    )


@pytest.hookimpl(tryfirst=True)  # before -m selects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that needs the built warehouse is a build test, marked or not (make test-fast
    leaves build tests out: one left unmarked would build a warehouse there)."""
    for item in items:
        if "built_warehouse" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.build)


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory) -> Iterator[WarehousePaths]:
    """The whole warehouse built once from the bundled snapshot, in a temporary folder."""
    root = tmp_path_factory.mktemp("warehouse")
    previous = os.environ.get(ENV_VAR)
    os.environ[ENV_VAR] = str(root)
    try:
        result = build()
        assert result.success, "the warehouse build failed; see the captured log"
        SESSION_RUNS["build_warehouse"] = result
        yield warehouse_paths()
    finally:
        if previous is None:
            os.environ.pop(ENV_VAR, None)
        else:
            os.environ[ENV_VAR] = previous


@pytest.fixture(scope="session")
def built_warehouse_run(built_warehouse):
    """The Dagster result (events, check evaluations) of the session's build_warehouse run."""
    return SESSION_RUNS["build_warehouse"]


@pytest.fixture(scope="session")
def published(built_warehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the published warehouse, as an analyst would open it."""
    with duckdb.connect(str(built_warehouse.published), read_only=True) as con:
        yield con


@pytest.fixture
def snapshot_copy(tmp_path) -> Path:
    """A writable copy of the bundled USGS snapshot, to corrupt in a test."""
    target = tmp_path / "usgs_mcs"
    shutil.copytree(SNAPSHOT_DIR, target)
    return target


def copy_or_link(source: str, target: str) -> None:
    """Copy a DuckDB file or record (written in place); hard-link the rest. Exports, raw
    partitions and reports are only ever replaced whole (written aside, then renamed), so
    a link is as private as a copy and costs no disk: about 300 MB less per copy."""
    if Path(source).suffix in {".parquet", ".csv", ".html", ".png"}:
        os.link(source, target)
    else:
        shutil.copy2(source, target)


@pytest.fixture
def warehouse_copy(built_warehouse, tmp_path, monkeypatch) -> WarehousePaths:
    """A private copy of the built warehouse, for tests that run (and break) builds.
    Files of exports/, raw/ and the report are hard links: replace them, never edit them."""
    root = tmp_path / "warehouse"
    shutil.copytree(
        built_warehouse.root,
        root,
        ignore=shutil.ignore_patterns("*.lock"),
        copy_function=copy_or_link,
    )
    monkeypatch.setenv(ENV_VAR, str(root))
    return warehouse_paths()
