"""`make demo`: build the warehouse from the bundled snapshot, quietly, then summarise it.

The console shows one line per step (landing, dbt, publishing) and any failure; every
Dagster and dbt message goes to warehouse/build/demo.log (and to the Dagster instance, so
the run is in the UI). Colours only on a terminal; tables fit the terminal's width.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import sys
import time
from pathlib import Path

import dagster as dg
import sqlalchemy.exc
from rich.console import Console

from orchestration.instance import dagster_home, initialise
from storage.disk import disk_full_error, require_free_space
from storage.settings import warehouse_paths

QUIET_STEPS = {"STEP_START", "STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"}


def console() -> Console:
    """The terminal's width on a terminal; a wide, colourless layout when piped."""
    out = Console(file=sys.stdout)
    if out.is_terminal:
        return out
    return Console(file=sys.stdout, width=140, no_color=True, highlight=False)


class ProgressHandler(logging.Handler):
    """One line per step on the console; every record in the log file."""

    def __init__(self, out: Console, log_file: Path) -> None:
        super().__init__(level=logging.DEBUG)
        self.out = out
        self.log_file = log_file
        self.started: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        with self.log_file.open("a", encoding="utf-8") as log:
            log.write(self.format(record) + "\n")
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        step = meta.get("step_key") or ""
        if event is None:
            if record.levelno >= logging.ERROR:
                message = str(meta.get("orig_message", record.getMessage())).splitlines()[0]
                self.out.print(f"  [red]{message[:160]}[/red]", markup=True, highlight=False)
            return
        kind = event.event_type_value
        if kind == "STEP_START":
            self.started[step] = time.monotonic()
            self.out.print(f"  {step} ...")
        elif kind == "STEP_SUCCESS":
            seconds = time.monotonic() - self.started.get(step, time.monotonic())
            self.out.print(f"  {step} [green]done[/green] ({seconds:.1f} s)")
        elif kind in ("STEP_FAILURE", "STEP_SKIPPED"):
            self.out.print(f"  {step} [red]{kind.removeprefix('STEP_').lower()}[/red]")
        elif kind == "ASSET_CHECK_EVALUATION" and not event.event_specific_data.passed:
            evaluation = event.event_specific_data
            warning = evaluation.severity == dg.AssetCheckSeverity.WARN
            self.out.print(
                f"  {'[yellow]warning[/yellow]' if warning else '[red]check failed[/red]'} "
                f"{evaluation.asset_key.to_user_string()}: {evaluation.check_name}"
            )


def progress_logger(out: Console, log_file: Path) -> dg.LoggerDefinition:
    handler = ProgressHandler(out, log_file)

    @dg.logger(description="One line per step on the console, everything in a log file.")
    def progress(_init_context):
        logger = logging.getLogger("minerals.demo")
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        logger.handlers = [handler]
        return logger

    return progress


def build(out: Console) -> bool:
    from orchestration.definitions import defs
    from orchestration.partitions import range_tags

    paths = warehouse_paths()
    log_file = paths.build.parent / "demo.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    log_file.write_text("")
    job = defs.resolve_job_def("build_warehouse").with_logger_defs(
        {"progress": progress_logger(out, log_file)}
    )
    out.print(f"Building {paths.published} from the bundled snapshot (full log: {log_file})")
    started = time.monotonic()
    # dagster-dbt echoes every dbt event on stdout: to the log file with the rest
    with log_file.open("a", encoding="utf-8") as dbt_log, contextlib.redirect_stdout(dbt_log):
        result = job.execute_in_process(
            instance=dg.DagsterInstance.get(),
            run_config={"loggers": {"progress": {}}},
            tags=range_tags(),  # the trade years of the bundled snapshot
            raise_on_error=False,
        )
    verdict = "[green]built[/green]" if result.success else "[red]FAILED[/red]"
    out.print(f"{verdict} in {time.monotonic() - started:.0f} s (run {result.run_id})")
    return result.success


def storage_written(exc: BaseException) -> Path:
    """Where a failed write went: Dagster's SQLite storage, or the warehouse."""
    if isinstance(exc, (sqlite3.Error, sqlalchemy.exc.DBAPIError)):
        return dagster_home()
    return warehouse_paths().root


def build_unless_disk_full(out: Console) -> bool:
    """The build, refused when the disk is (nearly) full, and a full disk said as such
    (SQLite, Dagster's run storage, calls it "disk I/O error")."""
    try:
        require_free_space(warehouse_paths().root, dagster_home())
        initialise()
        return build(out)
    except (OSError, sqlite3.Error, sqlalchemy.exc.DBAPIError) as exc:
        error = disk_full_error(exc, storage_written(exc))
        if error is None:
            raise
        out.print(error.strerror, style="red", markup=False, highlight=False, soft_wrap=True)
        return False


def main() -> int:
    out = console()
    if not build_unless_disk_full(out):
        return 1
    from outputs import report
    from outputs.exports import exports_dir, report_path
    from outputs.exposure_report import print_exposure

    report.main(out)
    print_exposure(out)
    paths = warehouse_paths()
    out.print(f"Report: {report_path(paths)}", soft_wrap=True)
    out.print(f"Exports (Parquet, CSV, data dictionary): {exports_dir(paths)}", soft_wrap=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
