-- fct_world_disruption: each world row's shortfall (t and USD), allocation and uncovered
-- remainder are the sums of its importers' rows. A failing row names the scenario, the
-- bloc and the two figures.
with

rows_ as (
    select * from {{ ref('fct_world_disruption') }}
),

importers as (
    select
        source,
        mineral_id,
        stage,
        year,
        scenario_id,
        loss_basis,
        friendly_bloc,
        sum(loss_t) as loss_t,
        sum(loss_usd) as loss_usd,
        sum(allocated_t) as allocated_t,
        sum(uncovered_t) as uncovered_t
    from rows_
    where row_kind = 'importer'
    group by all
),

world as (
    select * from rows_
    where row_kind = 'world'
),

compared as (
    select
        world.source,
        world.mineral_id,
        world.stage,
        world.year,
        world.scenario_id,
        world.loss_basis,
        world.friendly_bloc,
        world.loss_t as world_loss_t,
        importers.loss_t as importers_loss_t,
        world.loss_usd as world_loss_usd,
        importers.loss_usd as importers_loss_usd
    from world
    full join importers
        on
            world.source = importers.source
            and world.mineral_id = importers.mineral_id
            and world.stage = importers.stage
            and world.year = importers.year
            and world.scenario_id = importers.scenario_id
            and world.loss_basis = importers.loss_basis
            and world.friendly_bloc = importers.friendly_bloc
    where
        world.source is null
        or importers.source is null
        or abs(coalesce(world.loss_t, 0) - coalesce(importers.loss_t, 0))
        > 1e-6 * greatest(1, abs(coalesce(importers.loss_t, 0)))
        or abs(coalesce(world.loss_usd, 0) - coalesce(importers.loss_usd, 0))
        > 1e-6 * greatest(1, abs(coalesce(importers.loss_usd, 0)))
        or abs(coalesce(world.allocated_t, 0) - coalesce(importers.allocated_t, 0))
        > 1e-6 * greatest(1, abs(coalesce(importers.allocated_t, 0)))
        or abs(coalesce(world.uncovered_t, 0) - coalesce(importers.uncovered_t, 0))
        > 1e-6 * greatest(1, abs(coalesce(importers.uncovered_t, 0)))
)

select * from compared
