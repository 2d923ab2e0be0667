{{ config(
    store_failures=true,
    schema='audit',
    meta={'dagster': {'ref': {'name': 'stg_wb_pink_sheet__prices'}}},
) }}
-- Every series of the Pink Sheet's Monthly Prices is in
-- seeds/wb_pink_sheet/wb_pink_sheet_series.csv (with a mineral, or none and the reason in its
-- note), and its unit is still the one reviewed there. Failing rows name file and series.
-- It reads the landing and the seed, no model: its Dagster check is attached to
-- stg_wb_pink_sheet__prices, which it gates.
with

series as (
    select distinct
        source_file,
        edition,
        column_letter,
        series_code,
        series_name,
        unit_raw
    from {{ source('wb_pink_sheet', 'wb_pink_sheet__monthly_prices') }}
),

reviewed as (
    select * from {{ ref('wb_pink_sheet_series') }}
)

select
    series.source_file,
    series.edition,
    series.column_letter,
    series.series_code,
    series.series_name,
    series.unit_raw,
    reviewed.unit_as_published as reviewed_unit,
    case
        when reviewed.series_code is null then 'series code not in wb_pink_sheet_series'
        when reviewed.mineral_id is null and coalesce(reviewed.note, '') = ''
            then 'no mineral and no reason in the note'
        else 'unit differs from the reviewed unit_as_published'
    end as problem
from series
left join reviewed on series.series_code = reviewed.series_code
where
    reviewed.series_code is null
    or (reviewed.mineral_id is null and coalesce(reviewed.note, '') = '')
    or series.unit_raw != reviewed.unit_as_published
