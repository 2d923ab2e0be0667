"""Publish the working copy as warehouse/minerals.duckdb once every dbt model and test passed."""

import dagster as dg

from orchestration.assets.dbt import dbt_models
from orchestration.resources import WarehouseResource
from storage.publishing import PublishRefused, read_record
from storage.warehouse import table_counts


@dg.asset(deps=[dbt_models], group_name="published", kinds={"duckdb"})
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Atomic swap after a full, passing dbt build; refused otherwise, and when an analyst's
    read-write session would lose its work. Readers never see a half-built warehouse. The
    file names its publication (table meta.publication, and publication.json beside it)."""
    try:
        warehouse.publish(context.log.info)
    except PublishRefused as exc:
        raise dg.Failure(description=str(exc)) from exc
    counts = table_counts(warehouse.paths.published)
    record = read_record(warehouse.paths) or {}
    return dg.MaterializeResult(
        metadata={
            "path": str(warehouse.paths.published),
            "publication_id": record.get("publication_id"),
            "sha256": record.get("sha256"),
            "tables": len(counts),
            "mart_rows": dg.MetadataValue.json(
                {k: v for k, v in counts.items() if k.startswith("main.")}
            ),
        }
    )
