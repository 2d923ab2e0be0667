{{
    config(
        severity='warn',
        store_failures=true,
        schema='audit',
        meta={'dagster': {'ref': {'name': 'stg_usgs_mcs__world_cells'}}}
    )
}}
-- Cells under an empty header (shifted rows, a duplicated column) are landed, not dropped;
-- this check lists them so a reviewer can decide how to read them.
select
    source_file,
    line_number,
    column_name,
    value_raw
from {{ ref('stg_usgs_mcs__world_cells') }}
where measure_kind = 'unnamed'
union all
select
    source_file,
    line_number,
    column_name,
    value_raw
from {{ ref('stg_usgs_mcs__salient_statistics') }}
where statistic = 'unnamed'
