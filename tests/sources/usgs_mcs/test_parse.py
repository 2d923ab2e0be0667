"""Parsers on the real bundled files: every quirk the issue lists, on the file that has it."""

from pathlib import Path

import polars as pl
import pytest

from sources.usgs_mcs.load import SNAPSHOT_DIR, load_release
from sources.usgs_mcs.parse import clean_country, parse_file, parse_value_column

FIXTURES = Path(__file__).parents[2] / "fixtures" / "usgs_mcs"


def world(rel: str) -> pl.DataFrame:
    [(kind, frame)] = parse_file(SNAPSHOT_DIR / rel)
    assert kind == "world"
    return frame


def cell(frame: pl.DataFrame, **where) -> dict:
    rows = frame.filter(**where)
    assert rows.height == 1, rows
    return rows.row(0, named=True)


@pytest.fixture(scope="module")
def release():
    return load_release()


def test_every_bundled_file_parses_and_validates(release):
    assert set(release.tables) == {"world", "salient", "trends", "import_sources"}
    assert release.editions() == [2022, 2023, 2024, 2025, 2026]
    assert len(release.files) == 483  # every CSV/XLSX in the snapshot (+ 1 revision .txt)
    rows = {
        kind: dict(table.group_by("edition").len().sort("edition").iter_rows())
        for kind, table in release.tables.items()
    }
    assert rows == {
        "world": {2022: 380, 2023: 3530, 2024: 3842, 2025: 6250, 2026: 3303},
        "salient": {2022: 880, 2023: 4685, 2024: 4570, 2025: 4755, 2026: 4863},
        "trends": {2023: 1394, 2024: 2492, 2025: 2669, 2026: 4133},
        "import_sources": {2026: 720},
    }


def test_rare_earths_2024_bom_crlf_trailing_columns_and_estimates():
    frame = world("mcs2024/world/mcs2024-raree_world.csv")
    china = cell(frame, country_name="China", year=2023, measure="Prod")
    assert china["value"] == 240_000
    assert china["value_flag"] == "estimated"  # Prod_t_est_2023
    assert china["unit"] == "t"
    total = cell(frame, country_name="World total (rounded)", year=2023, measure="Prod")
    assert total["value"] == 350_000
    # 43 trailing empty columns and 25 blank lines are not cells
    assert set(frame["column_name"]) == {"Prod_t_est_2022", "Prod_t_est_2023", "Reserves_t"}
    assert frame["source_label"].unique().to_list() == ["MCS2024"]


def test_capitalised_est_and_2022_layout_without_notes():
    frame = world("mcs2022/mcs2022-raree_world.csv")
    assert cell(frame, country_name="China", year=2021)["value_flag"] == "estimated"  # _Est_
    assert cell(frame, country_name="China", year=2020)["value_flag"] == "reported"


def test_quoted_thousands_and_header_less_duplicate_column_are_kept():
    frame = world("mcs2024/world/mcs2024-barit_world.csv")
    assert cell(frame, country_name="China", year=2023)["value"] == 1900  # "1,900", kt
    unnamed = frame.filter(measure="unnamed")
    assert unnamed.height == 12 and set(unnamed["column_name"]) == {"#9"}


def test_units_in_column_names():
    assert parse_value_column(3, "Prod_Sponge_t_Est_2022").measure == "Prod_Sponge"
    assert parse_value_column(3, "Cap_Pigment_t_2023").unit == "t"
    assert parse_value_column(3, "Reserves_ore_K2O_equiv_kt").measure == "Reserves_ore_K2O_equiv"
    column = parse_value_column(3, "Prod_kg_est_2023")
    assert (column.unit, column.is_estimate, column.year) == ("kg", True, 2023)
    assert parse_value_column(3, "Prod_notes") is None
    units = set(world("mcs2024/world/mcs2024-diamo_world.csv")["unit"])
    assert units == {"mct"}
    assert set(world("mcs2024/world/mcs2024-feste_world.csv")["unit"]) == {"mmt"}
    assert set(world("mcs2024/world/mcs2024-heliu_world.csv")["unit"]) == {"mcm"}


def test_fluorspar_type_header_is_taken_by_position():
    frame = world("mcs2024/world/mcs2024-fluor_world.csv")
    assert set(frame["type_name"]) == {"Mine production, fluorspar"}


def test_misfiled_salient_files_are_detected_as_world_tables():
    for code in ("cobal", "gypsu", "kyani"):
        [(kind, frame)] = parse_file(SNAPSHOT_DIR / f"mcs2024/salient/mcs2024-{code}_salient.csv")
        assert kind == "world" and frame["commodity_code"].unique().to_list() == [code]


def test_glued_footnotes_and_free_text():
    assert clean_country("New Caledonia11") == "New Caledonia"
    assert clean_country("United\u00a0States1") == "United States"
    assert clean_country("Japane") == "Japane"  # mapped by the reviewed seed, not guessed
    frame = world("mcs2024/world/mcs2024-cobal_world.csv")
    assert "New Caledonia" in frame["country_name"].to_list()
    flags = world("mcs2023/world/mcs2023-timin_world.csv")["value_flag"].to_list()
    assert "included_elsewhere" in flags


def test_several_types_per_file():
    types = world("mcs2024/world/mcs2024-timin_world.csv")["type_name"].unique().to_list()
    assert len(types) >= 4, types


def test_salient_long_form_and_net_import_reliance(release):
    salient = release.tables["salient"]
    nir = salient.filter(commodity_code="raree", edition=2024, year=2023, statistic="NIR")
    assert dict(zip(nir["detail"], nir["value_raw"], strict=True)) == {
        "Compounds-Metals": ">95",
        "Concentrate": "E",
    }
    assert set(nir["value_flag"]) == {"lower_bound", "net_exporter"}


def test_xlsx_salient_and_repeated_headers(release):
    salient = release.tables["salient"]
    quartz = salient.filter(commodity_code="quartz", edition=2023)
    assert quartz["source_file"].unique().to_list() == [
        "mcs2023-quartz_salient.xlsx sheet mcs2023-quartz_salient"
    ]
    assert quartz.filter(year=2022, column_name="Exports_Piezo_kg")["value"].item() == 60_000
    iodine = salient.filter(source_file="mcs2024-iodin_salient.csv")
    assert iodine.filter(pl.col("column_name").str.starts_with("Consump_t")).height >= 2


def test_trends_tables_keep_text_and_numbers(release):
    t5 = release.tables["trends"].filter(table_name="T5_Critical_Minerals_Salient", edition=2024)
    ree = t5.filter(
        line_number=t5.filter(value_raw="Rare earths (compounds and metals)")["line_number"].item()
    )
    values = dict(zip(ree["column_name"], ree["value"], strict=True))
    assert values["Leading_source_precent_world"] == 69


def test_combined_2025_world_layout():
    [(kind, frame)] = parse_file(FIXTURES / "MCS2025_World_Data.csv")
    assert kind == "world"
    lithium = cell(frame, commodity_code="lithi", country_name="Chile", year=2024, measure="Prod")
    assert (lithium["value"], lithium["unit"], lithium["value_flag"]) == (49_000, "t", "estimated")
    copper = cell(frame, commodity_code="coppe", country_name="Canada", year=2023, measure="Prod")
    assert (copper["value"], copper["unit"]) == (500, "kt")
    assert set(frame["measure"]) == {"Prod", "Cap", "Reserves"}
