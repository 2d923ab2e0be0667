{{ config(store_failures=true, schema='audit') }}
-- Every (commodity, Type, measure) of a production or capacity cell has a mineral, stage and
-- basis in the seed usgs_production_series. Failing rows name what is missing.
select distinct
    source_file,
    commodity_code,
    type_name,
    measure
from {{ ref('stg_usgs_mcs__world_cells') }}
where measure_kind in ('production', 'capacity') and mineral_id is null
