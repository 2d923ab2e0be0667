{{ config(store_failures=true, schema='audit') }}
-- Every USGS country name is mapped to an ISO3 code or marked as an aggregate in the seed
-- usgs_country_names. Failing rows name the file and the unmapped name.
select distinct
    source_file,
    country_name
from {{ ref('stg_usgs_mcs__world_cells') }}
where not is_country_mapped
