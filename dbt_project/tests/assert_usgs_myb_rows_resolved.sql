{{ config(store_failures=true, schema='audit') }}
-- Every row of a Minerals Yearbook world table is accounted for: its table and qualifier are
-- in seeds/usgs_myb/usgs_myb_series.csv, and in a mapped series every label (or its heading)
-- is a name of seeds/usgs_myb/usgs_myb_country_names.csv. Failing rows name file, sheet,
-- row, label and heading.
select distinct
    source_file,
    sheet,
    row_number,
    label_raw,
    row_group,
    qualifier,
    case
        when not is_series_mapped then 'table or qualifier not in usgs_myb_series'
        else 'label and heading name no country or aggregate in usgs_myb_country_names'
    end as problem
from {{ ref('stg_usgs_myb__production') }}
where
    not is_series_mapped
    or (is_in_scope and row_role = 'unresolved')
