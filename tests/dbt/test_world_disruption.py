"""World stop scenarios (fct_world_disruption) and N-1 (fct_production_n_minus_1) in the
published warehouse, reproduced from the raw BACI and USGS MCS files landed by the build."""

import duckdb
import pytest

from tests.support.sql import rows

pytestmark = pytest.mark.build

MAGNETS = "mineral_id = 'rare_earths' and stage = 'product' and year = 2024"


def raw_parquet(built_warehouse, *parts: str) -> str:
    return str(built_warehouse.root.joinpath("raw", *parts, "*", "*.parquet"))


def test_world_china_stop_for_magnets_is_all_imports_from_china(built_warehouse, published):
    flows = raw_parquet(built_warehouse, "baci", "baci__trade_flows")
    with duckdb.connect() as con:
        raw_t, raw_usd = con.execute(
            "select sum(quantity_t), sum(value_kusd) * 1000 from read_parquet(?) "
            "where year = 2024 and hs6 = '850511' and exporter_iso3 = 'CHN' "
            "and importer_iso3 != 'CHN'",
            [flows],
        ).fetchone()
    world = rows(
        published,
        "select friendly_bloc, loss_t, loss_usd, supplier_set, cut_fraction "
        f"from fct_world_disruption where source = 'baci' and {MAGNETS} "
        "and scenario_id = 'CHN' and row_kind = 'world' and loss_basis = 'direct' "
        "order by friendly_bloc",
    )
    assert [w["friendly_bloc"] for w in world] == ["BRICS", "MSP"]
    for row in world:
        assert (row["supplier_set"], row["cut_fraction"]) == ("CHN", 1.0)
        assert row["loss_t"] == pytest.approx(raw_t, rel=1e-9)
        assert row["loss_usd"] == pytest.approx(raw_usd, rel=1e-9)
    (importers,) = rows(
        published,
        "select sum(loss_t) as loss_t, count(*) as n from fct_world_disruption "
        f"where source = 'baci' and {MAGNETS} and scenario_id = 'CHN' "
        "and friendly_bloc = 'MSP' and row_kind = 'importer' and loss_basis = 'direct'",
    )
    assert importers["loss_t"] == pytest.approx(raw_t, rel=1e-9)
    assert importers["n"] > 100  # the world, not five importers


def test_msp_pool_is_its_exports_to_non_members_shared_pro_rata(built_warehouse, published):
    flows = raw_parquet(built_warehouse, "baci", "baci__trade_flows")
    members = [
        r["country_iso3"]
        for r in rows(
            published,
            "select country_iso3 from intermediate.int_exposure__bloc_members "
            "where bloc_id = 'MSP' and year = 2024 and not is_eu_participant",
        )
    ]
    assert {"USA", "JPN", "DEU"} <= set(members)
    with duckdb.connect() as con:
        (raw_pool,) = con.execute(
            "select sum(quantity_t) from read_parquet(?) where year = 2024 "
            "and hs6 = '850511' and list_contains(?, exporter_iso3) "
            "and not list_contains(?, importer_iso3)",
            [flows, members, members],
        ).fetchone()
    shares = rows(
        published,
        "select row_kind, importer_iso3, loss_t, friendly_pool_t, allocated_t, uncovered_t, "
        "allocation_rule from fct_world_disruption "
        f"where source = 'baci' and {MAGNETS} and scenario_id = 'CHN' and friendly_bloc = 'MSP' "
        "and loss_basis = 'direct'",
    )
    world = next(r for r in shares if r["row_kind"] == "world")
    assert world["friendly_pool_t"] == pytest.approx(raw_pool, rel=1e-9)
    # the pool is far below the world's loss: all of it is shared out, every importer
    # getting the same fraction of its loss (the default rule)
    assert world["friendly_pool_t"] < 0.2 * world["loss_t"]
    assert world["allocated_t"] == pytest.approx(raw_pool, rel=1e-9)
    fraction = raw_pool / world["loss_t"]
    for row in shares:
        assert row["allocation_rule"] == "pro_rata"
        if row["loss_t"] is None:  # a flow without a quantity: nothing to share
            assert row["allocated_t"] is None
            continue
        assert row["allocated_t"] == pytest.approx(fraction * row["loss_t"], rel=1e-9)
        assert row["uncovered_t"] == pytest.approx(row["loss_t"] - row["allocated_t"], abs=1e-6)


def test_n_minus_1_rare_earth_mines_from_raw_usgs(built_warehouse, published):
    files = raw_parquet(built_warehouse, "usgs_mcs", "usgs_mcs__world_production")
    with duckdb.connect() as con:
        world, top = con.execute(
            "select max(value) filter (where country_name = 'World total'), "
            "max(value) filter (where country_name not in ('World total', 'Other countries')) "
            "from read_parquet(?) where edition = 2026 and commodity_code = 'raree' "
            "and type_name = 'Mine production' and year = 2024",
            [files],
        ).fetchone()
    (n_minus_1,) = rows(
        published,
        "select stopped_producer_iso3, world_supply_left_share, world_supply_left "
        "from fct_production_n_minus_1 where source = 'usgs_mcs' and mineral_id = 'rare_earths' "
        "and stage = 'mine' and year = 2024 and is_primary_basis",
    )
    assert n_minus_1["stopped_producer_iso3"] == "CHN"
    assert n_minus_1["world_supply_left_share"] == pytest.approx(1 - top / world)
    assert n_minus_1["world_supply_left"] == pytest.approx(world - top)


def test_embedded_loss_adds_what_third_countries_carry(published):
    """China stops: on the embedded basis each importer also loses the part of its purchases
    from third countries traced to Chinese material (int_origin__routes, three hops), in USD
    that part of its imports; never less than the direct loss."""
    losses = rows(
        published,
        "select importer_iso3, loss_basis, loss_usd from fct_world_disruption "
        "where source = 'baci' and mineral_id = 'cobalt' and stage = 'intermediate' "
        "and year = 2024 and scenario_id = 'CHN' and friendly_bloc = 'MSP' "
        "and row_kind = 'importer'",
    )
    by_importer: dict = {}
    for row in losses:
        by_importer.setdefault(row["importer_iso3"], {})[row["loss_basis"]] = row["loss_usd"]
    carried = {
        r["importer_iso3"]: r["carried_usd"]
        for r in rows(
            published,
            "select r.importer_iso3, sum(r.share * i.import_usd) as carried_usd "
            "from intermediate.int_origin__routes as r inner join ("
            "  select importer_iso3, sum(value_usd) as import_usd "
            "  from intermediate.int_trade__mineral_flows "
            "  where source = 'baci' and year = 2024 and mineral_id = 'cobalt' "
            "  and trade_stage = 'intermediate' group by 1"
            ") as i using (importer_iso3) "
            "where r.source = 'baci' and r.mineral_id = 'cobalt' and r.stage = 'intermediate' "
            "and r.year = 2024 and r.hops = 3 and r.origin_iso3 = 'CHN' and r.via_iso3 != 'CHN' "
            "and r.importer_iso3 != 'CHN' group by 1",
        )
    }
    assert carried and sum(carried.values()) > 0
    for importer, loss in by_importer.items():
        extra = carried.get(importer, 0)
        assert loss["embedded"] == pytest.approx(loss.get("direct", 0) + extra, rel=1e-9)
