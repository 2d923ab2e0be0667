-- Production and capacity per country, one row per
-- mineral_id x stage x basis x country_iso3 x year x edition.
-- Several USGS rows of one country (e.g. helium "United States (extracted from natural gas)"
-- and "(from Cliffside Field)") are summed; their names and flags are kept.
with

cells as (
    select * from {{ ref('stg_usgs_mcs__world_cells') }}
    where
        measure_kind in ('production', 'capacity')
        and not is_superseded_file
        and not is_aggregate
        and year is not null
),

final as (
    select
        mineral_id,
        stage,
        basis,
        country_iso3,
        year,
        edition,
        sum(quantity) as quantity,
        any_value(quantity_unit) as quantity_unit,
        count(distinct quantity_unit) as n_quantity_units,
        case
            when count(distinct value_flag) = 1 then any_value(value_flag) else 'mixed'
        end as value_flag,
        string_agg(distinct value_raw, ' + ') as value_raw,
        string_agg(distinct country_name, '; ') as usgs_country_names,
        string_agg(distinct source_file, '; ') as source_files,
        count(*) as n_source_rows
    from cells
    group by mineral_id, stage, basis, country_iso3, year, edition
)

select * from final
