-- A table, not a view: the raw Parquet files stay outside the published warehouse file.
{{ config(materialized='table') }}

-- One row per cell of an industry-trends table (T1-T5, figures), text cells included.
with

cells as (
    select * from {{ source('usgs_mcs', 'usgs_mcs__industry_trends') }}
),

final as (
    select
        edition,
        source_file,
        table_name,
        line_number,
        column_name,
        value_raw,
        value,
        value_lower,
        value_upper,
        value_flag
    from cells
)

select * from final
