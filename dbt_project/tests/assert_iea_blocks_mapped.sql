{{ config(store_failures=true, schema='audit') }}
-- Every block of the IEA supply sheet is in seeds/iea/iea_supply_blocks.csv.
select distinct
    source_file,
    sheet,
    block_title
from {{ ref('stg_iea__mineral_supply') }}
where not is_mapped
