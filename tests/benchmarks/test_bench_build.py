"""The pure helpers of bench_build: DAG order, per-type split, the floor's check and SQL."""

import duckdb
import pytest

from tests.benchmarks.bench_build import (
    count_sql,
    dag_order,
    floor_differences,
    model_sql,
    slowest,
    split_by_type,
)


def test_dag_order_puts_every_node_after_its_parents_and_ignores_sources():
    depends_on = {
        "test.p.not_null_fct": ["model.p.fct"],
        "model.p.fct": ["model.p.stg_b", "model.p.stg_a", "seed.p.codes"],
        "model.p.stg_a": ["source.p.raw.a"],
        "model.p.stg_b": ["source.p.raw.b"],
        "seed.p.codes": [],
    }
    order = dag_order(depends_on)
    assert sorted(order) == sorted(depends_on)
    for node, parents in depends_on.items():
        for parent in parents:
            if parent in depends_on:
                assert order.index(parent) < order.index(node)
    assert order[:3] == ["model.p.stg_a", "model.p.stg_b", "seed.p.codes"]  # ties by name


def test_dag_order_names_a_cycle():
    with pytest.raises(ValueError, match="cycle"):
        dag_order({"model.p.a": ["model.p.b"], "model.p.b": ["model.p.a"], "seed.p.c": []})


RESULTS = [
    {"unique_id": "seed.p.codes", "execution_time": 0.5},
    {"unique_id": "model.p.stg_a", "execution_time": 1.0},
    {"unique_id": "model.p.fct", "execution_time": 4.0},
    {"unique_id": "test.p.not_null_fct.1a", "execution_time": 0.25},
    {"unique_id": "test.p.unique_fct.2b", "execution_time": 0.75},
    {"unique_id": "unit_test.p.fct.two_equal_producers", "execution_time": 2.0},
]


def test_split_by_type_counts_and_sums_each_resource_type():
    split = split_by_type(RESULTS)
    assert split == {
        "seed": {"nodes": 1, "seconds": 0.5},
        "model": {"nodes": 2, "seconds": 5.0},
        "test": {"nodes": 2, "seconds": 1.0},
        "unit_test": {"nodes": 1, "seconds": 2.0},
    }


def test_split_by_type_lists_every_type_even_when_absent():
    assert split_by_type(RESULTS[:1])["unit_test"] == {"nodes": 0, "seconds": 0.0}


def test_slowest_nodes_come_first():
    assert slowest(RESULTS, 2) == [
        ("model.p.fct", 4.0),
        ("unit_test.p.fct.two_equal_producers", 2.0),
    ]


def test_floor_differences_name_rows_and_failures_that_differ():
    found = floor_differences(
        {"model.p.fct": 10, "seed.p.codes": 3},
        {"model.p.fct": 9, "seed.p.codes": 3},
        {"test.p.t1": 0, "test.p.t2": 2},
        {"test.p.t1": 0},
    )
    assert found == [
        "model.p.fct: 10 rows in dbt's build, 9 in the floor's",
        "test.p.t2: 2 failing rows in dbt's build, None in the floor's",
    ]


def test_floor_sql_runs_compiled_code_that_ends_in_a_comment():
    con = duckdb.connect()
    con.execute("create schema marts")
    view = {"schema": "marts", "name": "v", "config": {"materialized": "view"}}
    table = {"schema": "marts", "name": "t", "alias": "t2", "config": {"materialized": "table"}}
    con.execute(model_sql({**view, "compiled_code": "select 1 as x union all select 2 -- end"}))
    con.execute(model_sql({**table, "compiled_code": "select x from marts.v where x > 1"}))
    assert con.execute(count_sql("select * from marts.t2 -- one row")).fetchall() == [(1,)]
    assert con.execute(
        "select table_type from information_schema.tables order by 1"
    ).fetchall() == [
        ("BASE TABLE",),
        ("VIEW",),
    ]
