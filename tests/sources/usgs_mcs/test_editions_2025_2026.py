"""MCS2025 and MCS2026 on the real bundled files, and the rows-longer-than-header repair."""

import polars as pl
import pytest

from sources.common.errors import SourceDataError
from sources.usgs_mcs.alignment import realigned
from sources.usgs_mcs.load import SNAPSHOT_DIR, load_release
from sources.usgs_mcs.parse import parse_file
from sources.usgs_mcs.table import Row, Table

LONG_2026 = SNAPSHOT_DIR / "mcs2026/MCS2026_Commodities_Data.csv"
WORLD_2025 = SNAPSHOT_DIR / "mcs2025/world/MCS2025_World_Data.csv"


@pytest.fixture(scope="module")
def release():
    return load_release()


@pytest.fixture(scope="module")
def long_2026():
    return dict(parse_file(LONG_2026))


def test_every_row_of_the_2026_long_file_lands_in_exactly_one_table(long_2026):
    assert set(long_2026) == {"world", "salient", "import_sources"}
    heights = {kind: frame.height for kind, frame in long_2026.items()}
    assert heights == {"world": 3303, "salient": 4863, "import_sources": 720}
    lines = pl.concat([frame.select("line_number") for frame in long_2026.values()])
    assert lines.height == 8886 and lines["line_number"].n_unique() == 8886
    assert set(lines["line_number"]) == set(range(2, 8888))


def test_china_rare_earth_mine_production_from_the_2026_file(long_2026):
    world = long_2026["world"]
    china = world.filter(commodity_code="raree", country_name="China", measure="Prod")
    values = {row["year"]: row for row in china.iter_rows(named=True)}
    assert set(values) == {2024, 2025}
    for year in (2024, 2025):
        assert values[year]["value"] == 270_000
        assert values[year]["unit"] == "t"
        assert values[year]["type_name"] == "Mine production"
        assert values[year]["value_flag"] == "estimated"  # note "Estimated. ..."
    total = world.filter(commodity_code="raree", country_name="World total", year=2025)
    assert total.filter(measure="Prod")["type_raw"].item() == "Mine production: rounded"
    assert total.filter(measure="Prod")["type_name"].item() == "Mine production"


def test_2026_chapter_codes_line_up_with_the_older_file_codes(long_2026):
    world = long_2026["world"]
    codes = set(world["commodity_code"])
    assert {"raree", "coppe", "lithi", "feore", "fepig", "feste", "mgcomp", "mgmet"} <= codes
    assert {"timin", "titan", "simet", "sandi", "sandc", "stonc", "stond", "fesla"} <= codes
    chapters = long_2026["salient"].group_by("commodity_code").agg(pl.col("commodity").n_unique())
    assert "rareh" in set(chapters["commodity_code"])  # RARE EARTHS (Heavy) is not raree
    gases = world.filter(commodity_code="heliu", country_name="World total", year=2025)
    assert "Neon: Rare gases production, (million liters)" in set(gases["type_name"])


def test_2026_value_codes(long_2026):
    salient, world = long_2026["salient"], long_2026["world"]
    flags = dict(salient.group_by("value_raw").agg(pl.col("value_flag").first()).iter_rows())
    assert (
        flags["W"] == "withheld"
        and flags["NA"] == "not_available"
        and flags["E"] == ("net_exporter")
    )
    dash = salient.filter(value_raw="—")
    assert dash.height > 100 and set(dash["value"]) == {0.0}
    half = salient.filter(value_raw="s")
    assert set(half["value_flag"]) == {"upper_bound"} and set(half["value_upper"]) == {0.5}
    lost_sign = salient.filter(value_raw="?10").row(0, named=True)
    assert (lost_sign["value_lower"], lost_sign["value_upper"]) == (-10, 10)
    assert set(world.filter(value_raw="XX")["value_flag"]) == {"not_applicable"}


def test_2026_net_import_reliance_is_recognisable(long_2026):
    nir = long_2026["salient"].filter(statistic="Net import reliance")
    assert nir.height > 300
    ree = nir.filter(commodity_code="raree", year=2025)
    assert dict(zip(ree["detail"], ree["value_flag"], strict=True)) == {
        "Net import reliance as a percentage of apparent consumption: Compounds and metals": (
            ree.filter(pl.col("detail").str.ends_with("metals"))["value_flag"].item()
        ),
        "Net import reliance as a percentage of apparent consumption: Mineral concentrates": (
            ree.filter(pl.col("detail").str.ends_with("concentrates"))["value_flag"].item()
        ),
    }
    assert set(ree["value_flag"]) <= {"reported", "estimated", "lower_bound", "net_exporter"}


def test_2026_import_sources(long_2026):
    imports = long_2026["import_sources"]
    assert set(imports["period_raw"]) == {"2021–24"}
    assert set(imports["year_start"]) == {2021} and set(imports["year_end"]) == {2024}
    ree = imports.filter(commodity_code="raree", country_name="China")
    assert ree.height == 1 and 0 < ree["value"].item() <= 100
    assert set(imports["unit"]) == {"percent"}


