-- Where an importer's supply of a mineral at a stage really comes from: the share of its
-- imports whose mine or refinery origin is origin_iso3, traced back 1 to
-- var('embedded_origin_max_hops') trade hops through the exporters' pools (the pool
-- assumption: int_origin__pools, int_origin__routes; docs/metrics.md "Embedded origin").
-- One row per source x importer_iso3 x mineral_id x stage x year x hops x origin_iso3.
-- Per source x importer x mineral x stage x year x hops, origin shares sum to 1; an origin
-- that is not a country (an area such as "Areas, nes": origin_is_country false) cannot be
-- traced, and those rows sum to origin_unresolved_share. hops = 1 is the direct supplier
-- (fct_bilateral_dependence value shares).
with

routes as (
    select * from {{ ref('int_origin__routes') }}
),

parameters as (
    select * from {{ ref('int_origin__parameters') }}
),

coverage as (
    select * from {{ ref('dim_trade_coverage') }}
),

imports as (
    select
        source,
        importer_iso3,
        mineral_id,
        stage,
        year,
        sum(value_usd) as import_value_usd,
        sum(quantity_t) as import_quantity_t
    from {{ ref('fct_bilateral_dependence') }}
    group by all
),

groups as (
    select
        source,
        importer_iso3,
        mineral_id,
        stage,
        year,
        hops,
        coalesce(sum(share) filter (where route_kind = 'unspecified'), 0)
            as origin_unresolved_share,
        coalesce(sum(share) filter (where route_kind = 'untraced'), 0) as untraced_share
    from routes
    group by all
),

pool_sources as (
    -- the sources of the pools below a stage in that mineral-year: what the tracing of
    -- hops 2 and 3 may have read
    select
        chain.mineral_id,
        chain.trade_stage as stage,
        pools.year,
        string_agg(
            distinct coalesce(pools.trade_source, pools.production_source), ' '
            order by coalesce(pools.trade_source, pools.production_source)
        ) as pool_sources
    from {{ ref('stage_chain') }} as chain
    inner join {{ ref('int_origin__pools') }} as pools
        on chain.mineral_id = pools.mineral_id and chain.chain_order > pools.chain_order
    group by all
),

by_origin as (
    select
        source,
        importer_iso3,
        mineral_id,
        stage,
        year,
        hops,
        origin_iso3,
        bool_and(route_kind != 'unspecified') as origin_is_country,
        sum(share) as origin_share,
        coalesce(sum(share) filter (where via_iso3 = origin_iso3), 0) as origin_share_direct,
        coalesce(sum(share) filter (where via_iso3 != origin_iso3), 0) as origin_share_via_others,
        coalesce(sum(share) filter (where route_kind = 'untraced'), 0) as origin_share_untraced
    from routes
    group by all
),

final as (
    select
        by_origin.*,
        by_origin.origin_share * imports.import_value_usd as origin_value_usd,
        imports.import_value_usd,
        imports.import_quantity_t,
        groups.origin_unresolved_share,
        groups.untraced_share,
        case when by_origin.hops > 1 then pool_sources.pool_sources end as pool_sources,
        parameters.home_use_share,
        parameters.production_weight,
        parameters.upstream_basis,
        {{ trade_coverage_columns('coverage') }}
    from by_origin
    inner join groups using (source, importer_iso3, mineral_id, stage, year, hops)
    inner join imports using (source, importer_iso3, mineral_id, stage, year)
    inner join parameters using (mineral_id)
    left join pool_sources using (mineral_id, stage, year)
    left join coverage using (source, mineral_id, stage, year)
)

select * from final
