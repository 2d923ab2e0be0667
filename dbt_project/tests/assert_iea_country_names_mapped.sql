{{ config(store_failures=true, schema='audit') }}
-- Every IEA country label is mapped to an ISO3 code or marked as an aggregate in
-- seeds/iea/iea_country_names.csv, and the seed agrees with the parser's row_kind.
select distinct
    source_file,
    block_title,
    country_name,
    row_kind
from {{ ref('stg_iea__mineral_supply') }}
where
    not is_country_mapped
    or (row_kind = 'total' and coalesce(aggregate_kind, '') != 'world_total')
    or (row_kind = 'rest_of_world' and coalesce(aggregate_kind, '') != 'other_countries')
    or (row_kind = 'country' and is_aggregate)
