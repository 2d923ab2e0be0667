"""The bundled Pink Sheet parses to the published prices; bad input names its cell.

Expected figures are read from the raw workbook here with openpyxl, independently of the
parser (which takes its columns from the header rows)."""

from __future__ import annotations

import shutil
from datetime import date

import openpyxl
import polars as pl
import pytest

from sources.common.errors import SourceDataError
from sources.wb_pink_sheet.load import SNAPSHOT_DIR, TABLES, load_release
from sources.wb_pink_sheet.parse import SHEET, parse_rows, parse_workbook

WORKBOOK = SNAPSHOT_DIR / "CMO-Historical-Data-Monthly.xlsx"
NAME = WORKBOOK.name


@pytest.fixture(scope="module")
def prices() -> pl.DataFrame:
    return load_release().tables["monthly_prices"]


@pytest.fixture(scope="module")
def rows() -> list[tuple]:
    workbook = openpyxl.load_workbook(WORKBOOK, read_only=True, data_only=True)
    try:
        return [tuple(r) for r in workbook[SHEET].iter_rows(values_only=True)]
    finally:
        workbook.close()


def raw_cell(rows, code: str, period: str):
    """The cell of series ``code`` (row 7) in month ``period`` (column A), read directly."""
    col = rows[6].index(code)
    return next(r[col] for r in rows[7:] if r[0] == period)


def price(frame, code: str, year: int, month: int) -> dict:
    found = frame.filter(
        (pl.col("series_code") == code) & (pl.col("year") == year) & (pl.col("month") == month)
    )
    assert found.height == 1
    return found.row(0, named=True)


def test_table_and_edition(prices):
    assert TABLES == {"monthly_prices": "wb_pink_sheet__monthly_prices"}
    assert prices["edition"].unique().to_list() == [2025]
    assert prices["updated_on"].unique().to_list() == [date(2025, 12, 2)]
    assert prices["source_file"].unique().to_list() == [NAME]


def test_one_row_per_series_and_month(prices, rows):
    codes = [c for c in rows[6][1:] if c is not None]
    months = [r[0] for r in rows[7:] if r[0] is not None]
    assert (len(codes), len(months)) == (71, 791)  # 1960M01-2025M11
    assert (months[0], months[-1]) == ("1960M01", "2025M11")
    assert prices.height == len(codes) * len(months) == 56161
    assert prices.select("series_code", "year", "month").is_unique().all()
    assert prices["series_code"].unique().sort().to_list() == sorted(codes)


def test_nickel_january_2024_is_the_raw_cell(prices, rows):
    raw = raw_cell(rows, "NICKEL", "2024M01")
    assert isinstance(raw, float) and 15000 < raw < 17500  # $/mt, as published: 16103.83
    nickel = price(prices, "NICKEL", 2024, 1)
    assert nickel["value"] == raw and nickel["value_raw"] == str(raw)
    assert nickel["unit_raw"] == "($/mt)" and nickel["series_name"] == "Nickel"
    assert nickel["column_letter"] == "BP" and rows[6][67] == "NICKEL"
    assert nickel["value_flag"] == "reported"


def test_metals_reproduce_the_raw_column_means(prices, rows):
    """The 2024 mean of copper, gold and the first phosphate rock month, cell for cell."""
    for code in ("COPPER", "GOLD", "ALUMINUM", "IRON_ORE"):
        cells = [raw_cell(rows, code, f"2024M{m:02d}") for m in range(1, 13)]
        landed = prices.filter((pl.col("series_code") == code) & (pl.col("year") == 2024))
        assert landed["value"].mean() == pytest.approx(sum(cells) / 12, rel=1e-12)
    assert price(prices, "PHOSROCK", 1960, 1)["value"] == raw_cell(rows, "PHOSROCK", "1960M01")


