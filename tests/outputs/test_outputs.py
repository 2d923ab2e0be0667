"""Exports, data dictionary and HTML report, written from the published warehouse.

All but the last two read the warehouse built once per session (marked build)."""

import json
import os
import re

import duckdb
import polars as pl
import pytest

from outputs import __main__ as outputs_cli
from outputs import exports, html_report
from outputs.dictionary import JSON, MARKDOWN, grain_of, unit_of
from outputs.exports import (
    MANIFEST,
    exports_dir,
    marts,
    report_path,
    write_exports,
    write_outputs,
)
from storage.settings import REPO_ROOT, WarehousePaths


@pytest.fixture(scope="module")
def outputs(built_warehouse):
    return write_outputs(built_warehouse)


@pytest.fixture(scope="module")
def published_marts(published) -> list[tuple[str, str]]:
    return marts(published)


@pytest.fixture(scope="module")
def data_dictionary(outputs, built_warehouse) -> dict:
    return json.loads((exports_dir(built_warehouse) / JSON).read_text(encoding="utf-8"))


@pytest.mark.build
def test_every_mart_exported_with_its_rows(outputs, built_warehouse, published, published_marts):
    folder = exports_dir(built_warehouse)
    assert published_marts, "the published warehouse has no marts"
    assert {"fct_production_concentration", "dim_country"} <= {n for n, _ in published_marts}
    for name, _ in published_marts:
        (rows,) = published.execute(f'select count(*) from main."{name}"').fetchone()
        columns = [
            d[0] for d in published.execute(f'select * from main."{name}" limit 0').description
        ]
        parquet = pl.read_parquet(folder / f"{name}.parquet")
        assert parquet.height == rows, name
        assert parquet.columns == columns, name
        csv = pl.read_csv(folder / f"{name}.csv", infer_schema=False)
        assert csv.height == rows, name
        assert csv.columns == columns, name
        assert outputs["exports"]["marts"][name]["rows"] == rows
    info = json.loads((folder / "export_info.json").read_text(encoding="utf-8"))
    assert info["published"]["path"] == str(built_warehouse.published)


@pytest.mark.build
def test_csv_is_plain_utf8_with_iso_dates(outputs, built_warehouse, published):
    folder = exports_dir(built_warehouse)
    text = (folder / "dim_country.csv").read_text(encoding="utf-8")
    assert text.startswith("country_iso3,")
    assert "Côte d’Ivoire" in text or "Côte d'Ivoire" in text or "Cote" in text
    dated = published.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'main' and data_type = 'DATE' limit 1"
    ).fetchone()
    if dated:
        table, column = dated
        values = pl.read_csv(folder / f"{table}.csv", infer_schema=False)[column].drop_nulls()
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in values.head(100))


@pytest.mark.build
def test_dictionary_lists_every_mart_and_column(data_dictionary, published, published_marts):
    assert set(data_dictionary["marts"]) == {name for name, _ in published_marts}
    for name, _ in published_marts:
        entry = data_dictionary["marts"][name]
        types = dict(
            published.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'main' and table_name = ?",
                [name],
            ).fetchall()
        )
        assert {c["name"]: c["type"] for c in entry["columns"]} == types, name
        assert entry["exports"] == {"parquet": f"{name}.parquet", "csv": f"{name}.csv"}


