"""The bundled BACI extract and dictionaries load through the same validation as live years."""

import shutil

import polars as pl
import pytest

from sources.baci.load import (
    EXTRACT_FILE,
    SNAPSHOT_DIR,
    TABLES,
    load_snapshot,
    read_country_codes,
    read_extract,
)
from sources.common.errors import SourceDataError


@pytest.fixture(scope="module")
def tables():
    return load_snapshot()


def test_extract_rows_values_and_codes(tables):
    flows = tables[TABLES["flows"]]
    assert flows.height == 21_723
    assert flows["hs6"].n_unique() == 30
    assert set(flows["release"]) == {"V202601"} and set(flows["hs_revision"]) == {"HS17"}
    top_copper = flows.filter(hs6="740311").sort("value_kusd", descending=True).row(0, named=True)
    assert (top_copper["exporter_iso3"], top_copper["importer_iso3"]) == ("COD", "CHN")
    assert flows["quantity_t"].null_count() == 1030  # BACI has no quantity for these


def test_both_dictionary_layouts(tables):
    countries = tables[TABLES["countries"]]
    assert set(countries["release"]) == {"V202201", "V202601"}
    usa = countries.filter(country_code=842)
    assert usa["country_iso3"].to_list() == ["USA", "USA"]
    taiwan = countries.filter(country_code=490, release="V202601").row(0, named=True)
    assert taiwan["country_iso3"] == "S19"


def test_product_codes_are_zero_padded(tables):
    products = tables[TABLES["products"]]
    assert products.height == 5_384
    assert products.filter(hs6="010121").height == 1


def test_extract_missing_column_is_an_error(tmp_path):
    frame = pl.read_parquet(SNAPSHOT_DIR / EXTRACT_FILE).drop("qty_t")
    frame.write_parquet(tmp_path / EXTRACT_FILE)
    with pytest.raises(SourceDataError, match=r"baci: .*parquet line 1: missing column\(s\) qty_t"):
        read_extract(tmp_path / EXTRACT_FILE)


def test_unknown_dictionary_layout_is_an_error(tmp_path):
    path = tmp_path / "country_codes_V202601.csv"
    shutil.copy(SNAPSHOT_DIR / "country_codes_V202601.csv", path)
    path.write_text(path.read_text().replace("country_iso3", "iso3", 1))
    with pytest.raises(SourceDataError, match="line 1: header .* is no BACI country layout"):
        read_country_codes(path)
