"""Dagster's default run launcher, plus a health check so run monitoring finds dead runs.

A run killed with -9 (or by a full disk) never reports its end: it stays STARTED and, with
`max_concurrent_runs: 1`, every later run waits QUEUED behind it for ever. The default
launcher cannot tell whether a run worker is alive; this one looks up the pid the run worker
recorded on its RUN_START event and checks the process. Run monitoring (enabled in
dagster.yaml, no resume attempts) then marks a dead run FAILURE and the queue moves on.
Runs and the daemon share one machine here, as `make ui` starts them.
"""

from __future__ import annotations

from dagster import DagsterEventType, DagsterRun
from dagster._core.launcher import CheckRunHealthResult, WorkerStatus
from dagster._core.launcher.default_run_launcher import DefaultRunLauncher

from storage.writer_lock import process_alive


class MonitoredRunLauncher(DefaultRunLauncher):
    @property
    def supports_check_run_worker_health(self) -> bool:
        return True

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
