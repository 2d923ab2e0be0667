-- Reserves by country as USGS's world tables publish them (the Reserves columns of
-- MCS2023-2025, the reserves rows of the MCS2026 long file), every edition kept. Only cells
-- that carry something: blank cells and "XX" (not applicable, e.g. the refinery rows of a
-- table whose reserves sit on the mine row) are left out; NA, W and bounds stay with their
-- flag. Reserves rows share the mineral/stage/basis mapping of the production series of the
-- same Type, except recoverable-ore reserves (potash "Reserves_ore", "Reserves, recoverable
-- ore"), which are gross ore weight, not K2O. The year is the one the column names; MCS2023
-- and MCS2024 name none for most tables, and their reserves are as of the year before the
-- edition (is_year_implied). The unit: the one the notes name where they name one (MCS2025
-- iron ore: unit column "thousand metric tons", notes "Crude Ore, million metric tons"), else
-- the table's unit column. Files superseded by usgs_superseded_files are left out.
-- One row per edition x mineral_id x usgs_series x usgs_measure x country x year.
with

cells as (
    select * from {{ ref('stg_usgs_mcs__world_cells') }}
    where
        measure_kind = 'reserves'
        and not is_superseded_file
        and value_flag not in ('missing', 'not_applicable')
),

units as (
    select * from {{ ref('usgs_units') }}
),

named as (
    select
        *,
        case regexp_extract(lower(coalesce(notes, '')), '(million|thousand) metric tons', 1)
            when 'million' then 'Mt'
            when 'thousand' then 'kt'
        end as notes_unit
    from cells
),

final as (
    select
        named.edition,
        named.mineral_id,
        named.stage,
        case
            when
                named.measure = 'Reserves_ore'
                or named.type_name ilike '%recoverable ore%'
                then 'gross_weight__recoverable_ore'
            else named.basis
        end as basis,
        named.commodity_code,
        named.type_name as usgs_series,
        named.measure as usgs_measure,
        named.country_name,
        named.country_iso3,
        named.is_aggregate,
        named.aggregate_kind,
        coalesce(named.year, named.edition - 1) as year,
        named.year is null as is_year_implied,
        named.value_raw,
        named.value,
        named.value_lower,
        named.value_upper,
        named.value_flag,
        named.unit as table_unit,
        named.notes_unit,
        coalesce(named.notes_unit, named.unit) as unit,
        named.value * units.to_quantity_unit as quantity,
        named.value_lower * units.to_quantity_unit as quantity_lower,
        named.value_upper * units.to_quantity_unit as quantity_upper,
        units.quantity_unit,
        named.notes,
        named.source_file,
        named.line_number,
        named.column_name
    from named
    left join units on coalesce(named.notes_unit, named.unit) = units.unit
)

select * from final
