-- Each country's share of world supply, by measure: production_<source> (usgs_mcs, wmd,
-- iea: latest edition, the primary basis of int_exposure__production_shares, shares of
-- fct_production_concentration's denominators) or exports_<source> (baci, comtrade: value
-- shares of all flows of the source, as fct_export_concentration; quantity_share in t).
-- One row per measure x mineral_id x stage x year x country_iso3 (exporters include
-- unspecified areas: is_country false).
with

production as (
    select * from {{ ref('int_exposure__production_shares') }}
    where is_primary_basis
),

flows as (
    select * from {{ ref('int_trade__mineral_flows') }}
    where covers_world  -- world supply: complete and top-partner sources only
),

areas as (
    select * from {{ ref('dim_country') }}
),

production_rows as (
    select
        'production_' || source as measure,
        'production' as measure_kind,
        source,
        mineral_id,
        stage,
        basis,
        year,
        country_iso3,
        quantity,
        cast(null as double) as value_usd,
        share,
        cast(null as double) as quantity_share,
        share_denominator as world_total,
        quantity_unit,
        value_flag,
        false as is_shared,
        is_world_total_below_listed
    from production
),

exporters as (
    select
        source,
        mineral_id,
        trade_stage as stage,
        year,
        exporter_iso3 as country_iso3,
        sum(value_usd) as value_usd,
        sum(quantity_t) as quantity_t,
        bool_or(is_shared) as is_shared
    from flows
    group by source, mineral_id, trade_stage, year, exporter_iso3
),

export_rows as (
    select
        'exports_' || source as measure,
        'exports' as measure_kind,
        source,
        mineral_id,
        stage,
        cast(null as varchar) as basis,
        year,
        country_iso3,
        quantity_t as quantity,
        value_usd,
        value_usd
        / nullif(sum(value_usd) over (partition by source, mineral_id, stage, year), 0)
            as share,
        quantity_t
        / nullif(sum(quantity_t) over (partition by source, mineral_id, stage, year), 0)
            as quantity_share,
        sum(value_usd) over (partition by source, mineral_id, stage, year) as world_total,
        'usd' as quantity_unit,
        cast(null as varchar) as value_flag,
        is_shared,
        -- exports: shares of the sum of all flows, never above 1
        false as is_world_total_below_listed
    from exporters
),

supply as (
    select * from production_rows
    union all
    select * from export_rows
),

final as (
    select
        supply.*,
        coalesce(areas.is_country, false) as is_country
    from supply
    left join areas on supply.country_iso3 = areas.country_iso3
)

select * from final
