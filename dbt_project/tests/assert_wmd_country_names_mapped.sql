{{ config(store_failures=true, schema='audit') }}
-- Every WMD country name is mapped to an ISO3 code or marked as an aggregate in
-- seeds/wmd/wmd_country_names.csv, and the seed agrees with the parser (Total rows are
-- world_total aggregates, country rows are not aggregates). Failing rows name file and name.
select distinct
    source_file,
    sheet,
    country_name,
    row_kind
from {{ ref('stg_wmd__production') }}
where
    not is_country_mapped
    or (row_kind = 'total' and coalesce(aggregate_kind, '') != 'world_total')
    or (row_kind = 'country' and is_aggregate)
