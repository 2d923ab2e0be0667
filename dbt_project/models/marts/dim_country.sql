-- Countries and areas (ISO 3166-1 with UN M49 regions). One row per country_iso3.
with

codes as (
    select * from {{ ref('stg_reference__country_codes') }}
),

usgs_names as (
    select
        iso3,
        string_agg(country_name, '; ' order by country_name) as usgs_names
    from {{ ref('usgs_country_names') }}
    where not is_aggregate
    group by iso3
),

final as (
    select
        codes.*,
        usgs_names.usgs_names
    from codes
    left join usgs_names on codes.country_iso3 = usgs_names.iso3
)

select * from final
