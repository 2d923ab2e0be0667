"""The bundled WMD editions parse to the published figures; bad input fails with its cell."""

from __future__ import annotations

import shutil

import openpyxl
import polars as pl
import pytest

from sources.common.errors import SourceDataError
from sources.wmd.load import SNAPSHOT_DIR, load_release
from sources.wmd.parse import parse_sheet, parse_workbook

WMD_2020 = SNAPSHOT_DIR / "wmd_raw_2020-07-17.xlsx"
WMD_2021 = SNAPSHOT_DIR / "wmd_raw_2021-04-07.xlsx"
WMD_2022 = SNAPSHOT_DIR / "wmd_raw_2022-09-07.xlsx"
WMD_2017 = (
    SNAPSHOT_DIR
    / "6.4.Production_of_Mineral_Raw_Materials_of_individual_Countries_by_Minerals.xlsx"
)


@pytest.fixture(scope="module")
def production() -> pl.DataFrame:
    return load_release().tables["production"]


def sheet_rows(path, sheet: str) -> list[list]:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [list(r) for r in workbook[sheet].iter_rows(values_only=True)]
    finally:
        workbook.close()


def value(frame, edition, sheet, country, year):
    row = frame.filter(
        (pl.col("edition") == edition)
        & (pl.col("sheet") == sheet)
        & (pl.col("country_name") == country)
        & (pl.col("year") == year)
    )
    assert row.height == 1
    return row.row(0, named=True)


def test_editions_and_row_counts(production):
    counts = production.group_by("edition").agg(
        pl.len(), pl.col("sheet").n_unique(), pl.col("source_file").first()
    )
    # (country rows + one Total per sheet) x 5 years; 2021: 1,915 + 65, 2022: 1,919 + 65
    # country rows (PROVENANCE-4 C1)
    assert sorted(counts.rows()) == [
        (2017, 9760, 63, WMD_2017.name),
        (2020, 9940, 65, WMD_2020.name),
        (2021, (1915 + 65) * 5, 65, WMD_2021.name),
        (2022, (1919 + 65) * 5, 65, WMD_2022.name),
    ]
    years = production.group_by("edition").agg(
        pl.col("year").min().alias("first"), pl.col("year").max().alias("last")
    )
    assert sorted(years.rows()) == [
        (2017, 2011, 2015),
        (2020, 2014, 2018),
        (2021, 2015, 2019),
        (2022, 2016, 2020),
    ]


def test_published_figures(production):
    copper = value(production, 2020, "Copper", "Chile", 2018)
    assert copper["value"] == 5831600 and copper["unit"] == "metr. t"
    lithium = value(production, 2017, "Lithium", "Chile", 2015)
    assert lithium["value"] == 22500 and lithium["value_flag"] == "reported"
    gold = value(production, 2020, "Gold", "Total", 2018)
    assert gold["value"] == 3367607 and gold["unit"] == "kg" and gold["row_kind"] == "total"
    diamonds = value(production, 2017, "Diamonds (Ind)", "Ghana", 2012)
    assert diamonds["value"] == 43023.6 and diamonds["value_raw"] == "43023.6"
    assert diamonds["row_number"] == 12 and diamonds["column_letter"] == "D"


def test_empty_cells_are_missing_not_zero(production):
    cell = value(production, 2020, "Tungsten (W)", "Mexico", 2014)
    assert cell["value"] is None and cell["value_raw"] is None
    assert cell["value_flag"] == "missing" and cell["data_source_raw"] == "r"
    missing = production.filter(pl.col("value_flag") == "missing").group_by("edition").len()
    # 2022: the 59 blank cells PROVENANCE-4 C1 counts
    assert sorted(missing.rows()) == [(2017, 93), (2020, 87), (2021, 82), (2022, 59)]


def test_flags_of_every_edition(production):
    assert value(production, 2020, "Cobalt", "Congo, D.R.", 2016)["value_flag"] in {
        "reported",
        "estimated",
    }
    raw = production.group_by("edition").agg(pl.col("data_source_raw").unique().sort())
    assert dict(raw.rows()) == {
        2017: [None, "estimate", "provisional", "reported"],
        2020: [None, "e", "p", "r"],
        2021: [None, "e", "p", "r"],
        2022: [None, "e", "p", "r"],
    }


