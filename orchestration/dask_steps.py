"""dagster-dask's executor, with two fixes for running several runs on one Dask cluster.

1. A step's task key holds the run id. dagster-dask names a task `<job>.<step>`, and Dask
   treats equal keys from two clients as one task: the year runs of a backfill (the same job,
   the same steps, one partition each) would share one result, and all but one year would
   land nothing.
2. A step's arguments and its events go through Dask wrapped: Dask 2026 walks the tuples
   among a task's arguments looking for futures (and sizes results by walking them), and
   Dagster's records refuse iteration ("Iteration is not allowed on `@record`").

Imported only when the `distributed` extra is installed (orchestration/executor.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import dask.distributed
from dagster._core.errors import raise_execution_interrupts
from dagster._core.events import DagsterEvent
from dagster._core.execution.context.system import PlanOrchestrationContext
from dagster._core.execution.plan.plan import ExecutionPlan
from dagster._utils import iterate_with_context
from dagster_dask.executor import (
    DaskExecutor,
    dask_executor,
    get_dask_resource_requirements,
    query_on_dask_worker,
)

# dagster-dask's config: {cluster: {existing: {address: ...}}} or {cluster: {local: {...}}}
DASK_CONFIG = dask_executor.config_schema.as_field()


class Opaque:
    """A value Dask passes on without looking inside."""

    def __init__(self, value: object) -> None:
        self.value = value


def run_step(dependencies: list, arguments: Opaque) -> Opaque:
    """On a worker: run one step of the run (after ``dependencies``, the futures of the
    steps it reads from, are done); its events."""
    return Opaque(query_on_dask_worker(dependencies, *arguments.value))


class RunScopedDaskExecutor(DaskExecutor):
    """Each step a task on the cluster, its key ``<job>.<run id>.<step>``."""

    def execute(
        self, plan_context: PlanOrchestrationContext, execution_plan: ExecutionPlan
    ) -> Iterator[DagsterEvent]:
        if self.cluster_type == "existing":
            cluster = self.cluster_configuration["address"]
        elif self.cluster_type == "local":
            cluster = dask.distributed.LocalCluster(**self.build_dict(plan_context.job_name))
        else:
            raise ValueError(
                f"dask cluster {self.cluster_type!r}: this project runs on `existing` (a "
                "scheduler's address) or `local`"
            )
        run = plan_context.dagster_run
        with dask.distributed.Client(cluster) as client:
            futures = {}
            for level in execution_plan.get_steps_to_execute_by_level():
                for step in level:
                    dependencies = [
                        futures[key] for put in step.step_inputs for key in put.dependency_keys
                    ]
                    arguments = Opaque(
                        (
                            plan_context.reconstructable_job,
                            run,
                            plan_context.run_config,
                            [step.key],
                            plan_context.instance.get_ref(),
                            execution_plan.known_state,
                        )
                    )
                    futures[step.key] = client.submit(
                        run_step,
                        dependencies,
                        arguments,
                        key=f"{plan_context.job_name}.{run.run_id}.{step.key}",
                        resources=get_dask_resource_requirements(step.tags),
                    )
            done = dask.distributed.as_completed(list(futures.values()), with_results=True)
            for _, events in iterate_with_context(raise_execution_interrupts, done):
                yield from events.value


def dask_executor_creation(config: dict) -> RunScopedDaskExecutor:
    """The executor of a run config's `execution: {config: {dask: ...}}`."""
    ((cluster_type, cluster_configuration),) = config["cluster"].items()
    return RunScopedDaskExecutor(cluster_type, cluster_configuration)
