"""The bundled DataWeb workbooks parse to the published figures; the Total row and the
incomplete download year are checks; bad input names its sheet, row and column."""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl
import polars as pl
import pytest

from sources.common.errors import SourceDataError
from sources.common.mappings import HS_MINERALS_SEED, mapped_hs_codes
from sources.usitc_dataweb.load import SNAPSHOT_DIR, TABLES, load_release
from sources.usitc_dataweb.parse import Query, parse_sheet

IMPORTS = SNAPSHOT_DIR / "us_imports_for_consumption_1993-2026.xlsx"
EXPORTS = SNAPSHOT_DIR / "us_domestic_exports_1993-2026.xlsx"
QUERY = Query("imports", dt.date(2026, 7, 10))


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return load_release().tables


def raw_sheet(path, title) -> list[tuple]:
    """A sheet's rows read independently of the parser (openpyxl, measuring the sheet)."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook[title]
        sheet.reset_dimensions()
        return [tuple(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


@pytest.fixture(scope="module")
def customs() -> list[tuple]:
    return raw_sheet(IMPORTS, "Customs Value")


@pytest.fixture(scope="module")
def customs_ytd() -> list[tuple]:
    return raw_sheet(IMPORTS, "Customs Value YTD")


def raw_value(rows, partner, heading, year_header):
    header = rows[2]
    col = header.index(year_header)
    found = [r[col] for r in rows[3:] if r[1] == partner and r[2] == heading]
    assert len(found) == 1
    return found[0]


def raw_total(rows, year_header) -> int:
    (total,) = [r for r in rows if str(r[0]).strip() == "Total:"]
    return int(total[rows[2].index(year_header)].replace(",", ""))


def landed(tables, period, **where) -> pl.DataFrame:
    frame = tables[period]
    for column, value in where.items():
        frame = frame.filter(pl.col(column) == value)
    return frame


def test_tables_and_years(tables):
    assert TABLES == {"annual": "usitc_dataweb__trade_annual", "ytd": "usitc_dataweb__trade_ytd"}
    annual, ytd = tables["annual"], tables["ytd"]
    assert (annual["year"].min(), annual["year"].max()) == (1993, 2025)
    assert (ytd["year"].min(), ytd["year"].max()) == (1993, 2026)
    assert annual["edition"].unique().to_list() == [2026]
    assert set(annual["flow"]) == {"imports", "exports"}
    assert annual["partner_name"].n_unique() == 18 and annual["hts4"].n_unique() == 25


def test_every_data_cell_lands(tables):
    """Cells landed = data rows x year columns of each sheet (annual: 2026 left out)."""
    for path in (IMPORTS, EXPORTS):
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets[1:]:
                sheet.reset_dimensions()
                rows = list(sheet.iter_rows(values_only=True))
                data_rows = [r for r in rows[3:] if r[0] and str(r[0]).strip() != "Total:"]
                years = 33 if not sheet.title.endswith("YTD") else 34
                period = "ytd" if sheet.title.endswith("YTD") else "annual"
                cells = landed(tables, period, source_file=path.name, sheet=sheet.title)
                assert cells.height == len(data_rows) * years == rows[1][1] * years
        finally:
            workbook.close()


def test_us_imports_of_nickel_from_canada_2024(tables, customs):
    """HTS 7502 from Canada, 2024: customs value $757.8 M (PROVENANCE-3 §B4.4), read from
    the raw sheet independently."""
    published = raw_value(customs, "Canada", "7502", "2024")
    cell = landed(
        tables,
        "annual",
        flow="imports",
        measure="customs_value",
        partner_name="Canada",
        hts4="7502",
        year=2024,
    )
    assert cell["value"].to_list() == [published]
    assert round(published / 1e6, 1) == 757.8
    assert cell["unit"].to_list() == ["kilograms"]


@pytest.mark.parametrize(
    ("partner", "heading", "musd"),
    [
        ("Australia", "7502", 126.8),
        ("Japan", "7502", 58.1),
        ("China", "8110", 10.5),
        ("South Africa", "2602", 15.4),
    ],
)
def test_provenance_cross_checks_2024(tables, customs, partner, heading, musd):
    """The DataWeb side of PROVENANCE-3's cross-check against BACI 2024 ($M)."""
    published = sum(
        r[customs[2].index("2024")] for r in customs[3:] if r[1] == partner and r[2] == heading
    )
    cells = landed(
        tables, "annual", measure="customs_value", partner_name=partner, hts4=heading, year=2024
    )
    assert cells["value"].sum() == published and round(published / 1e6, 1) == musd