def test_missing_marks_are_missing_with_their_text(prices, rows):
    marks = {"…": 0, "...": 0}
    for r in rows[7:]:
        for v in r[1:72]:
            if v in marks:
                marks[v] += 1
    assert marks == {"…": 6185, "...": 217}  # as PROVENANCE-3 §B8 counted them
    missing = prices.filter(pl.col("value_flag") == "missing")
    assert missing.height == sum(marks.values())
    assert missing["value"].null_count() == missing.height
    assert dict(missing["value_raw"].value_counts().rows()) == marks
    assert prices.filter(pl.col("value_flag") == "reported")["value"].null_count() == 0
    # 1960M01: DAP is '...', phosphate rock a number
    dap = price(prices, "DAP", 1960, 1)
    assert raw_cell(rows, "DAP", "1960M01") == "..."
    assert (dap["value"], dap["value_raw"], dap["value_flag"]) == (None, "...", "missing")
    wti = price(prices, "CRUDE_WTI", 1960, 1)
    assert (wti["value"], wti["value_raw"]) == (None, "…")


def test_methodology_marks_are_kept_apart(prices, rows):
    marked = sorted(rows[6][i] for i, n in enumerate(rows[4]) if n and n.endswith("**"))
    landed = prices.filter(pl.col("methodology_change"))["series_code"].unique().sort()
    assert landed.to_list() == marked and "POTASH" in marked and len(marked) == 7
    potash = price(prices, "POTASH", 2024, 1)
    assert potash["series_name"] == "Potassium chloride"
    assert not price(prices, "NICKEL", 2024, 1)["methodology_change"]


# --- bad input: the real rows, one cell changed -----------------------------------------


def changed(rows, row: int, col: int, new):
    rows = [list(r) for r in rows]
    rows[row - 1][col - 1] = new
    return rows


def test_text_in_a_price_cell(rows):
    # row 776 is 2024M01, column BP (68) nickel
    assert rows[775][0] == "2024M01"
    with pytest.raises(SourceDataError) as error:
        parse_rows(NAME, changed(rows, 776, 68, "16,103.83 $"))
    message = str(error.value)
    assert message.startswith(f"wb_pink_sheet: {NAME} line 776 column BP: sheet 'Monthly Prices'")
    assert "'16,103.83 $' is not a price" in message and "'…'" in message


def test_negative_price(rows):
    with pytest.raises(SourceDataError, match=r"line 776 column BP: .*negative price -1"):
        parse_rows(NAME, changed(rows, 776, 68, -1))


def test_month_out_of_sequence(rows):
    with pytest.raises(SourceDataError, match=r"line 776 column A: .*'2024M02' does not follow"):
        parse_rows(NAME, changed(rows, 776, 1, "2024M02"))
    with pytest.raises(SourceDataError, match=r"line 776 column A: .*'2024-01' is not a month"):
        parse_rows(NAME, changed(rows, 776, 1, "2024-01"))


def test_header_problems(rows):
    with pytest.raises(SourceDataError, match=r"line 6 column BP: .*'NICKEL' has no unit"):
        parse_rows(NAME, changed(rows, 6, 68, None))
    with pytest.raises(SourceDataError, match=r"line 7 column BP: .*'COPPER' already in column BM"):
        parse_rows(NAME, changed(rows, 7, 68, "COPPER"))
    with pytest.raises(SourceDataError, match=r"line 4 column A: .*not a release date"):
        parse_rows(NAME, changed(rows, 4, 1, "Updated recently"))


def test_cell_beyond_the_last_series(rows):
    with pytest.raises(SourceDataError, match=r"line 776 column BU: .*beyond the last series"):
        parse_rows(NAME, changed(rows, 776, 73, 12.5))


def test_wrong_sheet(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Monthly Indices"
    path = tmp_path / NAME
    workbook.save(path)
    with pytest.raises(SourceDataError, match=r"no sheet 'Monthly Prices'"):
        parse_workbook(path)


def test_manifest_mismatch(tmp_path):
    copy = tmp_path / "wb_pink_sheet"
    shutil.copytree(SNAPSHOT_DIR, copy)
    with (copy / NAME).open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(SourceDataError, match=rf"wb_pink_sheet: {NAME}: sha256 .* MANIFEST"):
        load_release(copy)


def test_edition_must_match_the_release_date(tmp_path):
    shutil.copy(WORKBOOK, tmp_path / NAME)  # no manifest: the caller states the edition
    with pytest.raises(ValueError, match=r"released in 2025 .* filed as edition 2024"):
        load_release(tmp_path, edition=2024)
    assert load_release(tmp_path).editions() == [2025]