def test_combined_2025_world_file_on_the_real_file():
    [(kind, frame)] = parse_file(WORLD_2025)
    assert kind == "world" and frame.height == 1250 * 5
    assert set(frame["column_name"]) >= {"PROD_EST_ 2024", "RESERVES_2024"}
    germanium = frame.filter(commodity_code="germa")  # published as "Gemanium"
    assert germanium.height > 0 and set(germanium["value_flag"]) <= {"withheld", "missing"}
    copper = frame.filter(commodity_code="coppe", country_name="Chile", year=2024)
    assert copper.filter(measure="Prod")["value"].to_list()  # "Copper " with trailing space
    assert (
        frame.filter(commodity_code="feore").height and frame.filter(commodity_code="fepig").height
    )
    rutile = frame.filter(line_number=1132, measure="Prod")  # the row without UNIT_MEAS
    assert set(rutile["unit"]) == {"t"}  # the only unit of its COMMODITY x TYPE


def test_2025_salient_quirks(release):
    salient = release.tables["salient"]
    bauxite = salient.filter(source_file="mcs2025-bauxi_salient.csv")
    assert bauxite["year"].unique().sort().to_list() == [2020, 2021, 2022, 2023, 2024]
    cadmium = salient.filter(
        source_file="mcs2025-cadmi_salient.csv", value_raw="Less than 1/2 unit."
    )
    note = cadmium.row(0, named=True)
    assert (note["value"], note["value_lower"], note["value_upper"], note["value_flag"]) == (
        None,
        0.0,
        0.5,
        "upper_bound",
    )
    assert {"alumi", "lithium", "quart", "rareee", "stonc"} <= set(
        salient.filter(edition=2025)["commodity_code"]
    )
    trends = release.tables["trends"].filter(edition=2025)
    assert "T5_Critical_Minerals_Salient" in set(trends["table_name"])
    assert "T7_Critical_Minerals_Salient" in set(release.tables["trends"]["table_name"])


@pytest.mark.parametrize("code", ["felds", "fluor"])
def test_rows_longer_than_their_header_are_realigned(release, code):
    nir = release.tables["salient"].filter(
        source_file=f"mcs2024-{code}_salient.csv", statistic="NIR"
    )
    assert nir.height >= 5
    numbers = nir.filter(pl.col("value").is_not_null())
    assert numbers["value"].is_between(0, 100).all(), numbers
    assert nir.filter(pl.col("column_name").str.starts_with("#")).height == 0
    employment = release.tables["salient"].filter(
        source_file=f"mcs2024-{code}_salient.csv", statistic="Employment", year=2023
    )
    assert employment["value"].to_list() == [240.0 if code == "felds" else 15.0]


def _table(header: list[str], *rows: list[str]) -> Table:
    return Table("x_salient.csv", header, [Row(i + 2, r) for i, r in enumerate(rows)])


def test_split_thousands_are_joined_and_ambiguous_surplus_is_an_error():
    header = ["DataSource", "Commodity", "Year", "A_t", "B_t"]
    fixed = realigned(_table(header, ["MCS", "X", "2020", "1", "200", "7"]))
    assert fixed.rows[0].cells[3:] == ["1,200", "7"]
    with pytest.raises(SourceDataError, match=r"x_salient.csv line 2 column #6: row has 6 cells"):
        realigned(_table(header, ["MCS", "X", "2020", "abc", "7", "8"]))


def test_vermiculite_world_second_reserve_number_is_not_read_as_a_note(release):
    world = release.tables["world"].filter(source_file="mcs2024-vermi_world.csv")
    brazil = world.filter(country_name="Brazil")
    assert set(brazil["notes"]) <= {
        "",
        "For Australia, Joint Ore Reserves Committee-compliant"
        " or equivalent reserves were 2.95 million tons. Reserves for "
        "Australia, China, and South Africa were revised based on "
        "company and Government reports.",
    }
    assert brazil.filter(column_name="#8")["value"].to_list() == [8100.0]


def test_codes_the_2025_combined_file_puts_in_its_notes_set_the_flag():
    """MCS2025 leaves W/NA/XX cells blank and says so in PROD_NOTES ("W for 23-24")."""
    ((kind, world),) = parse_file(WORLD_2025)
    assert kind == "world"
    us_lithium = world.filter(commodity_code="lithi", country_name="United States", measure="Prod")
    assert us_lithium["value_flag"].to_list() == ["withheld", "withheld"]
    flags = set(world.filter(pl.col("value_raw") == "")["value_flag"])
    assert {"withheld", "not_available", "not_applicable", "qualitative"} <= flags
    estimated_2023 = world.filter(
        (pl.col("notes") == "estimated 2023")
        & (pl.col("year") == 2023)
        & (pl.col("value_raw") != "")
    )
    assert estimated_2023.height > 100
    assert set(estimated_2023["value_flag"]) == {"estimated"}
