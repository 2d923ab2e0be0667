"""A dbt model renamed or moved leaves its old relation in the working copy: it is dropped
before the build, so it is never published or exported beside the current marts."""

import duckdb
import pytest

from orchestration.assets.dbt import DBT_PROJECT, dbt_relations
from storage.warehouse import drop_orphans


def relations(db) -> set[tuple[str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return set(
            con.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_catalog = current_database()"
            ).fetchall()
        )


def test_only_relations_no_node_builds_are_dropped_other_schemas_untouched(tmp_path):
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:
        for schema in ("main", "staging", "raw"):
            con.execute(f"create schema if not exists {schema}")
        con.execute("create table main.fct_kept as select 1 as x")
        con.execute("create table main.fct_old_name as select 1 as x")
        con.execute("create view staging.stg_gone as select 1 as x")
        con.execute("create table raw.landed as select 1 as x")
    expected = {("main", "fct_kept"), ("staging", "stg_current")}

    dropped = drop_orphans(db, expected)

    assert dropped == ["main.fct_old_name", "staging.stg_gone"]
    assert relations(db) == {("main", "fct_kept"), ("raw", "landed")}


def test_the_projects_relations_cover_every_model_seed_and_audit_table():
    relations_built = dbt_relations(DBT_PROJECT.manifest_path)
    schemas = {schema for schema, _ in relations_built}
    assert {"main", "staging", "intermediate", "reference", "audit"} <= schemas
    assert ("main", "fct_embedded_origin_share") in relations_built
    assert ("intermediate", "int_origin__routes") in relations_built
    assert ("reference", "hs_minerals") in relations_built
    assert "raw" not in schemas  # landing's schema is never pruned


@pytest.mark.build
def test_a_built_working_copy_loses_only_its_planted_orphans(warehouse_copy):
    with duckdb.connect(str(warehouse_copy.build)) as con:
        con.execute("create table main.int_origin__routes as select 1 as stale")
        con.execute("create view intermediate.int_renamed as select 1 as stale")
    before = relations(warehouse_copy.build)

    dropped = drop_orphans(warehouse_copy.build, dbt_relations(DBT_PROJECT.manifest_path))

    assert dropped == ["intermediate.int_renamed", "main.int_origin__routes"]
    assert relations(warehouse_copy.build) == before - {
        ("main", "int_origin__routes"),
        ("intermediate", "int_renamed"),
    }
