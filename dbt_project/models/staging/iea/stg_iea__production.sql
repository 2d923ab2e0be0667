-- IEA's supply figures in the conformed production columns (macros/production_sources.sql):
-- the country rows, the Total as the world total, and the residual "Other countries" as
-- Total minus the listed countries, not IEA's "Rest of world", which in four blocks also
-- holds the sixth listed country (countries + Rest of world exceed the Total by exactly
-- that country). One row per country cell, and two aggregate rows per block x year.
with

supply as (
    select * from {{ ref('stg_iea__mineral_supply') }}
    where is_mapped
),

countries as (
    select
        source,
        edition,
        mineral_id,
        stage,
        basis,
        country_iso3,
        country_name,
        year,
        quantity,
        quantity_unit,
        value_flag,
        value_raw,
        is_projection,
        source_file,
        is_mapped,
        is_aggregate,
        aggregate_kind,
        false as excludes_us
    from supply
    where not is_aggregate
),

totals as (
    select
        source,
        mineral_id,
        stage,
        basis,
        year,
        edition,
        max(quantity) filter (where aggregate_kind = 'world_total') as world_total,
        sum(quantity) filter (where not is_aggregate) as listed_quantity,
        any_value(quantity_unit) as quantity_unit,
        bool_or(is_projection) as is_projection,
        max(value_flag) filter (where aggregate_kind = 'world_total') as value_flag,
        max(value_raw) filter (where aggregate_kind = 'world_total') as value_raw,
        max(source_file) as source_file
    from supply
    group by source, mineral_id, stage, basis, year, edition
),

aggregates as (
    select
        totals.source,
        totals.edition,
        totals.mineral_id,
        totals.stage,
        totals.basis,
        cast(null as varchar) as country_iso3,
        residual.country_name,
        totals.year,
        case
            when residual.aggregate_kind = 'world_total' then totals.world_total
            else greatest(totals.world_total - totals.listed_quantity, 0)
        end as quantity,
        totals.quantity_unit,
        totals.value_flag,
        totals.value_raw,
        totals.is_projection,
        totals.source_file,
        true as is_mapped,
        true as is_aggregate,
        residual.aggregate_kind,
        false as excludes_us
    from totals
    cross join (
        values
        ('world_total', 'Total'),
        ('other_countries', 'Total minus listed countries')
    ) as residual (aggregate_kind, country_name)
),

final as (
    select * from countries
    union all
    select * from aggregates
)

select * from final
