"""The Dagster code location: `dagster dev -m orchestration.definitions`."""

from __future__ import annotations

import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.assets import landing_assets
from orchestration.assets.dbt import DBT_PROJECT, dbt_models
from orchestration.assets.outputs import warehouse_exports, warehouse_report
from orchestration.assets.publish import published_warehouse
from orchestration.executor import RUN_EXECUTOR
from orchestration.resources import WarehouseResource
from orchestration.schedules import SCHEDULES
from orchestration.sensors import SENSORS
from sources.registry import all_sources

DBT_PROJECT.prepare_if_dev()

# Everything, the partitioned landings included: launch it on a range of years (the UI asks which;
# `make demo` and the tests use the bundled years, orchestration.partitions.BUNDLED_YEARS).
build_warehouse = dg.define_asset_job("build_warehouse", selection=dg.AssetSelection.all())
# Everything but the partitioned landings (trade years, USGS editions): dbt and publishing
# over the raw layer as landed (after a backfill: `dagster job execute -m
# orchestration.definitions -j build_from_raw`).
PARTITIONED = dg.AssetSelection.assets(
    *(dg.AssetKey([s.name, t.name]) for s in all_sources() for t in s.partitioned_tables)
)
build_from_raw = dg.define_asset_job(
    "build_from_raw", selection=dg.AssetSelection.all() - PARTITIONED
)

defs = dg.Definitions(
    assets=[
        *landing_assets(),
        dbt_models,
        published_warehouse,
        warehouse_exports,
        warehouse_report,
    ],
    jobs=[build_warehouse, build_from_raw],
    schedules=SCHEDULES,
    sensors=SENSORS,
    resources={
        "warehouse": WarehouseResource(),
        "dbt": DbtCliResource(
            project_dir=DBT_PROJECT,
            dbt_executable=str(Path(sys.executable).parent / "dbt"),
        ),
    },
    executor=RUN_EXECUTOR,
)
