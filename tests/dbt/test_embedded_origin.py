"""Origin tracing (fct_embedded_origin_share): the models' SQL, as the session build compiled
and ran it, run again on small hand-made inputs whose answer is known; and the published
figures checked against the flows they are traced from."""

import json
import math

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.sql import rows

pytestmark = pytest.mark.build

# the models of the tracing, in build order, and the schema each lands in
MODELS = [
    ("intermediate", "int_origin__parameters"),
    ("intermediate", "int_origin__pools"),
    ("intermediate", "int_origin__routes"),
    ("main", "fct_embedded_origin_share"),
]
# the relations they read, with the columns they use
INPUTS = {
    "reference.stage_chain": "mineral_id varchar, trade_stage varchar, chain_order integer, "
    "upstream_trade_stage varchar, codes_not_held varchar, note varchar",
    "reference.embedded_origin_parameters": "mineral_id varchar, home_use_share double, "
    "production_weight double, upstream_basis varchar, note varchar",
    "main.dim_country": "country_iso3 varchar, is_country boolean",
    "main.fct_bilateral_dependence": "source varchar, importer_iso3 varchar, "
    "supplier_iso3 varchar, mineral_id varchar, stage varchar, year bigint, value_usd double, "
    "quantity_t double, value_share double, completeness varchar",
    "intermediate.int_exposure__production_series": "mineral_id varchar, trade_stage varchar, "
    "year bigint, production_source varchar, production_stage varchar, "
    "production_basis varchar",
    "intermediate.int_exposure__production_shares": "source varchar, mineral_id varchar, "
    "stage varchar, basis varchar, year bigint, country_iso3 varchar, quantity double, "
    "quantity_unit varchar",
    "main.dim_trade_coverage": "source varchar, mineral_id varchar, stage varchar, year bigint, "
    "hs6_codes varchar, hs6_codes_missing varchar, is_partial_coverage boolean, "
    "completeness varchar, is_default_series boolean",
}
YEAR = 2024
# a two-stage chain: ore (mined), refined from ore
CHAIN = [
    ("testium", "ore_concentrate", 1, None, None, "ore"),
    ("testium", "intermediate", 2, "ore_concentrate", None, "refined from ore"),
]


@pytest.fixture(scope="module")
def compiled_models(built_warehouse) -> dict[str, str]:
    """The SQL of each tracing model as the session build compiled and ran it."""
    run_results = built_warehouse.build.parent / "dbt_run_results.json"
    results = json.loads(run_results.read_text(encoding="utf-8"))["results"]
    by_name = {r["unique_id"].split(".")[-1]: r["compiled_code"] for r in results}
    return {name: by_name[name] for _, name in MODELS}


def trace(compiled: dict, bilateral: list, production: list, countries: list) -> list[dict]:
    """Run the tracing models on hand-made inputs in a fresh in-memory catalog named as the
    build's; the rows of fct_embedded_origin_share.
    bilateral: (importer, supplier, stage, value_usd, quantity_t);
    production: (country, trade stage, tonnes): the stage's own production series."""
    con = duckdb.connect()
    con.execute("attach ':memory:' as minerals")
    con.execute("use minerals")
    for schema in ("main", "intermediate", "reference"):
        con.execute(f"create schema if not exists {schema}")
    for relation, columns in INPUTS.items():
        con.execute(f"create table {relation} ({columns})")
    con.executemany("insert into reference.stage_chain values (?, ?, ?, ?, ?, ?)", CHAIN)
    con.execute(
        "insert into reference.embedded_origin_parameters values "
        "('*', 0.0, 1.0, 'production_and_trade', 'defaults')"
    )
    con.executemany(
        "insert into main.dim_country values (?, ?)",
        [(c, not c.startswith("X")) for c in countries],
    )
    totals: dict = {}
    for importer, _, stage, value, _ in bilateral:
        totals[importer, stage] = totals.get((importer, stage), 0) + value
    con.executemany(
        "insert into main.fct_bilateral_dependence values (?, ?, ?, 'testium', ?, ?, ?, ?, ?, ?)",
        [
            ("baci", imp, sup, stage, YEAR, value, qty, value / totals[imp, stage], "complete")
            for imp, sup, stage, value, qty in bilateral
        ],
    )
    for stage in {stage for _, stage, _ in production}:
        con.execute(
            "insert into intermediate.int_exposure__production_series values "
            "('testium', ?, ?, 'usgs_mcs', ?, 'gross_weight')",
            [stage, YEAR, f"{stage}_production"],
        )
    for country, stage, tonnes in production:
        con.execute(
            "insert into intermediate.int_exposure__production_shares values "
            "('usgs_mcs', 'testium', ?, 'gross_weight', ?, ?, ?, 't')",
            [f"{stage}_production", YEAR, country, tonnes],
        )
    for schema, name in MODELS:
        con.execute(f"create table {schema}.{name} as {compiled[name]}")
    return rows(con, "select * from main.fct_embedded_origin_share order by hops, origin_iso3")


