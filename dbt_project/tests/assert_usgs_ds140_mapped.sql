{{ config(store_failures=true, schema='audit') }}
-- Every DS140 commodity is in seeds/usgs_ds140/usgs_ds140_commodities.csv and every column
-- label in usgs_ds140_measures.csv; each failing row names the file, the commodity or label.
select distinct
    source_file,
    commodity,
    column_label,
    case
        when not is_commodity_mapped then 'commodity not in usgs_ds140_commodities.csv'
        else 'column label not in usgs_ds140_measures.csv'
    end as problem
from {{ ref('stg_usgs_ds140__statistics') }}
where not is_commodity_mapped or not is_measure_mapped
