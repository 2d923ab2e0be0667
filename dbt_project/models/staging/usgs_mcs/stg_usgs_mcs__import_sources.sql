-- A table, not a view: the raw Parquet files stay outside the published warehouse file.
{{ config(materialized='table') }}

-- USGS "Import Sources" (MCS2026 on): each supplier's share of US imports of an item over a
-- period (2021-24), as published. One row per source_file x line_number.
with

cells as (
    select * from {{ source('usgs_mcs', 'usgs_mcs__import_sources') }}
),

country_names as (
    select * from {{ ref('usgs_country_names') }}
),

items as (
    select * from {{ ref('usgs_import_source_items') }}
),

final as (
    select
        cells.edition,
        cells.source_file,
        cells.line_number,
        cells.commodity as usgs_commodity,
        cells.detail,
        items.mineral_id,
        items.trade_stages,
        items.usgs_commodity is not null as is_item_mapped,
        cells.country_name as supplier_name,
        country_names.iso3 as supplier_iso3,
        coalesce(country_names.aggregate_kind = 'other_countries', false) as is_other_countries,
        country_names.country_name is not null as is_supplier_mapped,
        cells.period_raw,
        cells.year_start,
        cells.year_end,
        cells.value_raw,
        cells.value_flag,
        cells.value / 100 as usgs_share,
        cells.value_lower / 100 as usgs_share_lower,
        cells.value_upper / 100 as usgs_share_upper,
        cells.notes
    from cells
    left join country_names on cells.country_name = country_names.country_name
    left join items
        on cells.commodity = items.usgs_commodity and cells.detail = items.detail
)

select * from final
