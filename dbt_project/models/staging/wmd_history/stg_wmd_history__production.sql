-- One row per value cell of the WMD table 6.4 compilation 1984-2017 (block x row x year),
-- with the columns of stg_wmd__production (sheet = the commodity block) and its
-- harmonisation: block -> mineral/stage/basis, country -> ISO3 (historical states keep their
-- own code) or aggregate, unit -> t, carat or m3. Out-of-scope blocks (fuels) are kept with
-- is_mapped = false, as is the vanadium block, whose basis is unresolved.
with

cells as (
    select * from {{ source('wmd_history', 'wmd_history__production') }}
),

blocks as (
    select * from {{ ref('wmd_history_blocks') }}
),

country_names as (
    select
        country_name,
        iso3,
        is_aggregate,
        aggregate_kind,
        false as is_historical_state
    from {{ ref('wmd_country_names') }}
    union all
    select
        country_name,
        iso3,
        is_aggregate,
        aggregate_kind,
        is_historical_state
    from {{ ref('wmd_history_country_names') }}
),

units as (
    select
        unit,
        quantity_unit,
        to_quantity_unit
    from {{ ref('wmd_units') }}
    union all
    select
        unit,
        quantity_unit,
        to_quantity_unit
    from {{ ref('wmd_history_units') }}
),

renamed as (
    select
        'wmd_history' as source,
        cells.edition,
        cells.source_file,
        cells.block as sheet,
        trim(cells.block) as block_key,
        cells.row_number,
        cells.column_letter,
        cells.country_raw,
        cells.country_name,
        cells.row_kind,
        cells.unit,
        cells.year,
        cells.value_raw,
        cells.value,
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
        blocks.mineral_id,
        blocks.stage,
        blocks.basis,
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
        coalesce(
            blocks.in_scope
            and blocks.mineral_id is not null
            and blocks.basis != 'unresolved',
            false
        ) as is_mapped,
        blocks.note,
        renamed.row_kind,
        renamed.unit,
        renamed.value,
        cast(null as varchar) as data_source_raw,
        renamed.country_raw,
        blocks.block is not null as is_sheet_mapped,
        coalesce(blocks.in_scope, false) as is_in_scope,
        country_names.country_name is not null as is_country_mapped,
        coalesce(country_names.is_historical_state, false) as is_historical_state
    from renamed
    left join blocks on renamed.block_key = blocks.block
    left join country_names on renamed.country_name = country_names.country_name
    left join units on renamed.unit = units.unit
)

select * from final
