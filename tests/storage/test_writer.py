"""The single writer: who holds the lock, what a killed run leaves, dead runs, full disks."""

import os
import subprocess
import sys
import time
from pathlib import Path

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


def test_a_landing_holds_the_lock_while_it_writes_dbt_holds_it_to_the_run_end(
    tmp_path, monkeypatch
):
    """A landing takes the lock for its tables and gives it back; once dbt or publishing
    took it (hold_writer_lock), a landing leaves it held until the run ends."""
    import dagster as dg
    import polars as pl

    from orchestration.resources import WarehouseResource
    from storage.settings import ENV_VAR

    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    frame = pl.DataFrame({"n": [1, 2]})
    resource = WarehouseResource(lock_timeout_seconds=5)
    with resource.yield_for_execution(dg.build_init_resource_context()) as writer:
        with writer.writing():
            assert writer._lock.held
            writer.land("raw", "first", frame)
            assert writer._lock.held  # one landing's tables under one holding
        assert not writer._lock.held
        assert writer.land("raw", "second", frame) == 2
        assert not writer._lock.held
        writer.hold_writer_lock()  # dbt
        writer.land("raw", "third", frame)
        assert writer._lock.held
    assert not writer._lock.held


FULL_DISK_LANDING = """
import subprocess, sys
import dagster as dg
import polars as pl
from orchestration.resources import WarehouseResource

subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", sys.argv[1]], check=True)
frame = pl.DataFrame({"text": [f"{i:020d}" * 20 for i in range(100_000)]})
with WarehouseResource().yield_for_execution(dg.build_init_resource_context()) as writer:
    try:
        writer.land("raw", "too_big", frame)
    except Exception as exc:
        print(f"OSError={isinstance(exc, OSError)}: {exc}")
    else:
        print("landed on a 3 MB disk")
    writer._lock.release()
"""


def test_a_full_disk_is_reported_as_such(tmp_path):
    """DuckDB says 'disk I/O error' or 'cannot rollback'; the error says the disk is full.

    The landing runs in a mount namespace of its own on a 3 MB tmpfs: as root (CI) a plain
    one, as another user one that also maps them to root in a user namespace (no sudo), so
    the test runs the same either way and the tmpfs never outlives the child."""
    from storage.settings import ENV_VAR

    disk = tmp_path / "small_disk"
    disk.mkdir()
    namespace = ["unshare", "--mount"] if os.geteuid() == 0 else ["unshare", "-r", "--mount"]
    child = subprocess.run(
        [*namespace, sys.executable, "-c", FULL_DISK_LANDING, str(disk)],
        env={**os.environ, ENV_VAR: str(disk)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, (
        f"the landing did not run (unshare needs root or unprivileged user namespaces):\n"
        f"{child.stderr[-2000:]}"
    )
    assert "OSError=True" in child.stdout, child.stdout
    assert "no space left on device" in child.stdout
    assert not any(disk.iterdir())  # the tmpfs went away with the child's namespace


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
