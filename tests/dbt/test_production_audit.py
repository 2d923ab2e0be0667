"""The audit's findings on the production and dependence marts, each pinned by a test."""

import pytest

from tests.support.sql import rows

pytestmark = pytest.mark.build


def test_latest_edition_is_decided_per_series_year(published):
    """The 2024 edition folded China and Morocco's 2022 cobalt into "Other countries"."""
    latest = rows(
        published,
        "select country_iso3, edition from fct_mineral_production where source = 'usgs_mcs' "
        "and mineral_id = 'cobalt' and stage = 'mine' and year = 2022 and is_latest_edition",
    )
    editions = {r["edition"] for r in latest}
    assert len(editions) == 1
    assert not {"CHN", "MAR"} & {r["country_iso3"] for r in latest}
    mixed = rows(
        published,
        "select source, mineral_id, stage, basis, year, count(distinct edition) as n "
        "from fct_mineral_production where is_latest_edition group by all having n > 1",
    )
    assert mixed == []


def test_no_concentration_where_usgs_says_world_total_not_computable(published):
    boron = rows(
        published,
        "select basis, year, share_basis, hhi, cr1, top_producer_iso3 "
        "from fct_production_concentration where mineral_id = 'boron' and source = 'usgs_mcs'",
    )
    assert boron and {r["share_basis"] for r in boron} == {"world_total_not_computable"}
    assert {(r["hhi"], r["cr1"], r["top_producer_iso3"]) for r in boron} == {(None, None, None)}
    single = rows(
        published,
        "select * from fct_production_concentration where hhi = 10000 "
        "and not is_single_country_series",
    )
    assert single == []


def test_country_groups_are_kept_not_added_to_members(published):
    groups = rows(
        published,
        "select country_group, country_iso3, mineral_id, quantity from fct_mineral_production "
        "where is_country_group",
    )
    assert {r["country_group"] for r in groups} >= {"United States and Canada"}
    assert {r["country_iso3"] for r in groups} == {None}


def test_import_dependence_shows_the_mirror_share(published):
    (cobalt,) = rows(
        published,
        "select mirror_value_share from fct_import_dependence where source = 'comtrade' "
        "and importer_iso3 = 'CHN' and mineral_id = 'cobalt' and stage = 'intermediate' "
        "and year = 2022",
    )
    assert cobalt["mirror_value_share"] == pytest.approx(0.94, abs=0.01)
    baci = rows(
        published,
        "select distinct mirror_value_share from fct_import_dependence where source = 'baci'",
    )
    assert [r["mirror_value_share"] for r in baci] in ([0.0], [0.0, None], [None, 0.0])


def test_stage_concentration_flags_shared_codes(published):
    shared = rows(
        published,
        "select mineral_id, includes_shared_codes from fct_stage_concentration "
        "where mineral_id in ('gallium', 'indium') and stage = 'refined_metal'",
    )
    assert shared and all(r["includes_shared_codes"] for r in shared)


@pytest.mark.parametrize(
    ("name", "mineral_id"),
    [
        ("bauxite", "aluminum"),
        ("alumina", "aluminum"),
        ("REE", "rare_earths"),
        ("PGM", "platinum_group_metals"),
    ],
)
def test_names_people_search_for_find_their_mineral(published, name, mineral_id):
    found = rows(
        published,
        "select mineral_id from dim_mineral where search_text like '%' || lower(?) || '%'",
        [name],
    )
    assert mineral_id in {r["mineral_id"] for r in found}


def test_groups_join_their_members(published):
    (pgm,) = rows(
        published,
        "select member_mineral_ids from dim_mineral where mineral_id = 'platinum_group_metals'",
    )
    assert {"platinum", "palladium"} <= set(pgm["member_mineral_ids"])
    (mica,) = rows(
        published, "select mineral_group from dim_mineral where mineral_id = 'mica_sheet'"
    )
    assert mica["mineral_group"] == "mica"


def test_net_import_reliance_never_reads_another_column(published):
    """Rows longer than their header made feldspar read 240 and fluorspar 360 as NIR (out of
    0-100: the dbt between tests on nir_percent, nir_lower_percent, nir_upper_percent)."""
    feldspar = rows(
        published,
        "select year, nir_percent from fct_us_net_import_reliance where edition = 2024 "
        "and published_in = 'salient' and mineral_id = 'feldspar' and component = 'feldspar'",
    )
    assert len(feldspar) == 5 and all(r["nir_percent"] < 50 for r in feldspar)


