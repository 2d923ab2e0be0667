"""The published file opens in the clients analysts and BI tools use, and explains itself."""

import json
import re
import subprocess
import sys

import pytest

from storage.settings import REPO_ROOT

pytestmark = pytest.mark.build

DUCKDB_14 = REPO_ROOT / ".venv" / "compat-duckdb14" / "bin" / "python"


def test_a_duckdb_1_4_client_reads_the_published_file(built_warehouse):
    assert DUCKDB_14.exists(), "run `make test` (it installs the DuckDB 1.4 client)"
    script = (
        "import sys, duckdb\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "print(duckdb.__version__)\n"
        "print(con.sql('select count(*) from fct_production_concentration').fetchone()[0])\n"
    )
    out = subprocess.run(
        [str(DUCKDB_14), "-c", script, str(built_warehouse.published)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out[0].startswith("1.4.") and int(out[1]) > 300


def test_the_terminal_client_that_comes_with_the_project_reads_it(built_warehouse):
    duckdb_cli = REPO_ROOT / ".venv" / "bin" / "duckdb"
    out = subprocess.run(
        [str(duckdb_cli), "-readonly", "-csv", str(built_warehouse.published)],
        input="select count(*) as n from dim_mineral;",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out[0] == "n" and int(out[1]) > 100


def test_every_mart_and_mart_column_has_its_description_in_the_database(published):
    tables = published.execute(
        "select table_name, comment from duckdb_tables() "
        "where database_name = current_database() and schema_name = 'main' "
        "union all select view_name, comment from duckdb_views() "
        "where database_name = current_database() and schema_name = 'main' and not internal"
    ).fetchall()
    assert len(tables) >= 16
    assert [t for t, comment in tables if not comment] == []
    columns = published.execute(
        "select table_name, column_name from duckdb_columns() "
        "where database_name = current_database() and schema_name = 'main' "
        "and (comment is null or comment = '')"
    ).fetchall()
    assert columns == []


BI_CLIENT = """
import sys
import sqlalchemy

engine = sqlalchemy.create_engine(
    f"duckdb:///{sys.argv[1]}", connect_args={"read_only": True}
)
with engine.connect() as connection:
    sql = "select count(*) from fct_import_dependence where source = 'baci'"
    print(connection.execute(sqlalchemy.text(sql)).scalar())
    try:
        connection.execute(sqlalchemy.text("create table analyst_scratch (x integer)"))
        print("writable")
    except sqlalchemy.exc.DBAPIError:
        print("read-only")
inspector = sqlalchemy.inspect(engine)
print(",".join(inspector.get_table_names()))
print(",".join(c["name"] for c in inspector.get_columns("fct_production_concentration")))
"""


def test_bi_tools_connect_through_sqlalchemy_read_only(built_warehouse):
    """As Superset or Metabase do (duckdb-engine; reflection needs SQLAlchemy 2.0)."""
    out = subprocess.run(
        [sys.executable, "-c", BI_CLIENT, str(built_warehouse.published)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert int(out[0]) > 1000
    assert out[1] == "read-only"
    assert {"fct_production_concentration", "fct_import_dependence"} <= set(out[2].split(","))
    assert {"source", "mineral_id", "hhi", "china_share", "share_basis"} <= set(out[3].split(","))


BI_REFLECTION = """
import json, sys, warnings
import sqlalchemy

warnings.simplefilter("ignore")  # duckdb-engine: no reflection of indexes
engine = sqlalchemy.create_engine(f"duckdb:///{sys.argv[1]}", connect_args={"read_only": True})
inspector = sqlalchemy.inspect(engine)
# a schema, then its tables and views, as Superset's and Metabase's browsers list them
# (duckdb-engine lists schemas as database.schema; the default one is main)
marts = sorted(inspector.get_table_names("main") + inspector.get_view_names("main"))
metadata = sqlalchemy.MetaData(schema="main")
metadata.reflect(engine, views=True)
found = {}
for name in marts:
    table = sqlalchemy.Table(name, sqlalchemy.MetaData(), schema="main", autoload_with=engine)
    found[name] = {
        "comment": table.comment,
        "columns": [
            [c.name, type(c.type).__name__, c.comment] for c in table.columns
        ],
        "primary_key": inspector.get_pk_constraint(name, "main")["constrained_columns"],
        "foreign_keys": [fk["referred_table"] for fk in inspector.get_foreign_keys(name, "main")],
        "in_metadata": f"main.{name}" in metadata.tables,
    }
print(json.dumps(found))
"""


def test_bi_tools_reflect_every_mart_with_columns_types_comments_and_keys(published):
    """Table autoload, MetaData.reflect and key lookups, as BI tools browse a database: with
    SQLAlchemy 2.0.55+ duckdb-engine 0.17 fails them all ("Type with name REGCLASS does not
    exist"); the project pins the last version that works (pyproject.toml)."""
    database = published.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]
    run = subprocess.run(
        [sys.executable, "-c", BI_REFLECTION, database], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-2000:]
    reflected = json.loads(run.stdout)
    marts = dict(
        published.execute(
            "select table_name, comment from duckdb_tables() "
            "where database_name = current_database() and schema_name = 'main' "
            "union all select view_name, comment from duckdb_views() "
            "where database_name = current_database() and schema_name = 'main' "
            "and not internal"
        ).fetchall()
    )
    assert set(reflected) == set(marts)
    columns: dict[str, list[tuple[str, str]]] = {}
    nested: set[tuple[str, str]] = set()  # LIST, STRUCT, MAP: duckdb-engine has no type for them
    for table, column, comment, data_type in published.execute(
        "select table_name, column_name, comment, data_type from duckdb_columns() "
        "where database_name = current_database() and schema_name = 'main' "
        "order by table_name, column_index"
    ).fetchall():
        columns.setdefault(table, []).append((column, comment))
        if data_type.endswith("]") or data_type.startswith(("STRUCT", "MAP", "UNION")):
            nested.add((table, column))
    for name, table in reflected.items():
        assert table["in_metadata"], name
        assert table["comment"] == marts[name], name
        assert [(c, comment) for c, _, comment in table["columns"]] == columns[name], name
        untyped = [
            c
            for c, sql_type, _ in table["columns"]
            if sql_type == "NullType" and (name, c) not in nested
        ]
        assert untyped == [], f"{name}: no SQLAlchemy type for {untyped}"
        # dbt contracts declare no keys: the lookups answer (empty), they do not fail
        assert table["primary_key"] == [] and table["foreign_keys"] == [], name


def readme_queries() -> list[str]:
    text = (REPO_ROOT / "README.md").read_text()
    blocks = re.findall(r"```sql\n(.*?)```", text, flags=re.DOTALL)
    return [q.strip() for block in blocks for q in block.split(";") if q.strip()]


def test_the_readme_queries_run_and_answer(published):
    queries = readme_queries()
    assert len(queries) >= 4
    for query in queries:
        assert published.execute(query).fetchall(), query
