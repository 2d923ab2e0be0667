"""China's HS 2846 import records land as published; figures are re-read from the raw JSON;
a file that differs from manifest.json, a World row the partners do not sum to, or a bad
record fails naming where."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from sources.common.errors import SourceDataError
from sources.comtrade_china_imports.load import SNAPSHOT_DIR, TABLES, load_release
from sources.comtrade_china_imports.parse import parse_json

COUNTRY_CODES = Path("dbt_project/seeds/trade/trade_country_codes.csv")


@pytest.fixture(scope="module")
def records() -> pl.DataFrame:
    return load_release().tables["records"]


def raw_records(year: int) -> list[dict]:
    """A year file's records, read with json alone."""
    return json.loads((SNAPSHOT_DIR / f"{year}.json").read_bytes())["data"]


def test_table_and_counts(records):
    assert TABLES == {"records": "comtrade_china_imports__records"}
    # PROVENANCE-3 B4.3: 726 records, 1993-2024, one World row a year, H0 48 ... H6 94
    assert records.height == 726
    assert (records["year"].min(), records["year"].max(), records["year"].n_unique()) == (
        1993,
        2024,
        32,
    )
    assert records.filter(pl.col("partner_code") == 0).height == 32
    counts = dict(records["classification_code"].value_counts().rows())
    assert (counts["H0"], counts["H6"]) == (48, 94)
    assert records["is_net_weight_estimated"].sum() == 279
    assert records["net_weight_kg"].null_count() == 108


def test_myanmar_2018_equals_the_raw_record(records):
    raw = [r for r in raw_records(2018) if r["partnerCode"] == 104]
    assert len(raw) == 1 and raw[0]["partnerDesc"] == "Myanmar"
    landed = records.filter((pl.col("year") == 2018) & (pl.col("partner_code") == 104))
    assert landed["value_usd"].to_list() == [raw[0]["primaryValue"]]
    assert landed["net_weight_kg"].to_list() == [raw[0]["netWgt"]]
    # 63,930.153 kUSD, identical to BACI's Myanmar->China 284690+284610 (PROVENANCE-3 B4.1)
    assert raw[0]["primaryValue"] / 1000 == 63930.153


def test_world_2024_equals_the_raw_partner_sum(records):
    raw = raw_records(2024)
    world = [r["primaryValue"] for r in raw if r["partnerCode"] == 0]
    partners = sum(r["primaryValue"] for r in raw if r["partnerCode"] != 0)
    assert len(world) == 1 and partners == world[0]
    assert round(world[0] / 1e6, 1) == 1386.6  # PROVENANCE-3 B4.3
    landed = records.filter((pl.col("year") == 2024) & (pl.col("partner_code") == 0))
    assert landed["value_usd"].to_list() == world
    # the largest origin in 2024, its share of China's imports from the raw records
    top = max((r for r in raw if r["partnerCode"] != 0), key=lambda r: r["primaryValue"])
    assert top["partnerDesc"] == "Myanmar"
    assert round(top["primaryValue"] / world[0], 3) == 0.590


def test_every_partner_code_is_in_the_country_code_seed(records):
    with COUNTRY_CODES.open(newline="", encoding="utf-8") as handle:
        codes = {r["code"] for r in csv.DictReader(handle) if r["code_system"] == "un_numeric"}
    missing = sorted(set(records["partner_code"].cast(pl.String)) - codes)
    assert not missing, f"partner codes not in trade_country_codes (un_numeric): {missing}"


def copy_release(tmp_path: Path, *, with_manifest_json: bool = True) -> Path:
    """The year files (and manifest.json) without MANIFEST.csv, writable."""
    for path in SNAPSHOT_DIR.glob("*.json"):
        if with_manifest_json or path.name != "manifest.json":
            shutil.copyfile(path, tmp_path / path.name)
    return tmp_path


def test_a_year_file_that_differs_from_manifest_json_is_refused(tmp_path):
    folder = copy_release(tmp_path)
    path = folder / "2000.json"
    path.write_bytes(path.read_bytes().replace(b'"elapsedTime":"', b'"elapsedTime":"1', 1))
    with pytest.raises(SourceDataError, match="2000.json: sha256 .* differs from manifest.json"):
        load_release(folder)


def test_a_world_row_the_partners_do_not_sum_to_fails_naming_file_year_and_sums(tmp_path):
    folder = copy_release(tmp_path, with_manifest_json=False)  # a live download has none
    body = json.loads((folder / "2018.json").read_bytes())
    myanmar = next(r for r in body["data"] if r["partnerCode"] == 104)
    myanmar["primaryValue"] += 1000
    (folder / "2018.json").write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(SourceDataError) as caught:
        load_release(folder)
    message = str(caught.value)
    assert "2018.json" in message and "year 2018" in message
    assert "203,770,793" in message and "203,769,793" in message


def test_a_bad_record_names_file_record_and_field():
    body = json.loads((SNAPSHOT_DIR / "1993.json").read_bytes())
    body["data"][2]["primaryValue"] = "1,234"
    with pytest.raises(SourceDataError) as caught:
        parse_json("1993.json", json.dumps(body).encode())
    assert str(caught.value) == (
        "comtrade_china_imports: 1993.json column primaryValue: record 3: primaryValue "
        "'1,234'; expected a finite number"
    )


def test_a_record_of_another_year_and_an_api_error_are_refused():
    body = json.loads((SNAPSHOT_DIR / "1993.json").read_bytes())
    with pytest.raises(SourceDataError, match="record 1: refYear 1993 in the file of 1994"):
        parse_json("1994.json", json.dumps(body).encode())
    error = {"elapsedTime": "0 secs", "count": 0, "data": None, "error": "Too many requests"}
    with pytest.raises(SourceDataError, match="2024.json: 'data' is not a list .*Too many"):
        parse_json("2024.json", json.dumps(error).encode())
