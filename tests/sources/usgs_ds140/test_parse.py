"""The bundled DS140 release parses to the published figures; bad input names its cell.

Figures are recomputed here from the raw files (json module, openpyxl), not taken from the
parser: the library's cells equal the workbooks', its W/NA counts equal the workbook cells,
and the unit values are the workbook's."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from sources.common.errors import SourceDataError
from sources.usgs_ds140.load import SNAPSHOT_DIR, TABLES, load_release
from sources.usgs_ds140.parse import LIBRARY_EDITION, parse_commodity, parse_rows

LITHIUM = "workbooks/ds140-lithium-2021.xlsx"
RARE_EARTHS = "workbooks/usgs_ds140_rare_earths_2020.xlsx"
SEED = Path(__file__).parents[3] / "dbt_project/seeds/usgs_ds140/usgs_ds140_commodities.csv"


@pytest.fixture(scope="module")
def release():
    return load_release()


@pytest.fixture(scope="module")
def observations(release) -> pl.DataFrame:
    return release.tables["observations"]


def sheet_rows(file: str) -> list[tuple]:
    workbook = openpyxl.load_workbook(SNAPSHOT_DIR / file, read_only=True, data_only=True)
    try:
        return [tuple(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def raw_cell(file: str, label: str, year: int):
    """The workbook cell under header ``label`` in the row of ``year`` (found by reading)."""
    rows = sheet_rows(file)
    header = next(r for r in rows if r[0] == "Year")
    row = next(r for r in rows if r[0] == year)
    return row[header.index(label)]


def landed(observations, file, label, year):
    found = observations.filter(
        (pl.col("source_file") == file)
        & (pl.col("column_label") == label)
        & (pl.col("year") == year)
    )
    assert found.height == 1
    return found.row(0, named=True)


def test_tables_editions_and_bundle(release):
    assert set(release.tables) == set(TABLES) == {"observations", "measures", "commodities"}
    assert release.editions() == [2020, 2021, LIBRARY_EDITION]
    with SEED.open(newline="", encoding="utf-8") as handle:
        seed = list(csv.DictReader(handle))
    bundled = {r["commodity"] for r in seed if r["mineral_id"]}
    library = release.tables["observations"].filter(pl.col("edition") == LIBRARY_EDITION)
    assert set(library["commodity"]) == bundled and len(bundled) == 85
    critical = {r["commodity"] for r in seed if r["is_critical_b3"] == "true"}
    assert len(critical) == 17 and critical <= bundled
    assert release.tables["commodities"].height == 92  # the catalog lists every commodity


def test_library_counts_equal_the_raw_files(observations):
    for commodity in ("lithium", "rare-earths", "cobalt"):
        raw = json.loads((SNAPSHOT_DIR / f"commodities/{commodity}.json").read_text())
        count = sum(len(m["observations"]) for s in raw["series"] for m in s["measures"])
        got = observations.filter(pl.col("source_file") == f"commodities/{commodity}.json")
        assert got.height == count == raw["summary"]["observation_count"]
    assert observations.filter(pl.col("source_file") == "commodities/lithium.json").height == 352


@pytest.mark.parametrize(
    ("commodity", "workbook", "count"),
    [("lithium", LITHIUM, 352), ("rare-earths", RARE_EARTHS, 500)],
)
def test_library_reproduces_the_workbook_cells(commodity, workbook, count):
    """PROVENANCE-3 B3: every library observation equals the workbook cell at its row and
    column; and the library's W and NA counts equal the workbook's cells to 1992."""
    raw = json.loads((SNAPSHOT_DIR / f"commodities/{commodity}.json").read_text())
    rows = sheet_rows(workbook)
    checked = 0
    for measure in raw["series"][0]["measures"]:
        column = measure["column"]
        for year, value, row in measure["observations"]:
            assert rows[row - 1][0] == year and rows[row - 1][column - 1] == value
            checked += 1
        cells = [r[column - 1] for r in rows if isinstance(r[0], int) and r[0] <= 1992]
        assert cells.count("W") == measure["missing"]["withheld"]
        assert cells.count("NA") == measure["missing"]["not_available"]
    assert checked == count


def test_lithium_2021_unit_value_from_the_raw_workbook(observations):
    nominal = raw_cell(LITHIUM, "Unit value ($/t)", 2021)
    real = raw_cell(LITHIUM, "Unit value (98$/t)", 2021)
    assert (nominal, real) == (6200, 3730)
    got = landed(observations, LITHIUM, "Unit value ($/t)", 2021)
    assert got["value"] == nominal and got["price_basis"] == "nominal"
    assert got["unit"] == "current U.S. dollars per metric ton" and got["edition"] == 2021
    assert (got["row_number"], got["column_letter"]) == (127, "F")
    assert landed(observations, LITHIUM, "Unit value (98$/t)", 2021)["value"] == real


def test_rare_earths_1990_unit_value_in_both_editions(observations):
    nominal = raw_cell(RARE_EARTHS, "Unit value ($/t)", 1990)
    assert nominal == 8990
    assert landed(observations, RARE_EARTHS, "Unit value ($/t)", 1990)["value"] == nominal
    library = landed(observations, "commodities/rare-earths.json", "Unit value ($/t)", 1990)
    assert library["value"] == nominal and library["edition"] == LIBRARY_EDITION
    assert library["workbook_year"] == 2020


def test_withheld_and_not_available_cells_are_null_not_zero(observations):
    assert raw_cell(LITHIUM, "Production", 2021) == "W"
    withheld = landed(observations, LITHIUM, "Production", 2021)
    assert withheld["value"] is None and withheld["value_flag"] == "withheld"
    assert withheld["value_raw"] == "W"
    na = landed(observations, RARE_EARTHS, "Apparent consumption", 2011)
    assert na["value"] is None and na["value_flag"] == "not_available"
    zero = landed(observations, RARE_EARTHS, "Production", 2016)
    assert zero["value"] == 0 and zero["value_flag"] == "reported"


def test_measures_keep_the_library_counts(release):
    measures = release.tables["measures"]
    lithium = measures.filter(
        (pl.col("source_file") == "commodities/lithium.json")
        & (pl.col("column_label") == "Production")
    ).row(0, named=True)
    assert (lithium["observation_count"], lithium["missing_withheld"]) == (52, 41)
    workbook = measures.filter(
        (pl.col("source_file") == LITHIUM) & (pl.col("column_label") == "Production")
    ).row(0, named=True)
    rows = sheet_rows(LITHIUM)
    cells = [r[1] for r in rows if isinstance(r[0], int)]  # column B: Production
    assert workbook["missing_withheld"] == cells.count("W") == 41 + (2021 - 1993 + 1)
    assert workbook["observation_count"] == sum(isinstance(c, int | float) for c in cells)


# --- bad input: the real rows, one cell changed -------------------------------------------


def changed(rows, row: int, col: int, new):
    rows = [list(r) for r in rows]
    rows[row - 1][col - 1] = new
    return rows


def test_text_in_a_number_cell_names_the_cell():
    rows = changed(sheet_rows(LITHIUM), 127, 6, "6,200 $")
    with pytest.raises(SourceDataError) as error:
        parse_rows("ds140-lithium-2021.xlsx", "Lithium statistics", rows)
    message = str(error.value)
    assert message.startswith("usgs_ds140: ds140-lithium-2021.xlsx line 127 column F: ")
    assert "'6,200 $' is not a number, NA (not available), W (withheld) or empty" in message


def test_missing_unit_heading_and_broken_years():
    rows = sheet_rows(LITHIUM)
    with pytest.raises(SourceDataError, match=r"line 5 column A: .*no unit heading"):
        parse_rows("ds140-lithium-2021.xlsx", "s", changed(rows, 3, 1, "All values in tons"))
    with pytest.raises(SourceDataError, match=r"line 8 column A: .*1903 does not follow 1901"):
        parse_rows("ds140-lithium-2021.xlsx", "s", changed(rows, 8, 1, 1903))
    with pytest.raises(SourceDataError, match=r"no header row; expected 'Year'"):
        parse_rows("ds140-lithium-2021.xlsx", "s", changed(rows, 5, 1, "Years"))
    with pytest.raises(SourceDataError, match=r"workbook name does not say"):
        parse_rows("lithium.xlsx", "s", rows)


def test_broken_library_file_names_the_observation(tmp_path):
    raw = json.loads((SNAPSHOT_DIR / "commodities/lithium.json").read_text())
    raw["series"][0]["measures"][1]["observations"][2] = [1962, "480", 68]
    path = tmp_path / "lithium.json"
    path.write_text(json.dumps(raw))
    with pytest.raises(SourceDataError) as error:
        parse_commodity(path, "commodities/lithium.json")
    assert "series[0].measures[1].observations[2]: [1962, '480', 68] is not [year, value, row]" in (
        str(error.value)
    )


@pytest.fixture
def release_copy(tmp_path) -> Path:
    """The snapshot without its manifest (a live download's layout): catalog + two files."""
    copy = tmp_path / "release"
    (copy / "commodities").mkdir(parents=True)
    shutil.copy(SNAPSHOT_DIR / "catalog.json", copy)
    for name in ("lithium", "cobalt"):
        shutil.copy(SNAPSHOT_DIR / f"commodities/{name}.json", copy / "commodities")
    return copy


def test_a_file_short_of_its_catalog_count_is_refused(release_copy):
    path = release_copy / "commodities/cobalt.json"
    raw = json.loads(path.read_text())
    measure = raw["series"][0]["measures"][0]
    del measure["observations"][-1]
    measure["observation_count"] -= 1
    path.write_text(json.dumps(raw))
    with pytest.raises(
        SourceDataError, match=r"cobalt.json: 859 observations; catalog.json lists 860"
    ):
        load_release(release_copy)


def test_a_misnamed_library_file_is_refused(release_copy):
    (release_copy / "commodities/cobalt.json").rename(release_copy / "commodities/nickel.json")
    with pytest.raises(SourceDataError, match=r"holds commodity 'cobalt'; expected 'nickel'"):
        load_release(release_copy)


def test_manifest_mismatch(tmp_path):
    copy = tmp_path / "usgs_ds140"
    shutil.copytree(SNAPSHOT_DIR, copy)
    with (copy / "commodities/lithium.json").open("ab") as handle:
        handle.write(b" ")
    with pytest.raises(SourceDataError, match=r"commodities/lithium.json: sha256 .* MANIFEST"):
        load_release(copy)


def test_editions_filter():
    assert load_release(editions=[2021]).editions() == [2021]
    assert load_release(editions=[1999]).tables == {}
