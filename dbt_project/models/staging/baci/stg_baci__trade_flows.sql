-- A table, not a view: the raw Parquet files stay outside the published warehouse file.
{{ config(materialized='table') }}

-- BACI flows with harmonised countries, value in USD. One row per source row.
-- Countries: BACI's ISO3-like code (S19 -> TWN ...); where BACI's dictionary has none
-- (release V202201 writes N/A), the numeric code, as UN Comtrade's.
with

flows as (
    select * from {{ source('baci', 'baci__trade_flows') }}
),

codes as (
    select * from {{ ref('trade_country_codes') }}
    where code_system = 'baci_iso3'
),

numeric_codes as (
    select * from {{ ref('trade_country_codes') }}
    where code_system = 'un_numeric'
),

final as (
    select
        flows.source_file,
        flows.line_number,
        flows.release,
        flows.hs_revision,
        flows.year,
        coalesce(flows.exporter_iso3, cast(flows.exporter_code as varchar))
            as exporter_source_code,
        coalesce(exporters.country_iso3, exporter_numbers.country_iso3) as exporter_iso3,
        coalesce(flows.importer_iso3, cast(flows.importer_code as varchar))
            as importer_source_code,
        coalesce(importers.country_iso3, importer_numbers.country_iso3) as importer_iso3,
        flows.hs6,
        flows.value_kusd * 1000 as value_usd,
        flows.quantity_t
    from flows
    left join codes as exporters on flows.exporter_iso3 = exporters.code
    left join codes as importers on flows.importer_iso3 = importers.code
    left join numeric_codes as exporter_numbers
        on cast(flows.exporter_code as varchar) = exporter_numbers.code
    left join numeric_codes as importer_numbers
        on cast(flows.importer_code as varchar) = importer_numbers.code
)

select * from final