@pytest.mark.build
def test_dictionary_grains_units_and_sources(data_dictionary):
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    described = {
        node["name"]: node["description"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == "main"
    }
    concentration = data_dictionary["marts"]["fct_production_concentration"]
    assert concentration["grain"] == "one row per source x mineral_id x stage x basis x year"
    assert concentration["key_columns"] == ["source", "mineral_id", "stage", "basis", "year"]
    units = {c["name"]: c["unit"] for c in concentration["columns"]}
    # a rounded world total below the listed countries lets these pass their range: they say so
    assert units["hhi"] == "index 0-10,000 (above where is_world_total_below_listed)"
    assert units["china_share"] == "fraction 0-1 (above 1 where is_world_total_below_listed)"
    assert units["share_basis"] is None
    flows = {c["name"]: c["unit"] for c in data_dictionary["marts"]["fct_trade_flows"]["columns"]}
    assert (flows["value_usd"], flows["quantity_t"]) == ("USD", "t")
    for name, entry in data_dictionary["marts"].items():
        if "Grain:" in described.get(name, ""):
            assert entry["grain"], name
        if name in described:
            assert entry["raw_tables"] or entry["seeds"], name
        for table in entry["raw_tables"]:
            assert (REPO_ROOT / table["snapshot_manifest"]).exists(), table
    raw = {t["table"] for t in concentration["raw_tables"]}
    assert any(t.startswith("raw.usgs_mcs__") for t in raw)
    usgs = data_dictionary["sources"]["usgs_mcs"]
    assert usgs["snapshot_manifest"] == "sources/usgs_mcs/snapshot/MANIFEST.csv"
    assert usgs["files"] and all((REPO_ROOT / f).exists() for f in usgs["files"][:20])


@pytest.mark.build
def test_dictionary_markdown(outputs, built_warehouse, published_marts):
    text = (exports_dir(built_warehouse) / MARKDOWN).read_text(encoding="utf-8")
    for name, _ in published_marts:
        assert f"\n## {name}\n" in text
    assert "sources/baci/snapshot/MANIFEST.csv" in text


@pytest.mark.build
def test_report_is_self_contained(outputs, built_warehouse, published_marts):
    report = report_path(built_warehouse)
    text = report.read_text(encoding="utf-8")
    assert outputs["report"]["path"] == str(report)
    for section in ("concentration", "china", "dependence", "history", "coverage"):
        assert f'<section id="{section}">' in text
    # the history chart: China's rare-earth mine share from the 1984 compilation onwards
    history = text[text.index('<section id="history">') : text.index('<section id="coverage">')]
    assert '"name":"Rare earths · mine"' in history and "wmd_history" in history
    coverage = text[text.index('<section id="coverage">') :].split("</section>")[0]
    assert "<td>250490</td>" in coverage and "<td>complete</td>" in coverage
    # the five largest gaps between direct and embedded Chinese shares
    hidden = text[text.index('<section id="hidden">') :].split("</section>")[0]
    assert hidden.count("<tr>") == 6 and "%" in hidden
    assert not re.search(r"<script[^>]+src=", text, re.IGNORECASE)
    assert not re.search(r"<link[^>]+href=[\"']?https?:", text, re.IGNORECASE)
    assert text.count("plotly.js v") <= 2  # one copy of the library (its banner)
    assert "Source: USGS Mineral Commodity Summaries" in text
    assert "Source: CEPII, BACI" in text
    names = {n for n, _ in published_marts}
    if names & set(html_report.EXPOSURE_CHARTS):
        assert '<section id="exposure">' in text
    assert report.stat().st_size < 15e6


@pytest.mark.build
def test_report_for_another_importer(built_warehouse, tmp_path):
    result = html_report.write_report(
        built_warehouse.published, tmp_path / "report.html", importer="chn"
    )
    text = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "CHN" in text or "China" in text
    assert result["sections"][:3] == ["concentration", "china", "dependence"]


@pytest.mark.build
def test_cli_prints_the_paths(built_warehouse, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("MINERALS_WAREHOUSE_DIR", str(built_warehouse.root))
    outputs_cli.main(["--report-only"])
    assert capsys.readouterr().out.strip() == str(report_path(built_warehouse))


@pytest.fixture
def private_warehouse(built_warehouse, tmp_path) -> WarehousePaths:
    """A folder of its own with the published file (hard link), to break exports in."""
    paths = WarehousePaths(tmp_path / "warehouse")
    paths.root.mkdir()
    os.link(built_warehouse.published, paths.published)
    return paths


@pytest.mark.build
def test_a_failure_midway_keeps_the_previous_exports(private_warehouse, monkeypatch):
    def two_marts(con):
        return [m for m in marts(con) if m[0] in ("dim_country", "dim_mineral")]

    monkeypatch.setattr(exports, "marts", two_marts)
    write_exports(private_warehouse)
    folder = exports_dir(private_warehouse)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert {"dim_country.parquet", "dim_mineral.csv", MARKDOWN, JSON} <= set(before)

    calls = []
    real_export = exports.export_mart

    def failing_export(con, name, target):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full (injected)")
        return real_export(con, name, target)

    monkeypatch.setattr(exports, "export_mart", failing_export)
    monkeypatch.setattr(exports, "previous_exports", lambda folder: {})  # written again
    with pytest.raises(OSError, match="injected"):
        write_exports(private_warehouse)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert sorted(p.name for p in private_warehouse.root.iterdir() if p.name.startswith(".")) == [
        ".outputs.lock"
    ]

    report = report_path(private_warehouse)
    report.write_text("previous report", encoding="utf-8")
    monkeypatch.setattr(html_report, "importer_section", _raise)
    with pytest.raises(RuntimeError, match="injected"):
        write_outputs(private_warehouse)
    assert report.read_text(encoding="utf-8") == "previous report"
    assert not list(private_warehouse.root.glob(".report.html.*"))


def _raise(*args, **kwargs):
    raise RuntimeError("chart failed (injected)")


@pytest.mark.build
def test_exports_read_the_published_file_only(private_warehouse):
    private_warehouse.build.parent.mkdir(parents=True)
    with duckdb.connect(str(private_warehouse.build)) as con:
        con.execute("create table not_published as select 1 as x")
    write_exports(private_warehouse)
    assert not (exports_dir(private_warehouse) / "not_published.csv").exists()


def test_missing_warehouse_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="make demo"):
        write_exports(WarehousePaths(tmp_path))


def test_grain_and_unit_readers():
    assert grain_of("Who supplies whom. Grain: one row per a x b. Shares (0-1).") == (
        "one row per a x b"
    )
    assert grain_of("Grain: one row per country_iso3.") == "one row per country_iso3"
    assert grain_of("No grain here.") is None
    assert unit_of("value_usd", "Imports, USD.", "DOUBLE") == "USD"
    assert unit_of("quantity_t", "Quantity in metric tonnes.", "DOUBLE") == "t"
    assert unit_of("nir_percent", "NIR in percent.", "DOUBLE") == "percent"
    assert unit_of("cr3", "Combined share of the three largest (0-1).", "DOUBLE") == (
        "fraction 0-1"
    )
    assert unit_of("quantity", "Quantity in quantity_unit (metric tonnes, carats).") == (
        "quantity_unit"
    )
    assert unit_of("quantity_unit", "Unit of quantity (t, carat, m3).", "VARCHAR") is None
    assert unit_of("share_basis", "What the shares are fractions of.", "VARCHAR") is None
    assert unit_of("year", "Trade year.", "INTEGER") is None
