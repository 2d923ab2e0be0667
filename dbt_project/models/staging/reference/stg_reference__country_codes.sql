-- ISO 3166-1 countries and areas with their UN M49 regions. One row per country_iso3.
with

codes as (
    select * from {{ source('reference', 'reference__country_codes') }}
),

final as (
    select
        country_iso3,
        country_iso2,
        cast(iso_numeric as integer) as iso_numeric,
        cast(m49_code as integer) as m49_code,
        country_name,
        official_name,
        region_name,
        sub_region_name,
        intermediate_region_name,
        is_independent = 'Yes' as is_independent,
        is_least_developed,
        is_landlocked_developing,
        is_small_island_developing
    from codes
)

select * from final
