"""Dagster resources: the warehouse's single writer, and dbt."""

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import polars as pl
from pydantic import PrivateAttr

from outputs.exports import repair_outputs
from storage import build_state, publishing, warehouse
from storage.settings import WarehousePaths, warehouse_paths
from storage.writer_lock import WRITER_LOCK_TIMEOUT_S, WriterLock


class WarehouseResource(dg.ConfigurableResource):
    """The one writer of the DuckDB working copy.

    A landing holds the writer lock only while it writes its tables (``writing``), so the
    downloads and parsing of the run's other landings happen outside it. dbt and publishing
    take it (``hold_writer_lock``) and hold it until the run ends, so nothing lands between
    a passed build and its publication. A second run waits and is told who holds it.
    """

    lock_timeout_seconds: float = WRITER_LOCK_TIMEOUT_S
    _lock: WriterLock | None = PrivateAttr(default=None)

    @property
    def paths(self) -> WarehousePaths:
        return warehouse_paths()

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator["WarehouseResource"]:
        log = context.log.info if context.log else (lambda message: None)
        # a run stopped between publishing and the outputs left them behind: repair them first
        repair_outputs(self.paths, log, context.log.warning if context.log else log)
        self._lock = WriterLock(
            self.paths, timeout=self.lock_timeout_seconds, run_id=context.run_id, log=log
        )
        try:
            yield self
        finally:
            self._lock.release()

    def hold_writer_lock(self) -> None:
        if self._lock is None:  # used outside a run (tests, scripts)
            self._lock = WriterLock(self.paths, timeout=self.lock_timeout_seconds)
        self._lock.acquire()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the writer lock for the block; release it after, unless the run held it
        before (dbt or publishing: then it stays held to the run's end)."""
        held_before = self._lock is not None and self._lock.held
        self.hold_writer_lock()
        try:
            yield
        finally:
            if not held_before:
                self._lock.release()

    def land(
        self, schema: str, table: str, frame: pl.DataFrame, fingerprint: str | None = None
    ) -> int:
        with self.writing():
            build_state.invalidate(self.paths)
            try:
                return warehouse.land_table(self.paths.build, schema, table, frame, fingerprint)
            except Exception as exc:
                raise (publishing.disk_full_error(exc, self.paths.build) or exc) from exc

    def landed_unchanged(
        self, schema: str, tables: list[str], fingerprint: str
    ) -> dict[str, int] | None:
        """Rows of each table if all were landed from ``fingerprint`` and are unchanged since."""
        with self.writing():
            return warehouse.landed_unchanged(self.paths.build, schema, tables, fingerprint)

    def publish(self, log=lambda message: None) -> None:
        self.hold_writer_lock()
        publishing.publish(self.paths, log)
