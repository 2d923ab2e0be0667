"""The pieces of the Dask backfill that need no cluster: the year runs' commands and the
executor's choice (the backfill itself: test_distributed.py)."""

from types import SimpleNamespace

import dagster as dg
import pytest
from dagster._cli import cli as dagster_cli

from orchestration import executor
from orchestration.definitions import defs
from orchestration.year_runs import DASK_RUN_CONFIG, materialize_command, years_of


def test_a_range_is_one_run_per_year():
    assert years_of("2022...2024") == ["2022", "2023", "2024"]
    for wrong in ("2024...2022", "1990...1996", "2022-2024"):
        with pytest.raises(ValueError, match=r"expected FIRST\.\.\.LAST, years of 1995\.\.\."):
            years_of(wrong)


def test_a_year_run_lands_every_partitioned_table_of_that_year(tmp_path):
    configs = [tmp_path / "dask.yaml", tmp_path / "ops.yaml"]
    for config in configs:
        config.touch()  # the CLI wants them to exist
    command = materialize_command("2023", configs)
    words = command[1:]
    assert words[:2] == ["asset", "materialize"] and words.count("-c") == 2
    materialize = dagster_cli.commands["asset"].commands["materialize"]
    options = materialize.make_context("materialize", words[2:]).params
    assert options["partition"] == "2023"
    selected = dg.AssetSelection.from_coercible(options["select"].split(","))
    graph = defs.resolve_asset_graph()
    partitioned = {key for key in graph.get_all_asset_keys() if graph.get(key).partitions_def}
    assert selected.resolve(graph) == partitioned


def test_the_dask_run_config_is_valid_for_the_landings():
    import yaml

    config = yaml.safe_load(DASK_RUN_CONFIG.format(address="tcp://127.0.0.1:8786"))
    job = defs.resolve_implicit_global_asset_job_def()
    execution = dg.validate_run_config(job, config)["execution"]
    assert execution == {
        executor.RUN_EXECUTOR.name: {
            "dask": {"cluster": {"existing": {"address": "tcp://127.0.0.1:8786"}}}
        }
    }


def test_without_the_extra_a_dask_run_is_refused_with_the_install_command(monkeypatch):
    monkeypatch.setattr(executor, "dask_executor_creation", None)
    context = SimpleNamespace(executor_config={"dask": {"cluster": {"existing": {"address": "x"}}}})
    with pytest.raises(
        dg.DagsterInvariantViolationError, match=r"pip install -e '\.\[distributed\]'"
    ):
        executor.RUN_EXECUTOR.executor_creation_fn(context)
