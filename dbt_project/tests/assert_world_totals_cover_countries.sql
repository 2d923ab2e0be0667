{{ config(store_failures=true, schema='audit') }}
-- Every published world total covers its countries: int_production__totals_below_countries
-- lists those that do not (without a reviewed row of seeds/checks/world_total_misprints.csv).
select * from {{ ref('int_production__totals_below_countries') }}
