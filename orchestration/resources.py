"""Dagster resources: the warehouse's single writer, and dbt."""

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import polars as pl
from pydantic import PrivateAttr

from storage import build_state, publishing, warehouse
from storage.settings import WarehousePaths, warehouse_paths
from storage.writer_lock import WRITER_LOCK_TIMEOUT_S, WriterLock


class WarehouseResource(dg.ConfigurableResource):
    """The one writer of the DuckDB working copy.

    The writer lock is taken at the run's first write (so downloads and parsing happen
    outside it) and held until the run ends; a second run waits and is told who holds it.
    """

    lock_timeout_seconds: float = WRITER_LOCK_TIMEOUT_S
    _lock: WriterLock | None = PrivateAttr(default=None)

    @property
    def paths(self) -> WarehousePaths:
        return warehouse_paths()

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator["WarehouseResource"]:
        log = context.log.info if context.log else (lambda message: None)
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

    def land(self, schema: str, table: str, frame: pl.DataFrame) -> int:
        self.hold_writer_lock()
        build_state.invalidate(self.paths)
        try:
            return warehouse.land_table(self.paths.build, schema, table, frame)
        except Exception as exc:
            raise (publishing.disk_full_error(exc, self.paths.build) or exc) from exc

    def publish(self, log=lambda message: None) -> None:
        self.hold_writer_lock()
        publishing.publish(self.paths, log)
