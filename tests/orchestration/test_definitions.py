"""The code location loads; its asset keys are reviewed (a rename shows up in the diff)."""

from pathlib import Path

from orchestration.definitions import defs

EXPECTED_KEYS = Path(__file__).with_name("asset_keys.txt")


def asset_keys() -> list[str]:
    graph = defs.resolve_asset_graph()
    return sorted(key.to_user_string() for key in graph.get_all_asset_keys())


def test_asset_keys_snapshot():
    assert asset_keys() == EXPECTED_KEYS.read_text().split()


def test_groups_follow_the_layers():
    graph = defs.resolve_asset_graph()
    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups["fct_production_concentration"] == "marts"
    assert groups["staging/stg_usgs_mcs__world_cells"] == "staging"
    assert groups["intermediate/int_production__by_country"] == "intermediate"
    assert groups["fct_bloc_share"] == "exposure"
    assert groups["usgs_mcs/usgs_mcs__world_production"] == "usgs_mcs"
    assert groups["published_warehouse"] == "published"


def test_dbt_tests_are_asset_checks():
    checks = {key.name for key in defs.resolve_asset_graph().asset_check_keys}
    assert {"source_files_valid", "assert_usgs_country_names_mapped"} <= checks
    assert (
        "unique_combination_fct_production_concentration_source__mineral_id__stage__basis__year"
        in checks
    )
