-- USGS's production and capacity figures in the conformed production columns
-- (macros/production_sources.sql): country rows and the aggregates USGS publishes (world
-- total, world total excluding the US, "Other countries", country groups), from the files
-- no later release supersedes. One row per value cell.
with

cells as (
    select * from {{ ref('stg_usgs_mcs__world_cells') }}
    where
        measure_kind in ('production', 'capacity')
        and not is_superseded_file
),

final as (
    select
        'usgs_mcs' as source,
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
        false as is_projection,
        source_file,
        true as is_mapped,
        is_aggregate,
        aggregate_kind,
        -- USGS says so either in the name ("..., excluding United States") or in the notes
        (
            aggregate_kind = 'world_total_excluding_us'
            or notes ilike '%exclud% U.S. production%'
            or notes ilike '%excluding United States%'
        ) as excludes_us
    from cells
)

select * from final
