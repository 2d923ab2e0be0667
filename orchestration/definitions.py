"""The Dagster code location: `dagster dev -m orchestration.definitions`."""

from __future__ import annotations

import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.assets.baci import baci_dictionaries, baci_trade_flows
from orchestration.assets.comtrade import comtrade_tables
from orchestration.assets.dbt import DBT_PROJECT, dbt_models
from orchestration.assets.iea import iea_tables
from orchestration.assets.outputs import warehouse_exports, warehouse_report
from orchestration.assets.publish import published_warehouse
from orchestration.assets.reference import reference_tables
from orchestration.assets.usgs_mcs import usgs_mcs_tables
from orchestration.assets.wgi import wgi_tables
from orchestration.assets.wmd import wmd_tables
from orchestration.resources import WarehouseResource
from orchestration.schedules import SCHEDULES
from orchestration.sensors import SENSORS

DBT_PROJECT.prepare_if_dev()

# Everything, the trade years included: launch it on a range of years (the UI asks which;
# `make demo` and the tests use the bundled years, orchestration.partitions.BUNDLED_YEARS).
build_warehouse = dg.define_asset_job("build_warehouse", selection=dg.AssetSelection.all())

defs = dg.Definitions(
    assets=[
        usgs_mcs_tables,
        reference_tables,
        baci_dictionaries,
        baci_trade_flows,
        comtrade_tables,
        iea_tables,
        wmd_tables,
        wgi_tables,
        dbt_models,
        published_warehouse,
        warehouse_exports,
        warehouse_report,
    ],
    jobs=[build_warehouse],
    schedules=SCHEDULES,
    sensors=SENSORS,
    resources={
        "warehouse": WarehouseResource(),
        "dbt": DbtCliResource(
            project_dir=DBT_PROJECT,
            dbt_executable=str(Path(sys.executable).parent / "dbt"),
        ),
    },
    # Dagster's default: steps in parallel processes (run config
    # execution: {config: {multiprocess: {max_concurrent: 2}}}), or `in_process: {}`; the
    # writer lock serialises the DuckDB writers either way (docs/scaling.md)
    executor=dg.multi_or_in_process_executor,
)
