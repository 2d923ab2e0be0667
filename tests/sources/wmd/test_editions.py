"""WMD editions 2021 and 2022 (table 6.4): figures read back from the raw workbooks, the
revisions between editions kept apart, and renamed sheets joined through the reviewed seed."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from sources.wmd.load import SNAPSHOT_DIR, load_release

SEEDS = Path(__file__).parents[3] / "dbt_project" / "seeds" / "wmd"
WORKBOOKS = {
    2020: SNAPSHOT_DIR / "wmd_raw_2020-07-17.xlsx",
    2021: SNAPSHOT_DIR / "wmd_raw_2021-04-07.xlsx",
    2022: SNAPSHOT_DIR / "wmd_raw_2022-09-07.xlsx",
}
REO = {
    2020: "Rare Earths Concentrates (REO)",
    2021: "Rare Earths Concentrates (REO)",
    2022: "Rare Earths (REO)",
}


@pytest.fixture(scope="module")
def release():
    return load_release()


@pytest.fixture(scope="module")
def production(release) -> pl.DataFrame:
    return release.tables["production"]


def raw_figure(edition: int, sheet: str, country: str, year: int):
    """The cell of ``country`` x ``year`` read straight from the workbook (openpyxl)."""
    workbook = openpyxl.load_workbook(WORKBOOKS[edition], read_only=True, data_only=True)
    try:
        rows = list(workbook[sheet].iter_rows(values_only=True))
    finally:
        workbook.close()
    column = [str(h) for h in rows[1]].index(str(year))
    (found,) = [r[column] for r in rows[2:] if r[0] == country]
    return found


def landed(production, edition: int, sheet: str, country: str, year: int) -> float:
    row = production.filter(
        (pl.col("edition") == edition)
        & (pl.col("sheet") == sheet)
        & (pl.col("country_name") == country)
        & (pl.col("year") == year)
    )
    assert row.height == 1
    return row["value"][0]


def seed(name: str) -> list[dict]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_china_rare_earths_2019_is_132000_t_in_both_editions(production):
    for edition in (2021, 2022):
        raw = raw_figure(edition, REO[edition], "China", 2019)
        assert raw == 132_000
        assert landed(production, edition, REO[edition], "China", 2019) == raw


def test_indonesia_nickel_2018_revised_between_editions(production):
    raw_2020 = raw_figure(2020, "Nickel", "Indonesia", 2018)
    raw_2021 = raw_figure(2021, "Nickel", "Indonesia", 2018)
    assert (raw_2020, raw_2021) == (545_000, 651_600)
    assert landed(production, 2020, "Nickel", "Indonesia", 2018) == raw_2020
    assert landed(production, 2021, "Nickel", "Indonesia", 2018) == raw_2021


def test_china_lithium_revision_from_the_2021_edition(production):
    """PROVENANCE-4 C3: China Li2O 2016-2018 4,540/4,900/6,550 (2020) -> 6,000/14,700/15,300."""
    for edition in (2020, 2021):
        figures = [landed(production, edition, "Lithium (Li2O)", "China", y) for y in (2016, 2017)]
        raw = [raw_figure(edition, "Lithium (Li2O)", "China", y) for y in (2016, 2017)]
        assert figures == raw
    assert raw_figure(2020, "Lithium (Li2O)", "China", 2018) == 6_550
    assert landed(production, 2021, "Lithium (Li2O)", "China", 2018) == 15_300


def test_data_source_flags_per_country_row(production):
    """Flags of the country rows (one per row, copied to its five cells), PROVENANCE-4 C1."""
    rows = production.filter(pl.col("row_kind") == "country", pl.col("edition") >= 2021)
    counts = rows.group_by("edition", "data_source_raw").agg((pl.len() // 5).alias("rows"))
    assert sorted(counts.rows()) == [
        (2021, "e", 330),
        (2021, "p", 33),
        (2021, "r", 1552),
        (2022, "e", 339),
        (2022, "p", 27),
        (2022, "r", 1553),
    ]


def test_every_sheet_of_every_edition_is_in_the_reviewed_seed(release):
    mapped = {(int(r["edition"]), r["sheet"]) for r in seed("wmd_sheets.csv")}
    for table in release.tables.values():
        sheets = {(e, s.strip()) for e, s in table.select("edition", "sheet").unique().rows()}
        assert sheets <= mapped, sorted(sheets - mapped)
    assert (2022, "Steam Coal") in mapped  # published as "Steam Coal " (trailing space)


def test_renamed_sheets_join_one_series():
    """Each edition maps its 65 sheets to the same 65 series as the 2020 edition, whatever
    the sheet is called: the REO sheet renamed in 2022 stays rare earths, mine, REO."""
    rows = seed("wmd_sheets.csv")

    def series(edition: int) -> list[tuple]:
        return sorted(
            (r["in_scope"], r["mineral_id"], r["stage"], r["basis"])
            for r in rows
            if int(r["edition"]) == edition
        )

    assert len(series(2020)) == 65
    for edition in (2021, 2022, 2024):
        assert series(edition) == series(2020)
    reo = {
        (int(r["edition"]), r["sheet"]): (r["mineral_id"], r["stage"], r["basis"])
        for r in rows
        if r["sheet"] in REO.values()
    }
    assert set(reo.values()) == {("rare_earths", "mine", "oxide_equivalent")}
    assert sorted(reo) == [
        (2020, REO[2020]),
        (2021, REO[2021]),
        (2022, REO[2022]),
        (2024, REO[2022]),
    ]


def test_every_country_name_is_in_the_reviewed_seed(release):
    names = {r["country_name"]: r["iso3"] for r in seed("wmd_country_names.csv")}
    for table in release.tables.values():
        found = set(table.filter(pl.col("row_kind") == "country")["country_name"])
        assert found <= set(names), sorted(found - set(names))
    assert (names["Türkiye"], names["Czechia"]) == (names["Turkey"], names["Czech Republic"])
