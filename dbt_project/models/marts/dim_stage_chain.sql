-- The stage chain of each mineral (seeds/exposure/stage_chain.csv): its trade stages in
-- chain order, the stage below each, the HS codes mapped to it (hs_minerals), the codes some
-- trade source holds, those named in the chain but not held, and the production stages that
-- originate it (int_exposure__production_series). One row per mineral_id x trade_stage.
with

chain as (
    select * from {{ ref('stage_chain') }}
),

mapped as (
    select
        mineral_id,
        trade_stage,
        string_agg(distinct hs6, ' ' order by hs6) as hs6_codes_mapped
    from {{ ref('hs_minerals') }}
    group by mineral_id, trade_stage
),

held as (
    select
        mineral_id,
        stage as trade_stage,
        string_agg(distinct code.code, ' ' order by code.code) as hs6_codes_held,
        string_agg(distinct source, ' ' order by source) as trade_sources,
        min(year) as first_trade_year,
        max(year) as last_trade_year
    from {{ ref('dim_trade_coverage') }}
    cross join unnest(string_split(hs6_codes, ' ')) as code (code)
    where hs6_codes != ''
    group by mineral_id, stage
),

originated as (
    select
        mineral_id,
        trade_stage,
        string_agg(distinct production_stage, ' ' order by production_stage)
            as production_stages,
        string_agg(distinct production_source, ' ' order by production_source)
            as production_sources
    from {{ ref('int_exposure__production_series') }}
    group by mineral_id, trade_stage
),

final as (
    select
        chain.mineral_id,
        chain.trade_stage,
        chain.chain_order,
        chain.upstream_trade_stage,
        mapped.hs6_codes_mapped,
        held.hs6_codes_held,
        chain.codes_not_held,
        held.trade_sources,
        held.first_trade_year,
        held.last_trade_year,
        originated.production_stages,
        originated.production_sources,
        chain.note
    from chain
    left join mapped using (mineral_id, trade_stage)
    left join held using (mineral_id, trade_stage)
    left join originated using (mineral_id, trade_stage)
)

select * from final
