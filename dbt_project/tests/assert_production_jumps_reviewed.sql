{{ config(store_failures=true, schema='audit') }}
-- A country figure material to its series that jumps beyond var('production_jump_factor')
-- either way against the previous edition (same year) or against both neighbouring years of
-- its edition (a spike) is a digit too many or too few, or a unit misread, unless a reviewed
-- row of seeds/checks/production_jump_exceptions.csv explains it (int_production__jumps).
-- One row per unexplained jump, naming the file, the series, the year and both values.
with

jumps as (
    select * from {{ ref('int_production__jumps') }}
    where exception_reason is null
),

final as (
    select
        *,
        format(
            '{} {}: {} {} {} {} {} (edition {}) = {} {} (cell ''{}''), x{} against the {} {}'
            || ' of {} ({}% of the series'' world total); expected within'
            || ' x{{ var("production_jump_factor") }}: correct the figure, or add a reviewed'
            || ' row to seeds/checks/production_jump_exceptions.csv (compared_with {}) if it'
            || ' is real',
            source, source_files, mineral_id, stage, basis, country_iso3, year, edition,
            quantity, quantity_unit, value_raw, round(factor, 1), compared_quantity,
            quantity_unit, compared_figures, round(100 * material_share, 1), compared_with
        )
            as message
    from jumps
)

select * from final
