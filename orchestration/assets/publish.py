"""Publish the working copy as warehouse/minerals.duckdb once every dbt model is built."""

import dagster as dg

from orchestration.assets.dbt import dbt_models
from orchestration.resources import WarehouseResource
from orchestration.warehouse import table_counts


@dg.asset(deps=[dbt_models], group_name="published")
def published_warehouse(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Atomic swap: readers never see a half-built warehouse; a failed run publishes nothing."""
    warehouse.publish()
    counts = table_counts(warehouse.paths.published)
    return dg.MaterializeResult(
        metadata={
            "path": str(warehouse.paths.published),
            "tables": len(counts),
            "mart_rows": dg.MetadataValue.json(
                {k: v for k, v in counts.items() if k.startswith("main.")}
            ),
        }
    )
