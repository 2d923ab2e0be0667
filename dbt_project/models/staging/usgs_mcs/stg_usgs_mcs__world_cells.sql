-- A table, not a view: the raw Parquet files stay outside the published warehouse file.
{{ config(materialized='table') }}

-- One row per value cell of a USGS world table (every edition), with its harmonisation:
-- country -> ISO3 or aggregate, (commodity, Type, measure) -> mineral/stage/basis, unit -> t.
-- A footnote "e" glued to a country name (usgs_country_names.name_footnote) sets the
-- estimated flag on that row's reported figures.
with

cells as (
    select * from {{ source('usgs_mcs', 'usgs_mcs__world_production') }}
),

country_names as (
    select * from {{ ref('usgs_country_names') }}
),

series as (
    select * from {{ ref('usgs_production_series') }}
),

units as (
    select * from {{ ref('usgs_units') }}
),

superseded as (
    select * from {{ ref('usgs_superseded_files') }}
),

renamed as (
    select
        cells.edition,
        cells.source_file,
        cells.line_number,
        cells.column_name,
        cells.commodity_code,
        cells.country_raw,
        cells.country_name,
        cells.type_name,
        cells.measure,
        case
            when cells.measure like 'Prod%' then 'production'
            when cells.measure like 'Cap%' then 'capacity'
            when cells.measure like 'Reserves%' then 'reserves'
            else 'unnamed'
        end as measure_kind,
        -- reserves rows share the mapping of the production series of the same Type
        case when cells.measure like 'Reserves%' then 'Prod' else cells.measure end
            as series_measure,
        cells.year,
        cells.unit,
        cells.is_estimate_column,
        cells.value_raw,
        cells.value,
        cells.value_lower,
        cells.value_upper,
        cells.value_flag,
        cells.notes,
        superseded.source_file is not null as is_superseded_file
    from cells
    left join superseded on cells.source_file = superseded.source_file
),

final as (
    select
        renamed.* exclude (value_flag),
        -- a footnote "e" glued to the country name ("Japane") marks the figures estimated
        case
            when country_names.name_footnote = 'e' and renamed.value_flag = 'reported'
                then 'estimated'
            else renamed.value_flag
        end as value_flag,
        coalesce(country_names.name_footnote, '') as country_name_footnote,
        country_names.country_name is not null as is_country_mapped,
        country_names.iso3 as country_iso3,
        coalesce(country_names.is_aggregate, false) as is_aggregate,
        country_names.aggregate_kind,
        series.mineral_id,
        series.stage,
        series.basis,
        units.quantity_unit,
        renamed.value * units.to_quantity_unit as quantity,
        renamed.value_lower * units.to_quantity_unit as quantity_lower,
        renamed.value_upper * units.to_quantity_unit as quantity_upper
    from renamed
    left join country_names on renamed.country_name = country_names.country_name
    left join series
        on
            renamed.commodity_code = series.commodity_code
            and renamed.type_name = coalesce(series.type, '')
            and renamed.series_measure = series.measure
    left join units on renamed.unit = units.unit
)

select * from final
