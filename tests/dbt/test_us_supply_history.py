"""Issue 17, item 5: DS140's US net import reliance and unit values, reproduced from the raw
files (json module, openpyxl), beside the MCS series in fct_us_supply_history."""

import datetime
import json

import openpyxl
import pytest

from sources.usgs_ds140.load import SNAPSHOT_DIR
from tests.support.sql import rows

pytestmark = pytest.mark.build


def library_values(commodity: str, year: int) -> dict[str, float]:
    """label -> value of one year in a commodity's library file (first worksheet)."""
    raw = json.loads((SNAPSHOT_DIR / f"commodities/{commodity}.json").read_text())
    return {
        m["label"]: v
        for m in raw["series"][0]["measures"]
        for y, v, _ in m["observations"]
        if y == year
    }


def workbook_values(file: str, year: int) -> dict[str, object]:
    workbook = openpyxl.load_workbook(SNAPSHOT_DIR / file, read_only=True, data_only=True)
    try:
        table = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    header = next(r for r in table if r[0] == "Year")
    row = next(r for r in table if r[0] == year)
    return {label: value for label, value in zip(header, row, strict=True) if label}


def mart_row(published, source, edition, series, year):
    (row,) = rows(
        published,
        "select * from fct_us_supply_history where source = ? and edition = ? and series = ? "
        "and year = ?",
        [source, edition, series, year],
    )
    return row


def test_cobalt_1990_nir_from_the_raw_library(published):
    """NIR = (imports - exports - change of year-end stocks) / apparent consumption."""
    now, before = library_values("cobalt", 1990), library_values("cobalt", 1989)
    stock_change = now["Stocks"] - before["Stocks"]
    expected = 100 * (now["Imports"] - now["Exports"] - stock_change)
    expected /= now["Apparent consumption"]
    got = mart_row(published, "usgs_ds140", 2026, "cobalt / Cobalt", 1990)
    assert got["mineral_id"] == "cobalt" and got["source_file"] == "commodities/cobalt.json"
    assert (got["imports"], got["exports"]) == (now["Imports"], now["Exports"])
    assert got["stock_change"] == stock_change and got["is_stock_change_included"] is True
    assert got["apparent_consumption"] == now["Apparent consumption"]
    assert got["nir_method"] == "ds140_apparent_consumption"
    assert got["nir_percent"] == pytest.approx(round(expected, 1)) == pytest.approx(85.3)


def test_lithium_2021_nir_and_the_mcs_range(published):
    """Lithium: estimated consumption is the denominator (production is withheld); MCS
    publishes ">25" for 2021, so DS140's figure lies inside the range: no flag."""
    cells = workbook_values("workbooks/ds140-lithium-2021.xlsx", 2021)
    assert cells["Production"] == "W"
    expected = 100 * (cells["Imports"] - cells["Exports"]) / cells["Estimated consumption"]
    got = mart_row(published, "usgs_ds140", 2021, "lithium / Lithium statistics", 2021)
    assert got["nir_percent"] == pytest.approx(round(expected, 1)) == pytest.approx(38.5)
    assert got["nir_method"] == "ds140_estimated_consumption"
    assert got["production"] is None and got["is_stock_change_included"] is False
    (mcs,) = rows(
        published,
        "select max(edition) as edition, any_value(nir_text) as nir_text "
        "from fct_us_net_import_reliance where mineral_id = 'lithium' and year = 2021 "
        "and published_in = 'salient' and is_latest_edition",
    )
    assert got["other_source_edition"] == mcs["edition"]
    assert got["other_source_nir_text"] == mcs["nir_text"] == ">25"
    assert got["nir_difference_points"] == 0 and not got["is_overlap_differing_over_10_points"]


def test_rare_earths_2020_overlap_flagged_against_mcs_compounds(published):
    """DS140 counts all rare-earth forms (the US exported concentrate): a net exporter;
    MCS's compounds-and-metals row says 100%: more than 10 points apart, flagged."""
    cells = workbook_values("workbooks/usgs_ds140_rare_earths_2020.xlsx", 2020)
    ds140 = 100 * (cells["Imports"] - cells["Exports"]) / cells["Apparent consumption"]
    got = mart_row(published, "usgs_ds140", 2020, "rare-earths / Rare earths", 2020)
    assert got["nir_percent"] == pytest.approx(round(ds140, 1))
    compounds = rows(
        published,
        "select edition, nir_percent, other_source_nir_percent, nir_difference_points, "
        "is_overlap_differing_over_10_points as flagged from fct_us_supply_history "
        "where source = 'usgs_mcs' and mineral_id = 'rare_earths' and year = 2020 "
        "and series = 'salient / compounds-metals'",
    )
    assert compounds and all(r["flagged"] for r in compounds)
    for r in compounds:
        assert r["other_source_nir_percent"] == got["nir_percent"]
        assert r["nir_difference_points"] == pytest.approx(round(r["nir_percent"] - ds140, 1))


def test_lithium_2021_price_row_from_the_raw_workbook(published):
    cells = workbook_values("workbooks/ds140-lithium-2021.xlsx", 2021)
    (got,) = rows(
        published,
        "select * from staging.stg_usgs_ds140__prices where series = ? and edition = 2021 "
        "and year = 2021",
        ["lithium/Lithium statistics"],
    )
    assert got["value_nominal"] == cells["Unit value ($/t)"] == 6200
    assert got["value_real"] == cells["Unit value (98$/t)"] == 3730
    assert (got["unit"], got["real_basis"], got["frequency"]) == ("USD/t", "USD of 1998", "year")
    assert got["period"] == datetime.date(2021, 1, 1) and got["mineral_id"] == "lithium"
    assert got["value_raw"] == "6200"
