"""The audit's findings on the production and dependence marts, each pinned by a test."""

import pytest

from tests.orchestration.test_warehouse_contents import rows

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
