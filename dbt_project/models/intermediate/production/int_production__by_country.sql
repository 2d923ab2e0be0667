-- Production and capacity by country from every production source, kept apart: each row
-- says its source and edition, and no series mixes two sources or two bases. Rows a
-- source gives several times for one country (USGS helium by field, WMD 2017 "Russia, Asia"
-- and "Russia, Europe") are summed; their names and flags are kept.
-- One row per source x mineral_id x stage x basis x country_iso3 x year x edition.
with

usgs as (
    select * from {{ ref('int_usgs_mcs__production_by_country') }}
),

other_sources as (
    select
        source,
        mineral_id,
        stage,
        basis,
        country_iso3,
        year,
        edition,
        quantity,
        quantity_unit,
        value_flag,
        value_raw,
        is_projection,
        country_name,
        source_file
    from {{ ref('stg_iea__mineral_supply') }}
    where is_mapped and not is_aggregate
    union all
    select
        source,
        mineral_id,
        stage,
        basis,
        country_iso3,
        year,
        edition,
        quantity,
        quantity_unit,
        value_flag,
        value_raw,
        is_projection,
        country_name,
        source_file
    from {{ ref('stg_wmd__production') }}
    where is_mapped and not is_aggregate
),

other_by_country as (
    select
        source,
        mineral_id,
        stage,
        basis,
        country_iso3,
        year,
        edition,
        sum(quantity) as quantity,
        any_value(quantity_unit) as quantity_unit,
        case
            when count(distinct value_flag) = 1 then any_value(value_flag) else 'mixed'
        end as value_flag,
        string_agg(distinct value_raw, ' + ') as value_raw,
        bool_or(is_projection) as is_projection,
        string_agg(distinct country_name, '; ') as source_country_names,
        string_agg(distinct source_file, '; ') as source_files,
        count(*) as n_source_rows
    from other_sources
    group by source, mineral_id, stage, basis, country_iso3, year, edition
),

final as (
    select
        'usgs_mcs' as source,
        mineral_id,
        stage,
        basis,
        country_iso3,
        year,
        edition,
        quantity,
        quantity_unit,
        value_flag,
        value_raw,
        false as is_projection,
        usgs_country_names as source_country_names,
        source_files,
        n_source_rows
    from usgs
    union all
    select
        source,
        mineral_id,
        stage,
        basis,
        country_iso3,
        year,
        edition,
        quantity,
        quantity_unit,
        value_flag,
        value_raw,
        is_projection,
        source_country_names,
        source_files,
        n_source_rows
    from other_by_country
)

select * from final
