"""The bundled 1984-2017 compilation parses to the published figures; bad input names its cell."""

from __future__ import annotations

import shutil

import openpyxl
import polars as pl
import pytest

from sources.common.errors import SourceDataError
from sources.wmd_history.load import SNAPSHOT_DIR, TABLES, load_release
from sources.wmd_history.parse import EDITION, SHEET, parse_rows, parse_workbook

WORKBOOK = SNAPSHOT_DIR / "wmd_6.4._total_1984-2017.xlsx"
NAME = WORKBOOK.name


@pytest.fixture(scope="module")
def production() -> pl.DataFrame:
    return load_release().tables["production"]


@pytest.fixture(scope="module")
def rows() -> list[list]:
    workbook = openpyxl.load_workbook(WORKBOOK, read_only=True, data_only=True)
    try:
        return [list(r) for r in workbook[SHEET].iter_rows(values_only=True)]
    finally:
        workbook.close()


def cell(frame, block, country, year):
    found = frame.filter(
        (pl.col("block") == block) & (pl.col("country_name") == country) & (pl.col("year") == year)
    )
    assert found.height == 1
    return found.row(0, named=True)


def test_table_name_and_edition(production):
    assert TABLES == {"production": "wmd_history__production"}
    assert production["edition"].unique().to_list() == [EDITION] == [2019]
    assert production["source_file"].unique().to_list() == [NAME]
    assert load_release().editions() == [2019]


def test_counts(production):
    assert production.height == 92786  # (2,664 country + 65 Total rows) x 34 years
    assert production["block"].n_unique() == 65
    assert (production["year"].min(), production["year"].max()) == (1984, 2017)
    assert production["year"].n_unique() == 34
    rows = production.select("block", "row_number", "row_kind", "unit").unique()
    assert rows.height == 2729
    assert rows["row_kind"].value_counts().sort("row_kind").rows() == [
        ("country", 2664),
        ("total", 65),
    ]
    assert dict(rows["unit"].value_counts().rows()) == {
        "metr. tons": 2301,
        "kg": 267,
        "Mio m3": 103,
        "ct.": 58,
    }
    countries = production.filter(pl.col("row_kind") == "country")["country_name"]
    assert countries.n_unique() == 182
    assert production["row_number"].max() == 2923  # the last row of the sheet (a Total)
    assert dict(production["value_flag"].value_counts().rows()) == {
        "reported": 66030,
        "missing": 26756,
    }


def test_blocks_in_order(production):
    blocks = production.group_by("block").agg(pl.col("row_number").min()).sort("row_number")
    labels = blocks["block"].to_list()
    assert labels[:3] == ["Iron Ore (Fe)", "Chromium (Cr2O3)", "Cobalt"]
    assert labels[-1] == "Uranium (U3O8)"
    assert "Vanadium (V2O5)" in labels and "Rare Earths (REO)" in labels


def test_published_figures(production):
    ree = [cell(production, "Rare Earths (REO)", "China", y)["value"] for y in range(2014, 2018)]
    assert ree == [95000, 105000, 105000, 105000]
    cobalt = cell(production, "Cobalt", "Congo, D.R.", 2014)
    assert cobalt["value"] == 76475 and cobalt["unit"] == "metr. tons"
    assert (cobalt["row_number"], cobalt["column_letter"]) == (125, "AG")
    assert cobalt["value_raw"] == "76475" and cobalt["value_flag"] == "reported"
    gallium = [cell(production, "Gallium", "China", y)["value"] for y in range(2014, 2018)]
    assert gallium == [262, 254, 171, 290]


def test_historical_states_are_their_own_rows(production):
    ussr = cell(production, "Cobalt", "USSR (Asia)", 1985)
    assert ussr["value"] == 2160 and ussr["row_kind"] == "country"
    assert (ussr["row_number"], ussr["column_letter"]) == (140, "D")
    assert cell(production, "Cobalt", "USSR (Europe)", 1985)["value"] == 540
    assert cell(production, "Cobalt", "USSR (Asia)", 1995)["value_flag"] == "missing"
    assert cell(production, "Cobalt", "Zaire", 1985)["value"] == 10791
    names = set(production["country_name"])
    assert {"Czechoslovakia", "Yugoslavia", "German Dem. Rep", "Yemen, PDR"} <= names


def test_total_row_is_kept_as_total(production):
    total = cell(production, "Cobalt", "Total", 1985)
    assert total["row_kind"] == "total" and total["value"] == 25613
    assert total["row_number"] == 146
    totals = production.filter(pl.col("row_kind") == "total").group_by("block").len()
    assert totals.height == 65 and set(totals["len"]) == {34}


def test_totals_equal_the_sum_of_countries(production):
    known = production.filter(pl.col("value").is_not_null())
    sums = (
        known.filter(pl.col("row_kind") == "country")
        .group_by("block", "year")
        .agg(pl.col("value").sum().alias("countries"))
    )
    totals = known.filter(pl.col("row_kind") == "total").select("block", "year", "value")
    joined = totals.join(sums, on=["block", "year"], how="left")
    assert joined.height == 65 * 34 - 8  # 8 Total cells are empty
    assert (joined["value"] - joined["countries"]).abs().max() <= 1


