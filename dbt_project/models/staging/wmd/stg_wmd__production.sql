-- One row per value cell of WMD table 6.4 (source_file x sheet x row x year), every edition,
-- and per production figure of table 6.5 (2024 edition, year 2022: one row per producer and
-- the Total; it has no r/e/p flags, so its figures are 'reported' as published), with the
-- harmonisation: (edition, sheet) -> mineral/stage/basis (seeds/wmd/wmd_sheets.csv, so renamed
-- sheets join one series), country -> ISO3 or aggregate, unit -> t, carat or m3.
-- Out-of-scope sheets (fuels) are kept with is_mapped = false.
with

table_6_4 as (
    select * from {{ source('wmd', 'wmd__production') }}
),

table_6_5 as (
    select * from {{ source('wmd', 'wmd__shares') }}
),

cells as (
    select
        edition,
        source_file,
        sheet,
        row_number,
        column_letter,
        country_raw,
        country_name,
        row_kind,
        unit,
        year,
        value_raw,
        value,
        data_source_raw,
        value_flag
    from table_6_4
    union all
    select
        edition,
        source_file,
        sheet,
        row_number,
        column_letter,
        country_raw,
        country_name,
        row_kind,
        unit,
        year,
        value_raw,
        value,
        null as data_source_raw,
        'reported' as value_flag
    from table_6_5
),

sheets as (
    select * from {{ ref('wmd_sheets') }}
),

country_names as (
    select * from {{ ref('wmd_country_names') }}
),

units as (
    select * from {{ ref('wmd_units') }}
),

renamed as (
    select
        'wmd' as source,
        cells.edition,
        cells.source_file,
        cells.sheet,
        trim(cells.sheet) as sheet_key,
        cells.row_number,
        cells.column_letter,
        cells.country_raw,
        cells.country_name,
        cells.row_kind,
        cells.unit,
        cells.year,
        cells.value_raw,
        cells.value,
        cells.data_source_raw,
        cells.value_flag
    from cells
),

final as (
    select
        renamed.source,
        renamed.edition,
        renamed.source_file,
        renamed.sheet,
        renamed.row_number,
        renamed.column_letter,
        sheets.mineral_id,
        sheets.stage,
        sheets.basis,
        renamed.country_name,
        country_names.iso3 as country_iso3,
        coalesce(country_names.is_aggregate, renamed.row_kind = 'total') as is_aggregate,
        country_names.aggregate_kind,
        renamed.year,
        renamed.value * units.to_quantity_unit as quantity,
        units.quantity_unit,
        renamed.value_raw,
        renamed.value_flag,
        false as is_projection,
        false as excludes_us,
        coalesce(sheets.in_scope and sheets.mineral_id is not null, false) as is_mapped,
        sheets.note,
        renamed.row_kind,
        renamed.unit,
        renamed.value,
        renamed.data_source_raw,
        renamed.country_raw,
        sheets.sheet is not null as is_sheet_mapped,
        coalesce(sheets.in_scope, false) as is_in_scope,
        country_names.country_name is not null as is_country_mapped
    from renamed
    left join sheets
        on renamed.edition = sheets.edition and renamed.sheet_key = sheets.sheet
    left join country_names on renamed.country_name = country_names.country_name
    left join units on renamed.unit = units.unit
)

select * from final
