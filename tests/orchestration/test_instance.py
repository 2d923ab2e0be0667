"""Processes initialising a brand-new DAGSTER_HOME together all succeed (issue 16, item 11).

Dagster checks whether its SQLite tables exist, then creates them; two `dagster` CLIs started
together on a fresh DAGSTER_HOME both found none and the second failed on "table run_tags
already exists" (or alembic's "Requested revision ... overlaps"). The processes here start
our entry point (`make setup`, `make demo`) at the same instant, and each waits a second
between Dagster's check and its creation of the tables, so without the lock of
orchestration/instance.py they collide every time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from orchestration.instance import SETTINGS, initialise

PROCESSES = 3
# `make setup` (python -m orchestration.instance) as it runs; Dagster's
# `check_alembic_revision` is slowed so that every process has checked before any creates
INITIALISE_AT = """
import sys, time
from dagster._core.storage.runs.sqlite import sqlite_run_storage as run_storage_module
from orchestration.instance import main

check = run_storage_module.check_alembic_revision
def slow_check(*args, **kwargs):
    revisions = check(*args, **kwargs)
    time.sleep(1)
    return revisions
run_storage_module.check_alembic_revision = slow_check

time.sleep(max(0.0, float(sys.argv[1]) - time.time()))
main()
"""


def initialise_together(home: Path) -> list[tuple[int, str]]:
    """(exit code, stderr) of each process."""
    start = time.time() + 8  # after every interpreter has imported dagster
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", INITIALISE_AT, str(start)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    errors = [process.communicate(timeout=120)[1] for process in processes]
    return [(process.returncode, error) for process, error in zip(processes, errors, strict=True)]


def error_line(stderr: str) -> str:
    return next(line for line in reversed(stderr.splitlines()) if "Error" in line)


def test_processes_initialising_a_new_dagster_home_together_all_succeed(tmp_path):
    home = tmp_path / ".dagster"
    failures = [error_line(stderr) for code, stderr in initialise_together(home) if code]
    assert not failures, f"{len(failures)} of {PROCESSES} processes failed: {failures}"
    assert (home / "dagster.yaml").read_bytes() == SETTINGS.read_bytes()


def test_initialise_writes_the_settings_and_creates_the_storage(tmp_path, monkeypatch):
    home = tmp_path / "fresh" / ".dagster"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    assert initialise() == home
    assert (home / "dagster.yaml").read_bytes() == SETTINGS.read_bytes()
    assert (home / "history" / "runs.db").is_file()
    assert (home / "schedules" / "schedules.db").is_file()