def test_every_heading_is_mapped_as_hs4_only():
    """The 25 headings of the query have hs_minerals rows (hs_revisions HS4), and none of them
    is asked of BACI or Comtrade (mapped_hs_codes: 6-digit codes only)."""
    (listed,) = [r[1] for r in raw_sheet(IMPORTS, "Query Parameters") if r[0] == "Commodity List"]
    headings = {h.strip() for h in listed.split(",")}
    with HS_MINERALS_SEED.open(newline="", encoding="utf-8") as handle:
        seed = [r for r in csv.DictReader(handle) if r["hs6"] in headings]
    assert len(headings) == 25 and {r["hs6"] for r in seed} == headings
    assert {r["hs_revisions"] for r in seed} == {"HS4"}
    assert {r["confidence"] for r in seed if r["hs6"] in ("2805", "8505")} == {"proxy"}
    assert all(r["is_shared"] == "true" for r in seed if r["hs6"] in ("2825", "7202", "8112"))
    assert headings.isdisjoint(mapped_hs_codes()) and all(len(c) == 6 for c in mapped_hs_codes())


def test_total_row_equals_the_partner_sum(tables, customs):
    """The Total row is the 18-partner sum: imports 2024 $8,142,935,589 (not World)."""
    total = raw_total(customs, "2024")
    values = landed(tables, "annual", flow="imports", measure="customs_value", year=2024)
    assert values["value"].sum() == total == 8_142_935_589
    exports = landed(tables, "annual", flow="exports", measure="fas_value", year=2024)
    assert exports["value"].sum() == raw_total(raw_sheet(EXPORTS, "FAS Value"), "2024")


def test_a_total_that_differs_fails_naming_sheet_and_year(customs):
    rows = list(customs)
    col = rows[2].index("2019")
    changed = list(rows[3])
    changed[col] += 1
    rows[3] = tuple(changed)
    with pytest.raises(SourceDataError, match=r"sheet 'Customs Value': year 2019: .* Total row"):
        parse_sheet(IMPORTS.name, "Customs Value", rows, QUERY, 2026)


def test_the_download_year_is_ytd_only(tables, customs, customs_ytd):
    """Annual 2026 is all zeros in the raw sheet and not landed; its January-April figures
    are, and they add up to the YTD Total row."""
    col = customs[2].index("2026")
    assert all(r[col] == 0 for r in customs[3:] if str(r[0]).strip() != "Total:")
    assert landed(tables, "annual", year=2026).height == 0
    ytd = landed(tables, "ytd", flow="imports", measure="customs_value", year=2026)
    assert ytd["value"].sum() == raw_total(customs_ytd, "2026_Year_to_date") > 0
    canada = raw_value(customs_ytd, "Canada", "7502", "2026_Year_to_date")
    assert landed(
        tables,
        "ytd",
        flow="imports",
        measure="customs_value",
        partner_name="Canada",
        hts4="7502",
        year=2026,
    )["value"].to_list() == [canada]


def test_a_figure_in_the_incomplete_year_fails(customs):
    rows = list(customs)
    col = rows[2].index("2026")
    changed = list(rows[3])
    changed[col] = 5.0
    rows[3] = tuple(changed)
    total = list(rows[-1])
    total[col] = "5"  # the Total agrees: only the incomplete year is wrong
    rows[-1] = tuple(total)
    with pytest.raises(SourceDataError, match=r"year 2026 \(the download year, incomplete\)"):
        parse_sheet(IMPORTS.name, "Customs Value", rows, QUERY, 2026)


def test_a_text_value_names_sheet_row_and_column(customs):
    rows = list(customs)
    changed = list(rows[4])
    changed[rows[2].index("2000")] = "n/a"
    rows[4] = tuple(changed)
    with pytest.raises(
        SourceDataError, match=r"line 5 column M: sheet 'Customs Value': value 'n/a'"
    ):
        parse_sheet(IMPORTS.name, "Customs Value", rows, QUERY, 2026)


def test_a_wrong_row_count_fails(customs):
    rows = list(customs)
    del rows[5]
    with pytest.raises(SourceDataError, match="397 data rows but row 2 says"):
        parse_sheet(IMPORTS.name, "Customs Value", rows, QUERY, 2026)


def test_one_report_per_pair_heading_year(tables):
    """Imports and exports are different directions: no partner-heading-year-unit twice."""
    values = tables["annual"].filter(pl.col("measure").is_in(["customs_value", "fas_value"]))
    key = ["flow", "partner_name", "hts4", "unit", "year"]
    assert values.select(key).is_duplicated().sum() == 0
    assert dict(values.group_by("flow").agg(pl.col("measure").unique()).iter_rows()) == {
        "imports": ["customs_value"],
        "exports": ["fas_value"],
    }