def shares(result: list, importer: str, stage: str, hops: int) -> dict:
    return {
        r["origin_iso3"]: r["origin_share"]
        for r in result
        if r["importer_iso3"] == importer and r["stage"] == stage and r["hops"] == hops
    }


def test_ore_mined_in_a_refined_in_b_bought_by_c(compiled_models):
    """A mines 100 t; B mines 50 t and buys 150 t of A's ore, refines it and sells it to C.
    C buys all its refined testium from B: one hop back it is B's; two hops back B's pool is
    50 t of its own ore and 150 t of A's, so C's supply is 3/4 A's and 1/4 B's. A is at the
    chain's first stage: a third hop changes nothing."""
    result = trace(
        compiled_models,
        bilateral=[("B", "A", "ore_concentrate", 600.0, 150.0), ("C", "B", "intermediate", 1e3, 9)],
        production=[("A", "ore_concentrate", 100.0), ("B", "ore_concentrate", 50.0)],
        countries=["A", "B", "C"],
    )
    assert shares(result, "C", "intermediate", 1) == {"B": 1.0}
    for hops in (2, 3):
        assert shares(result, "C", "intermediate", hops) == pytest.approx(
            {"A": 0.75, "B": 0.25}, abs=1e-12
        )
    (a_via_b,) = [
        r for r in result if (r["importer_iso3"], r["hops"], r["origin_iso3"]) == ("C", 2, "A")
    ]
    assert a_via_b["origin_share_via_others"] == pytest.approx(0.75)
    assert a_via_b["origin_value_usd"] == pytest.approx(750.0)
    assert a_via_b["untraced_share"] == 0 and a_via_b["origin_unresolved_share"] == 0


def test_what_cannot_be_traced_is_said(compiled_models):
    """C buys a fifth from an area that is not a country (unresolved) and the rest from B,
    which exports refined testium with no figures below (untraced: B stays its origin)."""
    result = trace(
        compiled_models,
        bilateral=[("C", "XNS", "intermediate", 200.0, 2), ("C", "B", "intermediate", 800.0, 8)],
        production=[],
        countries=["B", "C", "XNS"],
    )
    for hops in (1, 2, 3):
        group = [r for r in result if r["hops"] == hops]
        assert sum(r["origin_share"] for r in group) == pytest.approx(1, abs=1e-9)
        assert [r["origin_unresolved_share"] for r in group] == pytest.approx([0.2] * len(group))
    (b_traced,) = [r for r in result if r["hops"] == 3 and r["origin_iso3"] == "B"]
    assert b_traced["untraced_share"] == pytest.approx(0.8)
    assert b_traced["origin_share_untraced"] == pytest.approx(0.8)


COUNTRIES = ["CHN", "JPN", "VNM", "DEU", "USA"]


def chinese_pool(draw, floor: float) -> tuple[int, int]:
    """Tonnes of Chinese and other material in a pool whose Chinese share is >= floor."""
    chinese, other = draw(st.integers(0, 1000)), draw(st.integers(0, 1000))
    if floor >= 1:
        return max(chinese, 1), 0
    if chinese + other == 0 or chinese < floor * (chinese + other):
        chinese = math.ceil(floor * other / (1 - floor)) + 1
    return chinese, other


