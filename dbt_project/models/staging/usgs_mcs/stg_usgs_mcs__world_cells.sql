-- A table, not a view: the raw Parquet files stay outside the published warehouse file.
{{ config(materialized='table') }}

-- One row per value cell of a USGS world table (every edition), with its harmonisation:
-- country -> ISO3 or aggregate, (commodity, Type, measure) -> mineral/stage/basis, unit -> t.
-- A footnote "e" glued to a country name (usgs_country_names.name_footnote) sets the
-- estimated flag on that row's reported figures.
-- Where a file says something its cells contradict, reviewed seeds correct the reading, each
-- row with its reason: usgs_unit_corrections (a unit label the file's own notes contradict:
-- `unit` is the corrected code, `unit_published` the label as published) and
-- usgs_series_overrides (a row filed under another TYPE than its country cell or notes say:
-- `series_type` is the TYPE the series mapping reads, for the seed's measure (Prod: also the
-- reserves of that TYPE); an empty country_name or notes in the seed matches any).
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

unit_corrections as (
    select * from {{ ref('usgs_unit_corrections') }}
),

series_overrides as (
    select * from {{ ref('usgs_series_overrides') }}
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
        coalesce(unit_corrections.corrected_unit, cells.unit) as unit,
        cells.unit as unit_published,
        unit_corrections.reason as unit_correction_reason,
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
    left join unit_corrections
        on
            cells.source_file = unit_corrections.source_file
            and cells.commodity_code = unit_corrections.commodity_code
            and cells.unit = unit_corrections.unit
),

overridden as (
    select
        renamed.*,
        coalesce(series_overrides.series_type, renamed.type_name) as series_type,
        series_overrides.reason as series_override_reason
    from renamed
    left join series_overrides
        on
            renamed.source_file = series_overrides.source_file
            and renamed.commodity_code = series_overrides.commodity_code
            and renamed.type_name = series_overrides.type
            and renamed.series_measure = series_overrides.measure
            and coalesce(series_overrides.country_name, renamed.country_name, '')
            = coalesce(renamed.country_name, '')
            and lower(coalesce(series_overrides.notes, renamed.notes, ''))
            = lower(coalesce(renamed.notes, ''))
),

final as (
    select
        overridden.* exclude (value_flag),
        -- a footnote "e" glued to the country name ("Japane") marks the figures estimated
        case
            when country_names.name_footnote = 'e' and overridden.value_flag = 'reported'
                then 'estimated'
            else overridden.value_flag
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
        overridden.value * units.to_quantity_unit as quantity,
        overridden.value_lower * units.to_quantity_unit as quantity_lower,
        overridden.value_upper * units.to_quantity_unit as quantity_upper
    from overridden
    left join country_names on overridden.country_name = country_names.country_name
    left join series
        on
            overridden.commodity_code = series.commodity_code
            and overridden.series_type = coalesce(series.type, '')
            and overridden.series_measure = series.measure
    left join units on overridden.unit = units.unit
)

select * from final
