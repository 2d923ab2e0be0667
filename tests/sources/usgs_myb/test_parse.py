"""The bundled Minerals Yearbook workbooks parse to the figures their cells hold."""

from __future__ import annotations

import openpyxl
import polars as pl
import pytest
import xlrd

from sources.common.errors import SourceDataError
from sources.usgs_myb.labels import split_label
from sources.usgs_myb.load import SNAPSHOT_DIR, load_release
from sources.usgs_myb.parse import parse_workbook


@pytest.fixture(scope="module")
def cells() -> pl.DataFrame:
    return load_release().tables["world"]


def raw_row(file: str, sheet: str, label: str) -> list:
    """The first row of ``sheet`` whose column A is ``label``, read independently."""
    path = SNAPSHOT_DIR / file
    if path.suffix == ".xls":
        book = xlrd.open_workbook(str(path))
        rows = (
            book.sheet_by_name(sheet).row_values(r) for r in range(book.sheet_by_name(sheet).nrows)
        )
    else:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = (list(r) for r in book[sheet].iter_rows(values_only=True))
    return next(r for r in rows if r and isinstance(r[0], str) and r[0].strip() == label)


def cell(cells, file, table, country, year, **extra) -> dict:
    found = cells.filter(
        (pl.col("source_file") == file)
        & (pl.col("table_id") == table)
        & (pl.col("country_raw") == country)
        & (pl.col("year") == year)
        & pl.all_horizontal(*(pl.col(k) == v for k, v in extra.items()), pl.lit(True))
    )
    assert found.height == 1, found
    return found.row(0, named=True)


def test_china_rare_earths_2016_in_both_editions(cells):
    raw_2016 = raw_row("myb1-2016-raree.xls", "T6", "Chinae, 3")
    raw_2019 = raw_row("myb1-2019-raree-adv.xlsx", "T8", "China3")
    old = cell(cells, "myb1-2016-raree.xls", "T6", "China", 2016)
    new = cell(cells, "myb1-2019-raree-adv.xlsx", "T8", "China", 2016)
    assert old["value"] == raw_2016[10] == 105_000 and old["footnote"] == "e, 3"
    assert new["value"] == raw_2019[4] == 105_000


def test_dr_congo_cobalt_2016_revised_in_2019(cells):
    old = cell(cells, "myb1-2016-cobal.xls", "T8", "Congo (Kinshasa)", 2016)
    new = cell(cells, "myb1-2019-cobal-adv.xlsx", "T7", "Congo, Kinshasa", 2016)
    assert raw_row("myb1-2016-cobal.xls", "T8", "Congo (Kinshasa)e, 7")[10] == old["value"]
    assert (old["value"], new["value"]) == (64_000, 68_000)


def test_indium_r_cell_belongs_to_the_value_on_its_left(cells):
    raw = raw_row("myb1-2016-indium.xlsx", "T3", "China")
    assert raw[8:11] == [320000, "r", 296000]
    revised = cell(cells, "myb1-2016-indium.xlsx", "T3", "China", 2015)
    latest = cell(cells, "myb1-2016-indium.xlsx", "T3", "China", 2016)
    assert (revised["value"], revised["flag_raw"], revised["value_flag"]) == (
        320000,
        "r",
        "revised",
    )
    assert (latest["value"], latest["value_flag"], latest["year_header"]) == (
        296000,
        "reported",
        "2016p, e",
    )


def test_lithium_2020_li_content_australia(cells):
    raw = raw_row("myb-2020-lithi-ert.xlsx", "T4", "Australia, spodumene")  # 2016-2018 block
    row = cell(
        cells, "myb-2020-lithi-ert.xlsx", "T4", "Australia, spodumene", 2020, measure="Li content"
    )
    assert row["value"] == 39_738 and row["row_number"] == 30
    assert (
        cell(
            cells,
            "myb-2020-lithi-ert.xlsx",
            "T4",
            "Australia, spodumene",
            2016,
            measure="Li content",
        )["value"]
        == raw[4]
    )


def test_china_gallium_2020_and_its_share(cells):
    china = cell(cells, "myb1-2020-galli-ERT.xlsx", "T6", "China", 2020)
    total = cell(cells, "myb1-2020-galli-ERT.xlsx", "T6", "Total", 2020)
    assert china["value"] == 317_000 and china["unit_line"] == "(Kilograms)"
    assert round(china["value"] / total["value"], 3) == 0.969  # 317,000 of 327,000


def test_every_value_cell_is_kept_with_codes(cells):
    assert cells.filter(pl.col("source_file").str.contains("germa")).height == 0
    assert set(cells["edition"].unique()) == {2016, 2019, 2020}
    titanium = cell(cells, "myb1-2016-titan.xls", "T14", "United States", 2016, row_group="Rutile")
    assert (titanium["value"], titanium["value_flag"], titanium["value_raw"]) == (
        None,
        "footnote_reference",
        "(8)",
    )
    withheld = cells.filter(pl.col("value_raw") == "W")
    assert withheld.height > 0 and set(withheld["value_flag"]) == {"withheld"}
    zero = cells.filter(pl.col("value_raw") == "--")
    assert set(zero["value"]) == {0.0}
    manganese = cell(
        cells, "myb1-2016-manga.xls", "T7", "Gross weight", 2016, row_group="Australia"
    )
    assert manganese["value"] == 4968 and manganese["flag_raw"] == "5"


def test_glued_footnotes_are_split():
    assert split_label("Russiae") == split_label("Russiae")
    assert (split_label("Russiae").name, split_label("Russiae").footnote) == ("Russia", "e")
    assert (split_label("China3").name, split_label("China3").footnote) == ("China", "3")
    congo = split_label("Congo, Kinshasae, 7")
    assert (congo.name, congo.footnote) == ("Congo, Kinshasa", "e, 7")
    assert split_label("Ukraine").name == "Ukraine" and split_label("Ukrainee").footnote == "e"
    heading = split_label("Australia:4, 5")
    assert heading.is_heading and (heading.name, heading.footnote) == ("Australia", "4, 5")


def test_a_text_value_is_refused_naming_the_cell(tmp_path):
    path = tmp_path / "myb1-2019-raree-adv.xlsx"
    book = openpyxl.load_workbook(SNAPSHOT_DIR / path.name)
    book["T8"]["C11"] = "lots"
    book.save(path)
    with pytest.raises(SourceDataError, match=r"line 11 column C: sheet 'T8': value 'lots'"):
        parse_workbook(path)


def test_a_non_xls_file_is_refused(tmp_path):
    path = tmp_path / "myb1-2016-raree.xls"
    path.write_bytes(b"<html>not found</html>")
    with pytest.raises(SourceDataError, match="BIFF8"):
        parse_workbook(path)


def test_a_heading_keeps_its_markers_for_its_rows(cells):
    amorphous = cell(cells, "myb1-2019-graph-adv.xlsx", "T9", "Amorphous", 2019, row_group="China")
    heading = raw_row("myb1-2019-graph-adv.xlsx", "T9", "China:e")
    assert all(v is None for v in heading[1:])  # a heading row holds no values
    assert (amorphous["group_footnote"], amorphous["value"]) == ("e", 308_000)
    assert amorphous["flag_raw"] == "2"  # a footnote number in the flag cell, not a flag