@st.composite
def world(draw):
    """The US buys refined testium from random suppliers (China among them); every supplier,
    China included, draws at least the US's direct Chinese share of its ore from China:
    China from its own mines (the rest bought from Germany), the others from China (the rest
    their own mines)."""
    bought = {c: draw(st.integers(0, 100)) for c in COUNTRIES[:4]}
    bought["CHN"] = bought["CHN"] or (0 if any(bought.values()) else 1)
    china_direct = bought["CHN"] / sum(bought.values())
    bilateral = [("USA", c, "intermediate", float(v), 1.0) for c, v in bought.items() if v]
    production = []
    for supplier in (c for c, v in bought.items() if v):
        chinese, other = chinese_pool(draw, china_direct)
        if supplier == "CHN":
            production.append(("CHN", "ore_concentrate", float(chinese)))
            bilateral.append(("CHN", "DEU", "ore_concentrate", 1.0, float(other)))
        else:
            bilateral.append((supplier, "CHN", "ore_concentrate", 1.0, float(chinese)))
            production.append((supplier, "ore_concentrate", float(other)))
    return bilateral, production


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=world())
def test_embedded_chinese_share_never_below_the_direct_one(compiled_models, case):
    bilateral, production = case
    result = trace(compiled_models, bilateral, production, COUNTRIES)
    direct = shares(result, "USA", "intermediate", 1).get("CHN", 0)
    for hops in (2, 3):
        assert shares(result, "USA", "intermediate", hops).get("CHN", 0) >= direct - 1e-9


def test_us_magnets_via_japan_carry_japans_chinese_compounds(published):
    """2018, the atlas flows (values) for magnets: the Chinese origin the US receives through
    Japan is the US's share of magnets bought from Japan times China's share (tonnes) of
    Japan's rare-earth compound imports in the BACI panel, read from the staging flows."""
    (us_japan,) = rows(
        published,
        "select sum(value_usd) filter (where exporter_iso3 = 'JPN') / sum(value_usd) as share "
        "from staging.stg_atlas_flows__flows where importer_iso3 = 'USA' and year = 2018 "
        "and hs6 = '850511'",
    )
    (japan_china,) = rows(
        published,
        "select sum(quantity_t) filter (where exporter_iso3 = 'CHN') / sum(quantity_t) as share "
        "from staging.stg_baci_panels__flows where importer_iso3 = 'JPN' and year = 2018 "
        "and hs6 in ('284610', '284690') and quantity_t > 0",
    )
    (traced,) = rows(
        published,
        "select sum(share) as share from intermediate.int_origin__routes "
        "where source = 'atlas_flows' and importer_iso3 = 'USA' and mineral_id = 'rare_earths' "
        "and stage = 'product' and year = 2018 and hops = 2 and via_iso3 = 'JPN' "
        "and origin_iso3 = 'CHN'",
    )
    assert 0.3 < japan_china["share"] < 1 and us_japan["share"] > 0.05
    assert traced["share"] == pytest.approx(us_japan["share"] * japan_china["share"], rel=1e-9)


def test_hidden_dependence_headline_adds_the_carriers(published):
    (row,) = rows(
        published,
        "select * from fct_hidden_dependence where source = 'atlas_flows' "
        "and importer_iso3 = 'USA' and mineral_id = 'rare_earths' and stage = 'product' "
        "and year = 2018",
    )
    assert row["embedded_china_share"] > row["direct_china_share"] > 0.5
    assert row["hidden_china_share"] == pytest.approx(
        row["embedded_china_share"] - row["direct_china_share"]
    )
    assert row["top_china_carriers"].startswith("JPN ")


def test_mutual_leverage_sets_both_dependences_side_by_side(published):
    """Rare-earth magnets, BACI 2024: the US's dependence on China is its China share in
    fct_import_dependence; China's on the US is the US's share of China's imports; China's
    on the EU27 is its members' shares together."""
    where = "source = 'baci' and mineral_id = 'rare_earths' and stage = 'product' and year = 2024"
    leverage = {
        r["partner_iso3"]: r
        for r in rows(published, f"select * from fct_mutual_leverage where {where}")
    }
    (us,) = rows(
        published,
        f"select china_share from fct_import_dependence where {where} and importer_iso3 = 'USA'",
    )
    china_from = {
        r["supplier_iso3"]: r["value_share"]
        for r in rows(
            published,
            "select supplier_iso3, value_share from fct_bilateral_dependence "
            f"where {where} and importer_iso3 = 'CHN'",
        )
    }
    members = {
        r["country_iso3"]
        for r in rows(
            published,
            "select country_iso3 from intermediate.int_trade__eu27_members where year = 2024",
        )
    }
    assert leverage["USA"]["partner_on_china_direct"] == pytest.approx(us["china_share"])
    assert leverage["USA"]["china_on_partner_direct"] == pytest.approx(china_from.get("USA", 0))
    assert leverage["EU27"]["china_on_partner_direct"] == pytest.approx(
        sum(share for country, share in china_from.items() if country in members)
    )
    assert leverage["USA"]["leverage_of_china"] == pytest.approx(
        leverage["USA"]["partner_on_china_embedded"] - leverage["USA"]["china_on_partner_embedded"]
    )