def test_every_fig2_commodity_has_its_nir_row(published):
    fig2 = rows(
        published,
        "select edition, line_number, fig2_commodity, mineral_id "
        "from staging.stg_usgs_mcs__fig2_net_import_reliance",
    )
    assert len({r["edition"] for r in fig2}) == 4  # MCS2023-MCS2026
    missing = rows(
        published,
        """
        select f.edition, f.fig2_commodity from staging.stg_usgs_mcs__fig2_net_import_reliance f
        anti join fct_us_net_import_reliance n
            on n.published_in = 'fig2' and n.edition = f.edition and n.year = f.year
            and n.mineral_id = f.mineral_id and n.component = f.component
        """,
    )
    assert missing == []
    (cobalt,) = rows(
        published,
        "select nir_text from fct_us_net_import_reliance where mineral_id = 'cobalt' "
        "and year = 2023 and edition = 2024 and published_in = 'fig2'",
    )
    assert cobalt["nir_text"] == "67"


@pytest.mark.parametrize(
    ("column", "mineral_id", "component"),
    [
        ("Bauxite_NIR_pct", "aluminum", "bauxite"),
        ("Alumina_NIR_pct", "aluminum", "alumina"),
        ("Bort_NIR_pct", "diamond_industrial", "bort"),
        ("Stones_NIR_pct", "diamond_industrial", "stones"),
        ("Granite_NIR_pct", "stone_dimension", "granite"),
        ("NIR_Palladium_pct", "palladium", ""),
        ("NIR_Sheet_pct", "mica_sheet", ""),
    ],
)
def test_nir_columns_named_otherwise_are_kept(published, column, mineral_id, component):
    found = rows(
        published,
        "select distinct mineral_id, component from fct_us_net_import_reliance "
        "where source_column = ?",
        [column],
    )
    assert found == [{"mineral_id": mineral_id, "component": component}]


def test_magnesium_nir_rows_have_their_own_keys(published):
    components = rows(
        published,
        "select distinct component from fct_us_net_import_reliance "
        "where mineral_id = 'magnesium' and published_in = 'salient' order by 1",
    )
    assert [r["component"] for r in components] == ["compounds", "metal"]


def test_footnote_e_glued_to_a_country_name_marks_the_figure_estimated(published):
    glued = rows(
        published,
        "select distinct value_flag from staging.stg_usgs_mcs__world_cells "
        "where country_name_footnote = 'e' and value is not null",
    )
    assert glued and {r["value_flag"] for r in glued} == {"estimated"}


def test_iea_refining_shares_are_in_the_concentration_mart(published):
    refining = rows(
        published,
        "select mineral_id, basis, top_producer_iso3, china_share "
        "from fct_production_concentration where source = 'iea' and stage = 'refinery' "
        "and year = 2023 order by mineral_id",
    )
    by_mineral = {r["mineral_id"]: r for r in refining}
    assert set(by_mineral) == {"cobalt", "copper", "graphite", "lithium", "nickel", "rare_earths"}
    assert by_mineral["cobalt"]["china_share"] == pytest.approx(171.7 / 223.8)
    assert by_mineral["rare_earths"]["basis"] == "magnet_rare_earth_oxides"
    projections = rows(
        published,
        "select count(*) as n from fct_production_concentration where year > 2025",
    )
    assert projections[0]["n"] == 0


def test_stage_concentration_pairs_2024_production_with_baci_2024(published):
    paired = rows(
        published,
        "select mineral_id, mine_source, mine_edition from fct_stage_concentration "
        "where source = 'baci' and year = 2024 and mine_hhi is not null",
    )
    assert len(paired) >= 10
    assert {"lithium", "cobalt", "copper"} <= {r["mineral_id"] for r in paired}


def test_production_comes_from_the_registered_sources(published):
    # one row per source x series-year: the dbt test unique_combination on the mart
    from sources.registry import sources_of

    sources = rows(published, "select distinct source from fct_mineral_production order by 1")
    assert [r["source"] for r in sources] == sorted(s.name for s in sources_of("production"))
