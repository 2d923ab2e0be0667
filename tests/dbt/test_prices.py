"""Mineral prices in the warehouse: the Pink Sheet and USGS salient prices, each figure
reproduced from the raw files here (openpyxl, csv), independently of the parsers and models."""

from __future__ import annotations

import csv
from datetime import date

import openpyxl
import pytest

from sources.usgs_mcs.load import SNAPSHOT_DIR as USGS_SNAPSHOT
from sources.wb_pink_sheet.load import SNAPSHOT_DIR
from sources.wb_pink_sheet.parse import SHEET
from tests.support.sql import rows

pytestmark = pytest.mark.build

SEED = SNAPSHOT_DIR.parents[2] / "dbt_project/seeds/wb_pink_sheet/wb_pink_sheet_series.csv"
COBALT = USGS_SNAPSHOT / "mcs2025/salient/mcs2025-cobal_salient.csv"


@pytest.fixture(scope="module")
def sheet() -> dict[str, dict[str, object]]:
    """series code -> month ('2024M01') -> cell, read straight from the workbook."""
    workbook = openpyxl.load_workbook(
        SNAPSHOT_DIR / "CMO-Historical-Data-Monthly.xlsx", read_only=True, data_only=True
    )
    try:
        cells = list(workbook[SHEET].iter_rows(values_only=True))
    finally:
        workbook.close()
    codes = cells[6]
    return {
        code: {r[0]: r[i] for r in cells[7:] if r[0]} for i, code in enumerate(codes) if i and code
    }


@pytest.fixture(scope="module")
def mineral_series() -> dict[str, str]:
    with SEED.open(encoding="utf-8", newline="") as handle:
        return {
            r["series_code"]: r["mineral_id"] for r in csv.DictReader(handle) if r["mineral_id"]
        }


def test_nickel_january_2024_as_published(published, sheet):
    raw = sheet["NICKEL"]["2024M01"]
    found = rows(
        published,
        "select * from fct_mineral_prices where source = 'wb_pink_sheet' and series = 'NICKEL' "
        "and period = date '2024-01-01'",
    )
    assert len(found) == 1
    nickel = found[0]
    assert nickel["value_nominal"] == raw and nickel["value_raw"] == str(raw)
    assert (nickel["mineral_id"], nickel["unit"], nickel["frequency"]) == (
        "nickel",
        "USD/t",
        "month",
    )
    assert nickel["value_real"] is None and nickel["edition"] == 2025


def test_one_row_per_mapped_series_and_month(published, sheet, mineral_series):
    months = len(sheet["NICKEL"])
    assert months == 791
    counts = dict(
        (r["series"], r["n"])
        for r in rows(
            published,
            "select series, count(*) as n from fct_mineral_prices "
            "where source = 'wb_pink_sheet' group by series",
        )
    )
    assert counts == {code: months for code in mineral_series}
    assert len(mineral_series) == 12  # metals, phosphate rock, potash


def test_missing_cells_stay_missing(published, sheet, mineral_series):
    expected = {
        code: sum(v in ("…", "...") for v in sheet[code].values()) for code in mineral_series
    }
    found = {
        r["series"]: r["n"]
        for r in rows(
            published,
            "select series, count(*) filter (where value_nominal is null and value_raw in "
            "('…', '...')) as n from fct_mineral_prices where source = 'wb_pink_sheet' "
            "group by series",
        )
    }
    assert found == expected and sum(expected.values()) > 0
    code, month = next(
        (c, m) for c in mineral_series for m, v in sheet[c].items() if v in ("…", "...")
    )
    period = f"{month[:4]}-{month[5:]}-01"
    landed = rows(
        published,
        "select value_nominal, value_raw from fct_mineral_prices "
        "where source = 'wb_pink_sheet' and series = ? and period = cast(? as date)",
        [code, period],
    )
    assert landed == [{"value_nominal": None, "value_raw": sheet[code][month]}]


def test_annual_mean_of_copper_2024(published, sheet):
    cells = [sheet["COPPER"][f"2024M{m:02d}"] for m in range(1, 13)]
    annual = rows(
        published,
        "select * from fct_mineral_prices_annual where series = 'COPPER' and year = 2024",
    )[0]
    assert annual["price_nominal"] == pytest.approx(sum(cells) / 12, rel=1e-12)
    assert annual["is_complete_year"] and annual["n_periods_priced"] == 12
    running = rows(
        published,
        "select is_complete_year, n_periods_priced from fct_mineral_prices_annual "
        "where series = 'COPPER' and year = 2025",
    )
    assert running == [{"is_complete_year": False, "n_periods_priced": 11}]  # to 2025M11


def test_usgs_cobalt_lme_price_2024(published):
    with COBALT.open(encoding="utf-8-sig", newline="") as handle:
        raw = next(r for r in csv.DictReader(handle) if r["Year"] == "2024")["Price_LME_dlb"]
    found = rows(
        published,
        "select * from fct_mineral_prices where source = 'usgs_mcs' "
        "and series = 'cobal | Cobalt | Price_LME_dlb' and year = 2024",
    )
    assert len(found) == 1
    cobalt = found[0]
    assert cobalt["value_nominal"] == float(raw) and cobalt["value_raw"] == raw
    assert (cobalt["unit"], cobalt["edition"], cobalt["period"]) == (
        "USD/lb",
        2025,
        date(2024, 1, 1),
    )


def test_headlines_carry_the_latest_complete_annual_price(published):
    headlines = rows(
        published,
        "select mineral_id, stage, measure, price_year, price_usd, price_unit, price_source "
        "from fct_mineral_headlines",
    )
    assert len({(h["mineral_id"], h["stage"], h["measure"]) for h in headlines}) == len(headlines)
    latest = {
        r["mineral_id"]: r["year"]
        for r in rows(
            published,
            "select mineral_id, max(year) as year from fct_mineral_prices_annual "
            "where is_complete_year and price_nominal is not null group by mineral_id",
        )
    }
    priced = [h for h in headlines if h["price_year"] is not None]
    assert priced and all(h["price_year"] == latest[h["mineral_id"]] for h in priced)
    assert all(h["mineral_id"] not in latest for h in headlines if h["price_year"] is None)
    nickel = {(h["price_source"], h["price_unit"]) for h in priced if h["mineral_id"] == "nickel"}
    assert len(nickel) == 1
