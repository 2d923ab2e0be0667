"""The published file opens in the clients analysts and BI tools use, and explains itself."""

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


def readme_queries() -> list[str]:
    text = (REPO_ROOT / "README.md").read_text()
    blocks = re.findall(r"```sql\n(.*?)```", text, flags=re.DOTALL)
    return [q.strip() for block in blocks for q in block.split(";") if q.strip()]


def test_the_readme_queries_run_and_answer(published):
    queries = readme_queries()
    assert len(queries) >= 4
    for query in queries:
        assert published.execute(query).fetchall(), query
