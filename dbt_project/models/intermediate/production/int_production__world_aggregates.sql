-- Published aggregates (world total, world total excluding the US, "Other countries",
-- country groups) from every production source.
-- One row per source x mineral_id x stage x basis x year x edition x aggregate_kind.
--
-- IEA: the Total is the world total; the residual is Total minus the listed countries,
-- not IEA's "Rest of world", which in four blocks also holds the sixth listed country
-- (countries + Rest of world exceed the Total by exactly that country).
-- WMD: the Total row of each sheet (equal to the sum of its countries).
with

usgs as (
    select * from {{ ref('int_usgs_mcs__world_aggregates') }}
),

iea as (
    select * from {{ ref('stg_iea__mineral_supply') }}
    where is_mapped
),

wmd as (
    select * from {{ ref('stg_wmd__production') }}
    where is_mapped and is_aggregate
),

iea_totals as (
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
        max(value_flag) filter (where aggregate_kind = 'world_total') as value_flag
    from iea
    group by source, mineral_id, stage, basis, year, edition
),

final as (
    select
        'usgs_mcs' as source,
        mineral_id,
        stage,
        basis,
        year,
        edition,
        aggregate_kind,
        quantity,
        quantity_unit,
        value_flag,
        excludes_us,
        false as is_projection,
        usgs_names as source_names,
        n_source_rows
    from usgs
    union all
    select
        source,
        mineral_id,
        stage,
        basis,
        year,
        edition,
        'world_total' as aggregate_kind,
        world_total as quantity,
        quantity_unit,
        value_flag,
        false as excludes_us,
        is_projection,
        'Total' as source_names,
        1 as n_source_rows
    from iea_totals
    union all
    select
        source,
        mineral_id,
        stage,
        basis,
        year,
        edition,
        'other_countries' as aggregate_kind,
        greatest(world_total - listed_quantity, 0) as quantity,
        quantity_unit,
        value_flag,
        false as excludes_us,
        is_projection,
        'Total minus listed countries' as source_names,
        1 as n_source_rows
    from iea_totals
    union all
    select
        source,
        mineral_id,
        stage,
        basis,
        year,
        edition,
        aggregate_kind,
        sum(quantity) as quantity,
        any_value(quantity_unit) as quantity_unit,
        case
            when count(distinct value_flag) = 1 then any_value(value_flag) else 'mixed'
        end as value_flag,
        false as excludes_us,
        false as is_projection,
        string_agg(distinct country_name, '; ') as source_names,
        count(*) as n_source_rows
    from wmd
    group by source, mineral_id, stage, basis, year, edition, aggregate_kind
)

select * from final
