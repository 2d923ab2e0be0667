-- A table, not a view: the raw Parquet files stay outside the published warehouse file.
{{ config(materialized='table') }}

-- One row per value cell of a US salient-statistics table (every edition).
with

cells as (
    select * from {{ source('usgs_mcs', 'usgs_mcs__salient_statistics') }}
),

final as (
    select
        edition,
        source_file,
        line_number,
        column_name,
        commodity_code,
        commodity,
        year,
        year_raw,
        statistic,
        detail,
        unit,
        value_raw,
        value,
        value_lower,
        value_upper,
        value_flag
    from cells
)

select * from final
