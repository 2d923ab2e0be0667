"""dbt tests as the Dagster UI shows them: one check on one asset each, warnings as warnings.

A singular dbt test that reads several nodes, or whose meta names a node it does not read,
used to become no check at all: dagster-dbt logged it as an AssetObservation on every node it
reads, each build (a mart's latest events full of other marts' tests). A `severity: warn` test
with offending rows is a check result of severity WARN (the UI's warning colour), not ERROR.
"""

from __future__ import annotations

import json
from collections import Counter

import dagster as dg
import pytest

from orchestration.assets.dbt import DBT_PROJECT, _failed_check, dbt_models
from orchestration.assets.landing import VALID_CHECK

WARN_TEST = "warn_usgs_cells_without_header"
# a test on two marts, and a test whose meta names a model it does not read
ATTACHED = {
    "assert_exposure_lost_share_matches_bilateral": dg.AssetKey("fct_disruption_scenarios"),
    "assert_production_one_unit_per_series": dg.AssetKey(
        ["intermediate", "int_production__by_country"]
    ),
}


def singular_tests() -> dict[str, dict]:
    nodes = json.loads(DBT_PROJECT.manifest_path.read_text())["nodes"]
    return {
        node["name"]: node
        for node in nodes.values()
        if node["resource_type"] == "test" and not node.get("attached_node")
    }


def test_every_singular_dbt_test_is_one_check_on_one_asset():
    checks = Counter(key.name for key in dbt_models.check_keys)
    tests = singular_tests()
    assert len(tests) >= 20
    assert {name: checks[name] for name in tests if checks[name] != 1} == {}
    on = {key.name: key.asset_key for key in dbt_models.check_keys}
    assert {name: on[name] for name in ATTACHED} == ATTACHED


def test_a_failed_warn_test_is_a_warning_and_names_its_audit_table():
    test = singular_tests()[WARN_TEST]
    failed = dg.AssetCheckResult(
        asset_key=dg.AssetKey(["staging", "stg_usgs_mcs__world_cells"]),
        check_name=WARN_TEST,
        passed=False,
        severity=dg.AssetCheckSeverity.ERROR,
    )
    result = _failed_check(failed, test)
    assert result.severity == dg.AssetCheckSeverity.WARN
    assert result.metadata["audit_table"].startswith("audit")


@pytest.mark.build
def test_a_dbt_build_yields_check_results_and_no_observations(built_warehouse_run):
    """The session's whole build, in process: dbt runs every test (no selection)."""
    events = built_warehouse_run.all_events
    observations = Counter(
        e.asset_key.to_user_string() for e in events if e.event_type_value == "ASSET_OBSERVATION"
    )
    assert observations == Counter()
    evaluations = [  # dbt's tests (the landings' own check is on every landed table)
        e.event_specific_data
        for e in events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and e.event_specific_data.check_name != VALID_CHECK
    ]
    by_name = Counter(e.check_name for e in evaluations)
    assert {name: n for name, n in by_name.items() if n != 1} == {}
    assert set(singular_tests()) <= set(by_name)
    on = {e.check_name: e.asset_key for e in evaluations}
    assert {name: on[name] for name in ATTACHED} == ATTACHED
    # the bundled USGS files have cells under empty headers: the warn test reports them
    [warned] = [e for e in evaluations if e.check_name == WARN_TEST]
    assert not warned.passed
    assert warned.severity == dg.AssetCheckSeverity.WARN
    errors = [e.check_name for e in evaluations if not e.passed]
    assert errors == [WARN_TEST]  # every other test passes on the bundled snapshot
