"""What analysts take away after a publish: exports/ (Parquet, CSV, data dictionary) and
report.html, all read from the published warehouse and stamped with its publication id
(outputs/exports.py). A run stopped between the two leaves them behind: the next run repairs
them first (outputs.exports.repair_outputs, from the warehouse resource)."""

import dagster as dg

from orchestration.assets.publish import published_warehouse
from orchestration.resources import WarehouseResource
from outputs.exports import write_exports, write_report


class ReportConfig(dg.Config):
    importer: str = "USA"  # ISO3 of the importer whose suppliers the report charts


@dg.asset(deps=[published_warehouse], group_name="published", kinds={"parquet", "csv"})
def warehouse_exports(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Every mart as Parquet and CSV, with DATA_DICTIONARY.md and data_dictionary.json, in
    exports/; swapped in whole, so a failure leaves the previous exports."""
    info = write_exports(warehouse.paths, log=context.log.info)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(info["path"]),
            "publication_id": (info["publication"] or {}).get("publication_id"),
            "marts": len(info["marts"]),
            "rows": dg.MetadataValue.json({k: v["rows"] for k, v in info["marts"].items()}),
            "megabytes": round(
                sum(v["parquet_bytes"] + v["csv_bytes"] for v in info["marts"].values()) / 1e6, 1
            ),
            "seconds": info["seconds"],
        }
    )


@dg.asset(deps=[warehouse_exports], group_name="published", kinds={"html", "plotly"})
def warehouse_report(
    context: dg.AssetExecutionContext, config: ReportConfig, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """report.html: concentration, China's share, an importer's suppliers and the exposure
    marts, self-contained (charts inlined, nothing fetched when opened)."""
    report = write_report(warehouse.paths, importer=config.importer, log=context.log.info)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(report["path"]),
            "megabytes": round(report["bytes"] / 1e6, 1),
            "sections": dg.MetadataValue.json(report["sections"]),
        }
    )
