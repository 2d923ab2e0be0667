"""dbt models as assets; dbt tests as asset checks; groups follow the dbt folders."""

import shutil
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from orchestration.resources import WarehouseResource
from orchestration.settings import DBT_PROJECT_DIR

RUN_RESULTS = "dbt_run_results.json"
DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class LayerTranslator(DagsterDbtTranslator):
    """Asset group = the first folder of the model path (staging, intermediate, marts)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        folders = dbt_resource_props.get("fqn", [])[1:-1]
        return folders[0] if folders else "dbt"


@dbt_assets(manifest=DBT_PROJECT.manifest_path, dagster_dbt_translator=LayerTranslator())
def dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    """`dbt build` (seeds, models, tests) on the working copy; the writer lock is held.

    --full-refresh reloads seeds whose columns changed (all models are tables or views).

    dbt's run_results.json is kept as build/dbt_run_results.json for review.
    """
    invocation = dbt.cli(["build", "--full-refresh"], context=context)
    yield from invocation.stream()
    shutil.copyfile(
        invocation.target_path / "run_results.json", warehouse.paths.build.parent / RUN_RESULTS
    )
