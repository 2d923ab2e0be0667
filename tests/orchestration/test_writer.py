"""The single writer: who holds the lock, what a killed run leaves, dead runs, full disks."""

import os
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from storage.settings import WarehousePaths
from storage.writer_lock import WriterLock, WriterLockTimeout, process_alive


def test_a_waiting_writer_is_told_who_holds_the_lock(tmp_path):
    paths = WarehousePaths(tmp_path)
    holder = WriterLock(paths, run_id="run-that-holds")
    holder.acquire()
    messages = []
    try:
        waiting = WriterLock(paths, timeout=1, run_id="run-that-waits", log=messages.append)
        with pytest.raises(WriterLockTimeout) as error:
            waiting.acquire()
    finally:
        holder.release()
    assert "run run-that-holds" in str(error.value)
    assert f"pid {os.getpid()}" in str(error.value)
    assert not paths.lock_owner.exists()


def test_the_next_writer_stops_a_dbt_left_running_by_a_dead_run(tmp_path):
    paths = WarehousePaths(tmp_path)
    paths.build.parent.mkdir(parents=True)
    orphan = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(120)", "dbt", "build"]
    )
    deadline = time.monotonic() + 30
    while b"dbt" not in Path(f"/proc/{orphan.pid}/cmdline").read_bytes():
        assert time.monotonic() < deadline, "the stand-in dbt never started"
        time.sleep(0.05)
    paths.dbt_pid.write_text(str(orphan.pid))
    # until the child has exec'd, its command line is pytest's (no "dbt"): wait for it
    deadline = time.monotonic() + 10
    while b"dbt" not in Path(f"/proc/{orphan.pid}/cmdline").read_bytes():
        assert time.monotonic() < deadline
        time.sleep(0.01)
    lock = WriterLock(paths, log=print)
    try:
        lock.acquire()
        orphan.wait(timeout=15)
    finally:
        lock.release()
        if orphan.poll() is None:
            orphan.kill()
    assert orphan.returncode is not None and not process_alive(orphan.pid)
    assert not paths.dbt_pid.exists()


def test_a_run_takes_the_lock_only_when_it_writes(tmp_path, monkeypatch):
    """Resource set-up (Dagster does it again after the last step) never waits for the lock,
    so a run that finished cannot fail because another run took the lock meanwhile."""
    import dagster as dg

    from orchestration.resources import WarehouseResource
    from storage.settings import ENV_VAR

    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    other_run = WriterLock(WarehousePaths(tmp_path), run_id="other")
    other_run.acquire()
    try:
        started = time.monotonic()
        resource = WarehouseResource(lock_timeout_seconds=30)
        with resource.yield_for_execution(dg.build_init_resource_context()) as ready:
            assert not ready._lock.held
        assert time.monotonic() - started < 5
    finally:
        other_run.release()


def test_a_full_disk_is_reported_as_such(tmp_path, monkeypatch):
    """DuckDB says 'disk I/O error' or 'cannot rollback'; the error says the disk is full."""
    if os.geteuid() != 0:
        pytest.fail("this test mounts a small tmpfs and needs root, as CI has")
    import dagster as dg

    from orchestration.resources import WarehouseResource
    from storage.settings import ENV_VAR

    disk = tmp_path / "small_disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], check=True)
    try:
        monkeypatch.setenv(ENV_VAR, str(disk))
        frame = pl.DataFrame({"text": [f"{i:020d}" * 20 for i in range(100_000)]})
        resource = WarehouseResource()
        with resource.yield_for_execution(dg.build_init_resource_context()) as writer:
            with pytest.raises(OSError) as error:
                writer.land("raw", "too_big", frame)
            writer._lock.release()
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)
    assert "no space left on device" in str(error.value)


SLEEPY_RUN = """
import time
from pathlib import Path
import dagster as dg

@dg.op
def wait():
    time.sleep(120)

@dg.job
def sleepy():
    wait()

sleepy.execute_in_process(instance=dg.DagsterInstance.get())
"""


def test_a_killed_run_is_marked_failed_so_the_queue_moves(tmp_path):
    """kill -9 leaves a run STARTED for ever; run monitoring with our launcher fails it."""
    import logging
    import shutil
    import signal

    import dagster as dg
    from dagster._daemon.monitoring.run_monitoring import monitor_started_run

    from storage.settings import REPO_ROOT

    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO_ROOT / "orchestration" / "dagster.yaml", home / "dagster.yaml")
    instance = dg.DagsterInstance.from_config(str(home))
    assert type(instance.run_launcher).__name__ == "MonitoredRunLauncher"
    assert instance.run_monitoring_enabled
    worker = subprocess.Popen(
        [sys.executable, "-c", SLEEPY_RUN], env={**os.environ, "DAGSTER_HOME": str(home)}
    )
    try:
        deadline = time.monotonic() + 60
        started = []
        while not started and time.monotonic() < deadline:
            started = instance.get_run_records(
                filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])
            )
            time.sleep(0.2)
        assert started, "the run never started"
        record = started[0]
        assert instance.run_launcher.check_run_worker_health(record.dagster_run).status.value == (
            "RUNNING"
        )
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert instance.get_run_by_id(record.dagster_run.run_id).status == dg.DagsterRunStatus.STARTED
    monitor_started_run(instance, None, record, logging.getLogger("run_monitoring"))
    run = instance.get_run_by_id(record.dagster_run.run_id)
    assert run.status == dg.DagsterRunStatus.FAILURE
    assert not instance.get_run_records(
        filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])
    )
