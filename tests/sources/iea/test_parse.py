"""The bundled IEA workbook parses to the published figures; bad input fails with its cell."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from sources.common.errors import SourceDataError
from sources.iea.load import SNAPSHOT_DIR, load_release
from sources.iea.parse import SUPPLY_SHEET, parse_supply

WORKBOOK = SNAPSHOT_DIR / "CM_Data_Explorer_May2024_resaved.xlsx"
BLOCKS = {
    "Copper - Mining": 9,
    "Copper - Refining": 8,
    "Cobalt - Mining": 7,
    "Cobalt - Refining": 8,
    "Lithium - Mining": 8,
    "Lithium - Chemicals": 7,
    "Nickel - Mining": 9,
    "Nickel - Refining": 9,
    "Graphite - Mining (natural)": 9,
    "Graphite - Battery grade": 9,
    "Magnet rare earth elements - Mining": 7,
    "Magnet rare earth elements - Refining": 7,
}


@pytest.fixture(scope="module")
def supply() -> pl.DataFrame:
    return load_release().tables["supply"]


def value(frame: pl.DataFrame, block: str, country: str, year: int) -> float:
    row = frame.filter(
        (pl.col("block_title") == block)
        & (pl.col("country_name") == country)
        & (pl.col("year") == year)
    )
    assert row.height == 1, (block, country, year)
    return row["value"][0]


def test_published_figures(supply):
    assert value(supply, "Cobalt - Refining", "China", 2023) == 171.7
    assert value(supply, "Copper - Mining", "Chile", 2023) == 5311.3
    assert value(supply, "Lithium - Chemicals", "China", 2040) == 215.1
    assert value(supply, "Magnet rare earth elements - Mining", "Myanmar", 2030) == 9.8
    assert value(supply, "Cobalt - Refining", "Total clean technologies", 2023) == 223.8
    cell = supply.filter(
        (pl.col("block_title") == "Cobalt - Refining") & (pl.col("country_name") == "China")
    ).sort("year")
    assert cell["row_number"].to_list() == [18] * 4
    assert cell["column_letter"].to_list() == ["H", "I", "J", "K"]
    assert cell["sheet"][0] == SUPPLY_SHEET


def test_every_block_and_row_is_kept(supply):
    assert supply.height == 388  # 97 labelled rows x 4 years; nothing dropped
    labels = supply.group_by("block_title").agg(pl.col("row_number").n_unique())
    assert dict(labels.iter_rows()) == BLOCKS
    kinds = supply.group_by("row_kind").len()
    assert dict(kinds.iter_rows()) == {
        "country": 61 * 4,
        "rest_of_world": 12 * 4,
        "total": 12 * 4,
        "top3_share": 12 * 4,
    }
    assert supply["edition"].unique().to_list() == [2024]
    assert supply["value"].null_count() == 0


def test_projection_flags(supply):
    flags = supply.group_by("year", "is_projection", "value_flag").len().sort("year")
    assert flags.select("year", "is_projection", "value_flag").rows() == [
        (2023, False, "reported"),
        (2030, True, "projection"),
        (2035, True, "projection"),
        (2040, True, "projection"),
    ]
    assert set(supply["scenario"]) == {"base case"}


SIX_COUNTRY_BLOCKS = {
    "Nickel - Mining",
    "Nickel - Refining",
    "Graphite - Mining (natural)",
    "Graphite - Battery grade",
}


def test_totals_equal_countries_plus_rest_of_world(supply):
    """Total = listed countries + Rest of world, except in the four blocks listing six
    countries: there IEA's Rest of world also contains the sixth country (Total = first five
    + Rest of world), so countries + Rest of world exceed the Total by exactly that country."""
    countries = supply.filter(pl.col("row_kind") == "country").sort("row_number")
    sums = countries.group_by("block_title", "year").agg(
        pl.col("value").sum().alias("countries"),
        pl.col("value").last().alias("sixth"),
        pl.len().alias("n"),
    )
    rest = supply.filter(pl.col("row_kind") == "rest_of_world").select(
        "block_title", "year", pl.col("value").alias("rest")
    )
    totals = supply.filter(pl.col("row_kind") == "total").select("block_title", "year", "value")
    joined = totals.join(sums, on=["block_title", "year"]).join(rest, on=["block_title", "year"])
    assert joined.height == 48
    gap = joined.with_columns(gap=pl.col("countries") + pl.col("rest") - pl.col("value"))
    plain = gap.filter(~pl.col("block_title").is_in(SIX_COUNTRY_BLOCKS))
    assert plain["gap"].abs().max() < 0.05
    six = gap.filter(pl.col("block_title").is_in(SIX_COUNTRY_BLOCKS))
    assert set(six["n"]) == {6}
    assert (six["gap"] - six["sixth"]).abs().max() < 0.05
    assert six.filter(pl.col("gap").abs() > 0.05).height == 15  # Tanzania mined 0 in 2023


def test_top3_shares_are_fractions(supply):
    shares = supply.filter(pl.col("row_kind") == "top3_share")
    assert set(shares["unit"]) == {"share"}
    assert shares["value"].min() > 0.4 and shares["value"].max() <= 1
    copper = value(supply, "Copper - Mining", "Top 3 share", 2023)
    assert copper == pytest.approx((5311.3 + 2678.2 + 2643.8) / 22508.1)


def edited(tmp_path: Path, cell: str, new) -> Path:
    """A copy of the bundled workbook with one cell of the supply sheet changed."""
    workbook = openpyxl.load_workbook(WORKBOOK)
    workbook[SUPPLY_SHEET][cell] = new
    target = tmp_path / WORKBOOK.name
    workbook.save(target)
    return target


def test_text_in_a_number_cell(tmp_path):
    path = edited(tmp_path, "H18", "171,7")
    with pytest.raises(SourceDataError) as error:
        parse_supply(path, edition=2024)
    message = str(error.value)
    assert message.startswith(f"iea: {WORKBOOK.name} line 18 column H: sheet '{SUPPLY_SHEET}'")
    assert "'171,7' is not a number" in message


def test_negative_value(tmp_path):
    path = edited(tmp_path, "B7", -5311.3)
    with pytest.raises(SourceDataError, match=r"line 7 column B: .*negative supply -5311.3"):
        parse_supply(path, edition=2024)


def test_value_without_a_label(tmp_path):
    path = edited(tmp_path, "H12", 12.5)  # the spacer row of Copper - Refining
    with pytest.raises(SourceDataError, match=r"line 12 column H: .*has no country label"):
        parse_supply(path, edition=2024)


def test_block_without_a_header(tmp_path):
    workbook = openpyxl.load_workbook(WORKBOOK)
    sheet = workbook[SUPPLY_SHEET]
    for col in "HIJK":
        sheet[f"{col}4"] = None
    target = tmp_path / WORKBOOK.name
    workbook.save(target)
    with pytest.raises(SourceDataError, match=r"block 'Copper - Refining' has no year header"):
        parse_supply(target, edition=2024)


def test_block_without_top3_row(tmp_path):
    path = edited(tmp_path, "A66", "Top three share")
    with pytest.raises(SourceDataError, match=r"ends without a 'Top 3 share' row"):
        parse_supply(path, edition=2024)


def test_unknown_unit(tmp_path):
    path = edited(tmp_path, "A2", "Total supply for key energy transition minerals (Mt)")
    with pytest.raises(SourceDataError, match=r"line 2 column A: .*unknown unit 'Mt'"):
        parse_supply(path, edition=2024)


def test_wrong_edition_for_the_years():
    with pytest.raises(SourceDataError, match=r"first year 2023 is not edition 2025's observed"):
        parse_supply(WORKBOOK, edition=2025)


def test_manifest_mismatch(tmp_path):
    copy = tmp_path / "iea"
    shutil.copytree(SNAPSHOT_DIR, copy)
    with (copy / WORKBOOK.name).open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(
        SourceDataError, match=r"iea: CM_Data_Explorer_May2024_resaved.xlsx: sha256"
    ):
        load_release(copy)


def test_unlisted_file_is_refused(tmp_path):
    copy = tmp_path / "iea"
    shutil.copytree(SNAPSHOT_DIR, copy)
    shutil.copy(WORKBOOK, copy / "extra.xlsx")
    with pytest.raises(FileNotFoundError, match="extra.xlsx"):
        load_release(copy)


def test_a_country_that_breaks_its_total_names_block_sum_and_total(tmp_path):
    """Countries + Rest of world must equal IEA's Total (one extra digit in Chile's copper)."""
    edited(tmp_path, "B7", 53113)  # Copper - Mining, Chile, 2023: 5311.3

    with pytest.raises(SourceDataError) as error:
        load_release(tmp_path, edition=2024)

    assert str(error.value) == (
        "iea: CM_Data_Explorer_May2024_resaved.xlsx: sheet '2 Total supply for key minerals' "
        "block 'Copper - Mining' 2023 (base case): countries + Rest of world = 70,309.8 kt, "
        "Total (row 14 column B) = 22,508.1 kt; expected the countries plus Rest of world to "
        "equal the Total within 0.1 kt"
    )


def test_in_a_six_country_block_only_the_last_country_may_sit_in_rest_of_world(tmp_path):
    """Nickel refining 2023: Total = the first five + Rest of world (Canada, the sixth, sits
    in both); a change to any of the first five breaks it."""
    edited(tmp_path, "H38", 1513.7)  # Indonesia: 1413.7

    with pytest.raises(SourceDataError, match=r"'Nickel - Refining' 2023 .*= 4,032.0 kt"):
        load_release(tmp_path, edition=2024)
