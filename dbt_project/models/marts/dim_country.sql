-- Countries and areas: ISO 3166-1 countries with their UN M49 regions, plus the non-country
-- areas trade data uses (World, unspecified areas, special categories, former countries),
-- and countries with a user-assigned code that sources use (Kosovo, XKX).
-- One row per country_iso3.
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

user_assigned as (
    select * from {{ ref('user_assigned_country_codes') }}
),

trade_areas as (
    select
        country_iso3,
        any_value(area_kind) as area_kind,
        string_agg(distinct name, '; ') as area_name
    from {{ ref('trade_country_codes') }}
    where area_kind != 'country'
    group by country_iso3
),

countries as (
    select
        codes.*,
        true as is_country,
        'country' as area_kind,
        usgs_names.usgs_names
    from codes
    left join usgs_names on codes.country_iso3 = usgs_names.iso3
),

areas as (
    select
        trade_areas.country_iso3,
        null as country_iso2,
        null as iso_numeric,
        null as m49_code,
        trade_areas.area_name as country_name,
        null as official_name,
        null as region_name,
        null as sub_region_name,
        null as intermediate_region_name,
        false as is_independent,
        false as is_least_developed,
        false as is_landlocked_developing,
        false as is_small_island_developing,
        false as is_country,
        trade_areas.area_kind,
        null as usgs_names
    from trade_areas
    anti join codes on trade_areas.country_iso3 = codes.country_iso3
),

assigned as (
    select
        user_assigned.country_iso3,
        user_assigned.country_iso2,
        user_assigned.country_name,
        user_assigned.country_name as official_name,
        user_assigned.region_name,
        user_assigned.sub_region_name,
        true as is_country,
        'country' as area_kind,
        usgs_names.usgs_names
    from user_assigned
    left join usgs_names on user_assigned.country_iso3 = usgs_names.iso3
    anti join codes on user_assigned.country_iso3 = codes.country_iso3
),

final as (
    select * from countries
    union all by name
    select * from assigned
    union all by name
    select * from areas
)

select * from final
