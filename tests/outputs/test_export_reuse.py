"""Exports of an unchanged mart are kept (linked, not written again); a changed one is
written again, with its new rows."""

import json

import duckdb
import polars as pl
import pytest

from outputs.exports import EXPORT_INFO, exports_dir, write_exports

pytestmark = pytest.mark.build


def test_unchanged_marts_keep_their_files_a_changed_one_is_written_again(warehouse_copy):
    folder = exports_dir(warehouse_copy)
    first = write_exports(warehouse_copy)
    inodes = {path.name: path.stat().st_ino for path in folder.glob("*.csv")}

    second = write_exports(warehouse_copy)
    assert all("kept_from" in entry for entry in second["marts"].values())
    assert {path.name: path.stat().st_ino for path in folder.glob("*.csv")} == inodes
    assert {n: e["rows"] for n, e in second["marts"].items()} == {
        n: e["rows"] for n, e in first["marts"].items()
    }

    with duckdb.connect(str(warehouse_copy.published)) as con:
        con.execute("update main.dim_mineral set mineral_name = 'Renamed' where rowid = 0")
    third = write_exports(warehouse_copy)

    changed = {n for n, e in third["marts"].items() if "kept_from" not in e}
    assert changed == {"dim_mineral"}
    assert "Renamed" in pl.read_csv(folder / "dim_mineral.csv")["mineral_name"].to_list()
    assert "Renamed" in pl.read_parquet(folder / "dim_mineral.parquet")["mineral_name"].to_list()
    info = json.loads((folder / EXPORT_INFO).read_text())  # kept files keep their first date
    kept_from = second["marts"]["fct_trade_flows"]["kept_from"]
    assert info["marts"]["fct_trade_flows"]["kept_from"] == kept_from <= first["exported_at"]
