"""The executor of every run: in process (the default), multiprocess, or a Dask cluster.

Run config picks one (docs/scaling.md):

    execution: {config: {in_process: {}}}                       # the default
    execution: {config: {multiprocess: {max_concurrent: 2}}}    # steps in child processes
    execution: {config: {dask: {cluster: {existing: {address: tcp://host:8786}}}}}

`dask` is dagster-dask's executor (each step a task on a worker of a `distributed` cluster);
it needs the optional extra `pip install -e '.[distributed]'`. Without the extra, a run asking
for it is refused with that command. In process by default, so a run killed with -9 leaves no
step process behind writing the working copy.
"""

from __future__ import annotations

import dagster as dg
from dagster._core.definitions.executor_definition import (
    IN_PROC_CONFIG,
    MULTI_PROC_CONFIG,
    multiple_process_executor_requirements,
)

EXTRA = "pip install -e '.[distributed]'"

try:
    from orchestration.dask_steps import DASK_CONFIG, dask_executor_creation
except ImportError:  # the optional extra is not installed
    dask_executor_creation = None
    DASK_CONFIG = dg.Field(dg.Permissive(), description=f"Dask (needs the extra: {EXTRA}).")


def _create(init_context: dg.InitExecutorContext) -> dg.Executor:
    config = init_context.executor_config
    if "dask" not in config:
        return dg.multi_or_in_process_executor.executor_creation_fn(init_context)
    if dask_executor_creation is None:
        raise dg.DagsterInvariantViolationError(
            f"run config asks for the dask executor, but dagster-dask is not installed: {EXTRA}"
        )
    return dask_executor_creation(config["dask"])


def _requirements(config: dict) -> list:
    parallel = "multiprocess" in config or "dask" in config
    return multiple_process_executor_requirements() if parallel else []


RUN_EXECUTOR = dg.ExecutorDefinition(
    name="in_process_multiprocess_or_dask",
    config_schema=dg.Field(
        dg.Selector(
            {"in_process": IN_PROC_CONFIG, "multiprocess": MULTI_PROC_CONFIG, "dask": DASK_CONFIG}
        ),
        default_value={"in_process": {}},
    ),
    executor_creation_fn=_create,
    requirements=_requirements,
    description="In process by default; `multiprocess: {max_concurrent: N}` or "
    "`dask: {cluster: {existing: {address: ...}}}` in run config.",
)
