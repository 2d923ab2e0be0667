"""WMD 2024 table 6.5 (production 2022): parsed to the published figures and shares; WMD's
shares and HHI agree with the figures; bad input fails with its cell."""

from __future__ import annotations

import openpyxl
import polars as pl
import pytest

from sources.common.errors import SourceDataError
from sources.wmd.load import SNAPSHOT_DIR, kind_of
from sources.wmd.parse import parse_workbook
from sources.wmd.shares import parse_shares_sheet

TABLE_6_5 = SNAPSHOT_DIR / "6.5. Share_of_World_Mineral_Production_2022_by_Countries.xlsx"
TABLE_6_4_2022 = SNAPSHOT_DIR / "wmd_raw_2022-09-07.xlsx"


@pytest.fixture(scope="module")
def shares() -> pl.DataFrame:
    return parse_workbook(TABLE_6_5, parse=parse_shares_sheet)


@pytest.fixture(scope="module")
def raw_sheets() -> dict[str, list[tuple]]:
    workbook = openpyxl.load_workbook(TABLE_6_5, read_only=True, data_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}
    finally:
        workbook.close()


def test_one_row_per_producer_and_total(shares):
    """PROVENANCE-4 C2: 1,804 producer rows, 166 names, 65 sheets, 2022 only."""
    assert kind_of(TABLE_6_5) == "shares" and kind_of(TABLE_6_4_2022) == "production"
    kinds = dict(shares.group_by("row_kind").len().rows())
    assert kinds == {"country": 1804, "total": 65}
    countries = shares.filter(pl.col("row_kind") == "country")
    assert countries["country_name"].n_unique() == 166
    assert countries["value"].min() > 0
    assert shares.select(pl.col("edition").unique(), pl.col("year").unique()).rows() == [
        (2024, 2022)
    ]
    units = dict(countries.group_by("unit").len().rows())
    assert units == {"metr. t": 1469, "kg": 207, "ct": 36, "Mio m3": 92}


def test_same_sheets_as_table_6_4_of_the_2022_edition(shares):
    workbook = openpyxl.load_workbook(TABLE_6_4_2022, read_only=True)
    try:
        sheets_6_4 = {ws.title for ws in workbook.worksheets}
    finally:
        workbook.close()
    assert set(shares["sheet"]) == sheets_6_4


def test_china_rare_earths_2022(shares, raw_sheets):
    rows = raw_sheets["Rare Earths (REO)"]
    (china,) = [r for r in rows if r[2] == "China"]
    (total,) = [r for r in rows if r[2] == "Total"]
    assert (china[4], total[4]) == (210_000, 296_837)
    landed = shares.filter(pl.col("sheet") == "Rare Earths (REO)").rows_by_key(
        "country_name", named=True, unique=True
    )
    assert landed["China"]["value"] == 210_000 and landed["China"]["rank"] == 1
    assert landed["China"]["rank_previous_raw"] == "(  1)"
    assert landed["China"]["share_percent"] == pytest.approx(100 * 210_000 / 296_837)
    assert landed["China"]["share_percent"] == pytest.approx(70.7459, abs=1e-4)
    assert landed["Total"]["value"] == 296_837 and landed["Total"]["rank"] is None


def test_shares_equal_the_figure_over_the_total(shares):
    totals = shares.filter(pl.col("row_kind") == "total").select(
        "sheet", pl.col("value").alias("total"), pl.col("hhi_component").alias("hhi")
    )
    joined = shares.join(totals, on="sheet")
    computed = 100 * joined["value"] / joined["total"]
    assert (joined["share_percent"] - computed).abs().max() < 1e-6
    countries = joined.filter(pl.col("row_kind") == "country")
    assert (countries["hhi_component"] - countries["share_percent"] ** 2).abs().max() < 1e-6
    sums = countries.group_by("sheet").agg(
        pl.col("value").sum(), ((100 * pl.col("value") / pl.col("total")) ** 2).sum().alias("h")
    )
    checked = sums.join(totals, on="sheet")
    assert checked.height == 65
    assert (checked["value"] - checked["total"]).abs().max() == 0
    assert (checked["h"] - checked["hhi"]).abs().max() < 1e-6


# --- bad input: real sheet rows, one cell changed -------------------------------------------


@pytest.fixture(scope="module")
def reo(raw_sheets) -> list[list]:
    return [list(r) for r in raw_sheets["Rare Earths (REO)"]]


def changed(rows, row: int, col: int, new):
    rows = [list(r) for r in rows]
    rows[row - 1][col - 1] = new
    return rows


def parse(rows):
    return parse_shares_sheet(TABLE_6_5.name, "Rare Earths (REO)", rows)


def test_text_in_the_production_cell(reo):
    with pytest.raises(SourceDataError) as error:
        parse(changed(reo, 3, 5, "210.000 t"))
    message = str(error.value)
    assert message.startswith(f"wmd: {TABLE_6_5.name} line 3 column E: sheet 'Rare Earths (REO)'")
    assert "value '210.000 t' is not a number" in message


def test_changed_header(reo):
    with pytest.raises(SourceDataError, match=r"line 2 column F: .*'Share' is not 'Share in %'"):
        parse(changed(reo, 2, 6, "Share"))
    with pytest.raises(SourceDataError, match=r"line 2 column B: .*'Rank 2020' is not 'Rank 2021'"):
        parse(changed(reo, 2, 2, "Rank 2020"))
    with pytest.raises(SourceDataError, match=r"line 2 column E: .*not 'Production <year>'"):
        parse(changed(reo, 2, 5, "Output 2022"))


def test_ranks_and_shares(reo):
    with pytest.raises(SourceDataError, match=r"line 4 column A: .*rank '2' is not a whole"):
        parse(changed(reo, 4, 1, "2"))
    total = len(reo)
    with pytest.raises(SourceDataError, match=rf"line {total} column A: .*Total row has a rank"):
        parse(changed(reo, total, 1, 10))
    with pytest.raises(SourceDataError, match=r"line 5 column H: .*empty hhi_component cell"):
        parse(changed(reo, 5, 8, None))


def test_missing_total_and_rows_after_it(reo):
    with pytest.raises(SourceDataError, match=r"no 'Total' row"):
        parse(reo[:-1])
    after = [*reo, [11, "(11)", "Atlantis", "metr. t", 5, 0.1, 100, 0.01]]
    with pytest.raises(SourceDataError, match=rf"line {len(reo) + 1} column A: .*after the Total"):
        parse(after)


def test_a_table_6_4_sheet_is_not_table_6_5():
    workbook = openpyxl.load_workbook(TABLE_6_4_2022, read_only=True, data_only=True)
    try:
        rows = list(workbook["Cobalt"].iter_rows(values_only=True))
    finally:
        workbook.close()
    with pytest.raises(SourceDataError, match=r"line 1 column A: .*does not start with '6.5."):
        parse_shares_sheet(TABLE_6_4_2022.name, "Cobalt", rows)
