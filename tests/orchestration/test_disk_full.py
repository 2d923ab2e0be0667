"""A full disk says so: path and free bytes, not SQLite's "disk I/O error" (issue 16, item 11).

Simulated: the free space storage/disk.py measures is faked, and Dagster's instance storage
(SQLite in DAGSTER_HOME, the first writer to meet a full disk) raises "disk I/O error" as it
did. `make demo` and the run launcher (`make ui`) say the disk is full, and neither starts a
run on a disk with less than MIN_FREE_BYTES free.
"""

from __future__ import annotations

import sqlite3
import uuid

import dagster as dg
import pytest
import sqlalchemy.exc
from dagster._core.launcher import LaunchRunContext
from dagster._core.launcher.default_run_launcher import DefaultRunLauncher

from orchestration import demo
from storage import disk
from storage.settings import ENV_VAR

PLENTY = 50 * 2**30
NEARLY_FULL = 100 * 2**20
FULL = 40_960


def sqlite_disk_io_error() -> sqlalchemy.exc.OperationalError:
    """What SQLAlchemy raises when SQLite cannot write Dagster's run storage."""
    return sqlalchemy.exc.OperationalError(
        "INSERT INTO runs (run_id) VALUES (?)", {}, sqlite3.OperationalError("disk I/O error")
    )


@pytest.fixture
def free_space(monkeypatch):
    """The free bytes every disk reports; a test changes ``free_space["bytes"]``."""
    free = {"bytes": PLENTY}
    monkeypatch.setattr(disk, "free_bytes", lambda path: free["bytes"])
    return free


@pytest.fixture
def homes(tmp_path, monkeypatch):
    home = tmp_path / "dagster_home"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "warehouse"))
    return home


def test_demo_says_the_disk_is_full_where_sqlite_said_disk_io_error(
    homes, free_space, monkeypatch, capsys
):
    def disk_fills_up():
        free_space["bytes"] = FULL
        raise sqlite_disk_io_error()

    monkeypatch.setattr(dg.DagsterInstance, "get", staticmethod(disk_fills_up))
    assert demo.main() == 1
    said = " ".join(capsys.readouterr().out.split())
    print(said)
    assert f"disk full: {homes} has 40,960 bytes free (0 MiB)" in said
    assert "(sqlite3.OperationalError) disk I/O error" in said
    assert "free some space and run again (the published warehouse was not changed)" in said


def test_demo_does_not_start_a_build_on_a_nearly_full_disk(homes, free_space, monkeypatch, capsys):
    free_space["bytes"] = NEARLY_FULL
    monkeypatch.setattr(
        dg.DagsterInstance, "get", staticmethod(lambda: pytest.fail("the build started"))
    )
    assert demo.main() == 1
    said = " ".join(capsys.readouterr().out.split())
    print(said)
    assert "has 104,857,600 bytes free (100 MiB); a run needs at least 536,870,912 bytes" in said
    assert "nothing was started" in said


@pytest.fixture
def launcher(homes):
    settings = {
        "run_launcher": {"module": "orchestration.run_launcher", "class": "MonitoredRunLauncher"}
    }
    with dg.instance_for_test(overrides=settings) as instance:
        yield instance.run_launcher


def launch(launcher) -> None:
    run = dg.DagsterRun(job_name="build_warehouse", run_id=str(uuid.uuid4()))
    launcher.launch_run(LaunchRunContext(dagster_run=run, workspace=None))


def test_launcher_refuses_a_run_on_a_nearly_full_disk(launcher, free_space):
    free_space["bytes"] = NEARLY_FULL
    with pytest.raises(disk.DiskFullError, match="a run needs at least 536,870,912 bytes") as e:
        launch(launcher)
    assert str(launcher._instance.root_directory) in str(e.value)


def test_launcher_says_the_disk_is_full_where_sqlite_said_disk_io_error(
    launcher, free_space, monkeypatch
):
    def disk_fills_up(self, context):
        free_space["bytes"] = FULL
        raise sqlite_disk_io_error()

    monkeypatch.setattr(DefaultRunLauncher, "launch_run", disk_fills_up)
    with pytest.raises(disk.DiskFullError, match="has 40,960 bytes free") as e:
        launch(launcher)
    assert f"disk full: {launcher._instance.root_directory}" in str(e.value)
    assert "disk I/O error" in str(e.value)


def test_an_io_error_with_room_left_is_not_called_a_full_disk(tmp_path, free_space):
    assert disk.disk_full_error(sqlite_disk_io_error(), tmp_path) is None
    free_space["bytes"] = FULL
    assert disk.disk_full_error(sqlite_disk_io_error(), tmp_path) is not None


def test_sqlite_and_the_os_saying_full_are_a_full_disk_whatever_is_free(tmp_path, free_space):
    for error in (
        sqlite3.OperationalError("database or disk is full"),
        OSError(28, "No space left on device"),
    ):
        assert "disk full" in str(disk.disk_full_error(error, tmp_path))
