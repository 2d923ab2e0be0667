{{ config(severity='warn', store_failures=true, schema='audit') }}
-- A reviewed exception that no longer matches anything has gone stale (the publisher
-- corrected the figure, or the file was re-landed): a row of seeds/checks/
-- world_total_misprints.csv whose series-year is not a misprinted total of that file, or a
-- row of seeds/checks/production_jump_exceptions.csv that explains no jump. Remove or update
-- it; warn only, the figures themselves are checked by assert_world_totals_cover_countries
-- and assert_production_jumps_reviewed.
with

misprints as (
    select * from {{ ref('world_total_misprints') }}
),

jump_exceptions as (
    select * from {{ ref('production_jump_exceptions') }}
),

concentration as (
    select * from {{ ref('int_production__concentration') }}
    where is_world_total_misprinted
),

jumps as (
    select * from {{ ref('int_production__jumps') }}
    where exception_reason is not null
),

unused_misprints as (
    select
        'world_total_misprints' as seed,
        misprints.source,
        misprints.source_file,
        misprints.mineral_id || ' ' || misprints.stage || ' ' || misprints.basis as series,
        misprints.year,
        misprints.edition
    from misprints
    anti join concentration
        on
            misprints.source = concentration.source
            and misprints.mineral_id = concentration.mineral_id
            and misprints.stage = concentration.stage
            and misprints.basis = concentration.basis
            and misprints.year = concentration.year
            and misprints.edition = concentration.edition
),

unused_jumps as (
    select
        'production_jump_exceptions' as seed,
        jump_exceptions.source,
        jump_exceptions.source_file,
        jump_exceptions.mineral_id || ' ' || jump_exceptions.stage || ' '
        || jump_exceptions.basis || ' ' || jump_exceptions.country_iso3 || ' '
        || jump_exceptions.compared_with as series,
        jump_exceptions.year,
        jump_exceptions.edition
    from jump_exceptions
    anti join jumps
        on
            jump_exceptions.source = jumps.source
            and jump_exceptions.mineral_id = jumps.mineral_id
            and jump_exceptions.stage = jumps.stage
            and jump_exceptions.basis = jumps.basis
            and jump_exceptions.country_iso3 = jumps.country_iso3
            and jump_exceptions.year = jumps.year
            and jump_exceptions.edition = jumps.edition
            and jump_exceptions.compared_with = jumps.compared_with
),

final as (
    select * from unused_misprints
    union all
    select * from unused_jumps
)

select * from final
