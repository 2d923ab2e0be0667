{{ config(store_failures=true, schema='audit') }}
-- seeds/baci_asean/baci_asean_products.csv says of each code of the ASEAN file whether a
-- mineral applies; that must agree with seeds/trade/hs_minerals.csv (HS07). Failing rows
-- name the code and what disagrees.
with

products as (
    select * from {{ ref('baci_asean_products') }}
),

mapped as (
    select distinct hs6 from {{ ref('hs_minerals') }}
    where list_contains(string_split(hs_revisions, ' '), 'HS07')
)

select
    products.hs6,
    products.product_label,
    products.has_mineral,
    mapped.hs6 is not null as is_in_hs_minerals
from products
left join mapped on products.hs6 = mapped.hs6
where products.has_mineral != (mapped.hs6 is not null)
