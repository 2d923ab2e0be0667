-- USGS aggregate rows (world total, world total excluding the US, other countries, country
-- groups) per mineral_id x stage x basis x year x edition x aggregate_kind.
with

cells as (
    select * from {{ ref('stg_usgs_mcs__world_cells') }}
    where
        measure_kind in ('production', 'capacity')
        and not is_superseded_file
        and is_aggregate
        and year is not null
),

final as (
    select
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
        -- USGS says so either in the name ("..., excluding United States") or in the notes
        bool_or(
            aggregate_kind = 'world_total_excluding_us'
            or notes ilike '%exclud% U.S. production%'
            or notes ilike '%excluding United States%'
        ) as excludes_us,
        string_agg(distinct country_name, '; ') as usgs_names,
        count(*) as n_source_rows
    from cells
    group by mineral_id, stage, basis, year, edition, aggregate_kind
)

select * from final
