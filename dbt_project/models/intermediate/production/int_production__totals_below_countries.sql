{{ config(materialized='view') }}
-- A published world total covers its countries: the listed countries add up to no more than
-- var('world_total_misprint_factor') x the total, and no single country exceeds it beyond
-- rounding (var('world_total_rounding') x). A total below that is a misprint or a country
-- figure is wrong (a digit too many): never switched automatically. A reviewed row of
-- seeds/checks/world_total_misprints.csv lets int_production__concentration use the listed
-- sum (MCS2025 kaolin 2024); any other such series-year is a row here, naming the file, the
-- series, the year, its largest country, its value and the total, and the dbt test
-- assert_world_totals_cover_countries fails on it. A model of its own, so that the failed
-- test skips nothing downstream (dbt build skips the children of a failed test's parents):
-- int_production__jumps still runs and names a planted figure's jump too. A view: it is
-- always what its inputs say.
-- One row per source x mineral_id x stage x basis x year x edition.
with

concentration as (
    select * from {{ ref('int_production__concentration') }}
    where not is_world_total_misprinted and world_total_published > 0
),

countries as (
    select * from {{ ref('int_production__by_country') }}
),

aggregates as (
    select * from {{ ref('int_production__world_aggregates') }}
    where aggregate_kind in ('world_total', 'world_total_excluding_us')
),

largest as (
    select
        source,
        mineral_id,
        stage,
        basis,
        year,
        edition,
        arg_max(country_iso3, quantity) as country_iso3,
        max(quantity) as quantity,
        arg_max(value_raw, quantity) as value_raw,
        arg_max(source_files, quantity) as source_files
    from countries
    group by source, mineral_id, stage, basis, year, edition
),

total_files as (
    select
        source,
        mineral_id,
        stage,
        basis,
        year,
        edition,
        string_agg(source_files, '; ' order by source_files) as world_total_source_files
    from aggregates
    group by source, mineral_id, stage, basis, year, edition
),

final as (
    select
        concentration.source,
        largest.source_files as source_file,
        concentration.mineral_id,
        concentration.stage,
        concentration.basis,
        concentration.year,
        concentration.edition,
        largest.country_iso3,
        largest.value_raw,
        largest.quantity,
        concentration.world_total_published,
        concentration.listed_countries_quantity,
        concentration.quantity_unit,
        total_files.world_total_source_files,
        format(
            '{} {}: {} {} {} {} (edition {}): {} = {} {} (cell ''{}''), listed countries {},'
            || ' world total {}; expected the total to cover its countries: correct the'
            || ' figure, or add a reviewed row to seeds/checks/world_total_misprints.csv if'
            || ' the total is misprinted',
            concentration.source, largest.source_files, concentration.mineral_id,
            concentration.stage, concentration.basis, concentration.year,
            concentration.edition, largest.country_iso3, largest.quantity,
            concentration.quantity_unit, largest.value_raw,
            concentration.listed_countries_quantity, concentration.world_total_published
        )
            as message
    from concentration
    inner join largest
        using (source, mineral_id, stage, basis, year, edition)
    left join total_files
        using (source, mineral_id, stage, basis, year, edition)
    where
        concentration.listed_countries_quantity
        > {{ var('world_total_misprint_factor') }} * concentration.world_total_published
        or largest.quantity
        > {{ var('world_total_rounding') }} * concentration.world_total_published
)

select * from final
