-- Mine, refinery, smelter, processing output and capacity by country, every edition kept.
-- One row per mineral_id x stage x basis x country_iso3 x year x edition.
with

production as (
    select * from {{ ref('int_usgs_mcs__production_by_country') }}
),

final as (
    select
        mineral_id,
        stage,
        basis,
        country_iso3,
        year,
        edition,
        quantity,
        quantity_unit,
        value_flag,
        value_flag in ('estimated') as is_estimate,
        value_raw,
        usgs_country_names,
        n_source_rows,
        source_files,
        edition = max(edition) over (
            partition by mineral_id, stage, basis, country_iso3, year
        ) as is_latest_edition
    from production
)

select * from final
