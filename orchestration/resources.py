"""Dagster resources: the warehouse writer (holds the writer lock for the whole run) and dbt."""

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import polars as pl

from orchestration import warehouse
from orchestration.settings import WarehousePaths, warehouse_paths


class WarehouseResource(dg.ConfigurableResource):
    """The one writer of the DuckDB working copy; a second run waits for the lock."""

    lock_timeout_seconds: float = warehouse.WRITER_LOCK_TIMEOUT_S

    @property
    def paths(self) -> WarehousePaths:
        return warehouse_paths()

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator["WarehouseResource"]:
        with warehouse.writer_lock(self.paths.lock, self.lock_timeout_seconds):
            if context.log:
                context.log.info(f"holding the warehouse writer lock {self.paths.lock}")
            yield self

    def land(self, schema: str, table: str, frame: pl.DataFrame) -> int:
        return warehouse.land_table(self.paths.build, schema, table, frame)

    def publish(self) -> None:
        warehouse.publish(self.paths.build, self.paths.published)
