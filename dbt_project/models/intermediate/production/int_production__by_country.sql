-- Production and capacity by country from every production source, kept apart: each row
-- says its source and edition, and no series mixes two sources or two bases.
-- One row per source x mineral_id x stage x basis x country_iso3 x year x edition.
with

usgs as (
    select * from {{ ref('int_usgs_mcs__production_by_country') }}
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
)

select * from final