def test_empty_cells_are_missing_not_zero(production):
    empty = cell(production, "Iron Ore (Fe)", "Azerbaijan", 1984)
    assert empty["value"] is None and empty["value_raw"] is None
    assert empty["value_flag"] == "missing"
    zero = cell(production, "Iron Ore (Fe)", "Azerbaijan", 2017)
    assert zero["value"] == 0 and zero["value_flag"] == "reported"


# --- bad input: the real rows, one cell changed -----------------------------------------


def changed(rows, row: int, col: int, new):
    rows = [list(r) for r in rows]
    rows[row - 1][col - 1] = new
    return rows


def test_malformed_block_header_names_the_row(rows):
    # row 118 is the Cobalt header; a misspelt 'Unit' makes it a row outside any block
    with pytest.raises(SourceDataError) as error:
        parse_rows(NAME, changed(rows, 118, 2, "Units"))
    message = str(error.value)
    assert message.startswith(f"wmd_history: {NAME} line 118 column A: sheet 'Tabelle1': ")
    assert "is not a block header" in message and "'Chromium (Cr2O3)'" in message


def test_bad_header_year(rows):
    with pytest.raises(SourceDataError, match=r"line 118 column E: .*'1986a' is not a year"):
        parse_rows(NAME, changed(rows, 118, 5, "1986a"))
    with pytest.raises(SourceDataError, match=r"line 118 column E: .*1990 does not follow 1985"):
        parse_rows(NAME, changed(rows, 118, 5, 1990))


def test_header_years_differ_from_the_first_block(rows):
    short = changed(rows, 118, 36, None)  # Cobalt header stops at 2016
    with pytest.raises(SourceDataError, match=r"line 118 column C: .*1984-2016 differ .*1984-2017"):
        parse_rows(NAME, short)


def test_header_without_label(rows):
    with pytest.raises(SourceDataError, match=r"line 118 column A: .*no commodity label"):
        parse_rows(NAME, changed(rows, 118, 1, None))


def test_text_in_a_number_cell(rows):
    with pytest.raises(SourceDataError, match=r"line 125 column AG: .*'76.475 t' is not a number"):
        parse_rows(NAME, changed(rows, 125, 33, "76.475 t"))


def test_negative_value(rows):
    with pytest.raises(SourceDataError, match=r"line 125 column C: .*negative production -1"):
        parse_rows(NAME, changed(rows, 125, 3, -1))


def test_unknown_or_changing_unit(rows):
    with pytest.raises(SourceDataError, match=r"line 125 column B: .*unknown unit 'lbs'"):
        parse_rows(NAME, changed(rows, 125, 2, "lbs"))
    with pytest.raises(SourceDataError, match=r"line 125 column B: .*'kg' differs from .*tons"):
        parse_rows(NAME, changed(rows, 125, 2, "kg"))


def test_row_without_country(rows):
    with pytest.raises(SourceDataError, match=r"line 125 column A: .*values but no country"):
        parse_rows(NAME, changed(rows, 125, 1, None))


def test_block_without_total(rows):
    with pytest.raises(SourceDataError, match=r"line 149 column A: .*'Cobalt' .*no 'Total' row"):
        parse_rows(NAME, changed(rows, 146, 1, "Totals"))
    with pytest.raises(SourceDataError, match=r"'Uranium \(U3O8\)' .*ends without a 'Total'"):
        parse_rows(NAME, rows[:-1])


def test_duplicate_block(rows):
    with pytest.raises(SourceDataError, match=r"line 149 column A: .*'Cobalt' already .*row 118"):
        parse_rows(NAME, changed(rows, 149, 1, "Cobalt"))


def test_cell_beyond_the_last_year(rows):
    wide = [list(r) for r in rows]
    wide[124] = [*wide[124], "see note"]
    with pytest.raises(SourceDataError, match=r"line 125 column AK: .*beyond the last year"):
        parse_rows(NAME, wide)


def test_empty_sheet():
    with pytest.raises(SourceDataError, match=r"no block header"):
        parse_rows(NAME, [[None] * 36])


def test_wrong_sheet_name(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Sheet1"
    path = tmp_path / "wmd.xlsx"
    workbook.save(path)
    with pytest.raises(SourceDataError, match=r"expected exactly one sheet 'Tabelle1'"):
        parse_workbook(path)


def test_manifest_mismatch(tmp_path):
    copy = tmp_path / "wmd_history"
    shutil.copytree(SNAPSHOT_DIR, copy)
    with (copy / NAME).open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(SourceDataError, match=rf"wmd_history: {NAME}: sha256 .* MANIFEST"):
        load_release(copy)


def test_editions_filter():
    assert load_release(editions=[2019]).editions() == [2019]
    assert load_release(editions=[2020]).tables == {}
