"""Dagster's default run launcher, plus a health check so run monitoring finds dead runs.

A run killed with -9 (or by a full disk) never reports its end: it stays STARTED and, with
`max_concurrent_runs: 1`, every later run waits QUEUED behind it for ever. The default
launcher cannot tell whether a run worker is alive; this one looks up the pid the run worker
recorded on its RUN_START event and checks the process. Run monitoring (enabled in
dagster.yaml, no resume attempts) then marks a dead run FAILURE and the queue moves on.
Runs and the daemon share one machine here, as `make ui` starts them.

Stopping `dagster dev` stops the runs it launched. The run worker is a child of the code
location's gRPC server, and that server, asked to shut down, waits for its runs to finish: a
SIGTERM to `dagster dev` during a build left the code server, the gRPC server, the run worker
and dbt running for minutes after the webserver and the daemon had gone (Ctrl-C reaches them
all through the terminal's process group, `kill` or a service manager only `dagster dev`).
The process that launched a run (the daemon, which launches queued runs) cancels the runs it
launched that are still going when it stops (on disposing its instance, as `dagster dev` shuts
it down), through the gRPC server as the UI's Terminate does: the run ends CANCELED, not
STARTED, and the gRPC server, its runs gone, exits.

A run does not start on a (nearly) full disk: below storage/disk.py's MIN_FREE_BYTES free in
DAGSTER_HOME or the warehouse folder the launch is refused, saying so (the run fails with that
message); a launch that meets a full disk says "disk full", the path and its free bytes, not
SQLite's "disk I/O error".
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import sqlalchemy.exc
from dagster import DagsterEventType, DagsterRun
from dagster._core.launcher import CheckRunHealthResult, LaunchRunContext, WorkerStatus
from dagster._core.launcher.default_run_launcher import DefaultRunLauncher

from storage.disk import disk_full_error, require_free_space
from storage.settings import warehouse_paths
from storage.writer_lock import process_alive


class MonitoredRunLauncher(DefaultRunLauncher):
    @property
    def supports_check_run_worker_health(self) -> bool:
        return True

    def launch_run(self, context: LaunchRunContext) -> None:
        home = Path(self._instance.root_directory)
        require_free_space(home, warehouse_paths().root)
        try:
            super().launch_run(context)
        except (OSError, sqlite3.Error, sqlalchemy.exc.DBAPIError) as exc:
            raise (disk_full_error(exc, home) or exc) from exc

    def run_worker_pid(self, run: DagsterRun) -> int | None:
        records = self._instance.get_records_for_run(
            run.run_id, of_type=DagsterEventType.RUN_START, limit=1
        ).records
        event = records[0].event_log_entry.dagster_event if records else None
        return event.pid if event else None

    def check_run_worker_health(self, run: DagsterRun) -> CheckRunHealthResult:
        pid = self.run_worker_pid(run)
        if pid is None or process_alive(pid):
            return CheckRunHealthResult(WorkerStatus.RUNNING)
        return CheckRunHealthResult(
            WorkerStatus.FAILED, f"the run worker (pid {pid}) is gone: killed or crashed"
        )

    def dispose(self) -> None:
        """Cancel the runs this process launched that are still going (see the module doc)."""
        for run_id in sorted(self._run_ids):
            try:
                if self.terminate(run_id):
                    logging.getLogger("dagster").info(f"stopping: canceled run {run_id}")
            except Exception as exc:  # a stop must go on: run monitoring marks what is left
                logging.getLogger("dagster").warning(f"stopping: run {run_id} not canceled: {exc}")
        self._run_ids.clear()
        super().dispose()
