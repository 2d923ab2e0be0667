{{ config(store_failures=true, schema='audit') }}
-- Every line of USGS MCS table T4 (country export controls) is read in
-- seeds/exposure/usgs_t4_export_controls.csv, and every country there is the T4 country.
with

t4 as (
    select
        edition,
        line_number,
        max(value_raw) filter (where column_name = 'Country') as country,
        max(value_raw) filter (where column_name = 'Commodity_Year') as commodity_year
    from {{ ref('stg_usgs_mcs__industry_trends') }}
    where table_name = 'T4_Country_Export_Control'
    group by edition, line_number
),

seed as (
    select distinct
        edition,
        line_number,
        country_iso3
    from {{ ref('usgs_t4_export_controls') }}
),

names as (
    select * from {{ ref('usgs_country_names') }}
)

select
    t4.edition,
    t4.line_number,
    t4.country,
    t4.commodity_year,
    seed.country_iso3 as seed_country_iso3,
    names.iso3 as usgs_name_iso3
from t4
left join seed on t4.edition = seed.edition and t4.line_number = seed.line_number
left join names on t4.country = names.country_name
where seed.line_number is null or seed.country_iso3 is distinct from names.iso3
