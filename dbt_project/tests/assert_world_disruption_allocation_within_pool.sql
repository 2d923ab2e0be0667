-- fct_world_disruption: no importer gets more than its loss, the importers together get no
-- more than the friendly pool, and uncovered_t = loss_t - allocated_t. A failing row names
-- the scenario, the bloc, the importer (WLD: the sum) and the figures.
with

rows_ as (
    select * from {{ ref('fct_world_disruption') }}
),

pool_used as (
    select
        source,
        mineral_id,
        stage,
        year,
        scenario_id,
        loss_basis,
        friendly_bloc,
        'WLD (sum of importers)' as importer_iso3,
        sum(allocated_t) as allocated_t,
        sum(loss_t) as loss_t,
        any_value(friendly_pool_t) as friendly_pool_t
    from rows_
    where row_kind = 'importer'
    group by all
    having
        sum(allocated_t)
        > any_value(friendly_pool_t) + 1e-6 * greatest(1, any_value(friendly_pool_t))
),

importer_excess as (
    select
        source,
        mineral_id,
        stage,
        year,
        scenario_id,
        loss_basis,
        friendly_bloc,
        importer_iso3,
        allocated_t,
        loss_t,
        friendly_pool_t
    from rows_
    where
        allocated_t < 0
        or allocated_t > loss_t + 1e-6 * greatest(1, loss_t)
        or abs(uncovered_t - (loss_t - allocated_t)) > 1e-6 * greatest(1, loss_t)
)

select * from pool_used
union all
select * from importer_excess