def test_totals_equal_the_sum_of_countries(production):
    known = production.filter(pl.col("value").is_not_null())
    sums = (
        known.filter(pl.col("row_kind") == "country")
        .group_by("edition", "sheet", "year")
        .agg(pl.col("value").sum().alias("countries"))
    )
    totals = known.filter(pl.col("row_kind") == "total").select("edition", "sheet", "year", "value")
    joined = totals.join(sums, on=["edition", "sheet", "year"], how="left")
    assert joined.height == (63 + 3 * 65) * 5
    assert (joined["value"] - joined["countries"]).abs().max() <= 1


def test_every_sheet_has_one_total_row(production):
    totals = production.filter(pl.col("row_kind") == "total").group_by("edition", "sheet").len()
    assert totals.height == 63 + 3 * 65 and set(totals["len"]) == {5}


# --- bad input: real sheet rows, one cell changed -------------------------------------------


@pytest.fixture(scope="module")
def cobalt() -> list[list]:
    return sheet_rows(WMD_2020, "Cobalt")


def changed(rows, row: int, col: int, new):
    rows = [list(r) for r in rows]
    rows[row - 1][col - 1] = new
    return rows


def test_text_in_a_number_cell(cobalt):
    with pytest.raises(SourceDataError) as error:
        parse_sheet(WMD_2020.name, "Cobalt", changed(cobalt, 5, 4, "1.234 t"))
    message = str(error.value)
    assert message.startswith(f"wmd: {WMD_2020.name} line 5 column D: sheet 'Cobalt': ")
    assert "value '1.234 t' is not a number" in message


def test_negative_value(cobalt):
    with pytest.raises(SourceDataError, match=r"line 6 column C: .*negative production -10"):
        parse_sheet(WMD_2020.name, "Cobalt", changed(cobalt, 6, 3, -10))


def test_unknown_unit(cobalt):
    with pytest.raises(SourceDataError, match=r"line 4 column B: .*unknown unit 'lbs'"):
        parse_sheet(WMD_2020.name, "Cobalt", changed(cobalt, 4, 2, "lbs"))


def test_unknown_flag(cobalt):
    with pytest.raises(SourceDataError, match=r"line 4 column H: .*unknown data-source flag 'x'"):
        parse_sheet(WMD_2020.name, "Cobalt", changed(cobalt, 4, 8, "x"))


def test_changed_header(cobalt):
    with pytest.raises(SourceDataError, match=r"line 2 column E: .*'2016a' is not a year"):
        parse_sheet(WMD_2020.name, "Cobalt", changed(cobalt, 2, 5, "2016a"))
    with pytest.raises(SourceDataError, match=r"line 2 column I: .*unexpected header cell"):
        parse_sheet(WMD_2020.name, "Cobalt", [*cobalt[:1], [*cobalt[1], "2019"], *cobalt[2:]])


def test_row_without_country(cobalt):
    with pytest.raises(SourceDataError, match=r"line 7 column A: .*values but no country"):
        parse_sheet(WMD_2020.name, "Cobalt", changed(cobalt, 7, 1, None))


def test_missing_total_and_rows_after_it(cobalt):
    with pytest.raises(SourceDataError, match=r"no 'Total' row"):
        parse_sheet(WMD_2020.name, "Cobalt", cobalt[:-1])
    after = [*cobalt, [None] * 8, ["Atlantis", "metr. t", 1, 2, 3, 4, 5, "r"]]
    with pytest.raises(SourceDataError, match=r"line 25 column A: .*row after the Total row"):
        parse_sheet(WMD_2020.name, "Cobalt", after)


def test_wholly_empty_rows_are_skipped(cobalt):
    with_gap = [*cobalt[:5], [None] * 8, *cobalt[5:]]
    frame = parse_sheet(WMD_2020.name, "Cobalt", with_gap)
    assert frame.height == parse_sheet(WMD_2020.name, "Cobalt", cobalt).height


def test_edition_is_inferred_from_the_years():
    assert parse_workbook(WMD_2017)["edition"].unique().to_list() == [2017]


def test_manifest_mismatch(tmp_path):
    copy = tmp_path / "wmd"
    shutil.copytree(SNAPSHOT_DIR, copy)
    with (copy / WMD_2020.name).open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(SourceDataError, match=r"wmd: wmd_raw_2020-07-17.xlsx: sha256 .* MANIFEST"):
        load_release(copy)
