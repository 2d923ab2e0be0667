-- BACI flows with harmonised countries (BACI's own ISO3 codes, S19 -> TWN ...), value in USD.
-- One row per source row: release x year x exporter x importer x HS6.
with

flows as (
    select * from {{ source('baci', 'baci__trade_flows') }}
),

codes as (
    select * from {{ ref('trade_country_codes') }}
    where code_system = 'baci_iso3'
),

final as (
    select
        flows.source_file,
        flows.line_number,
        flows.release,
        flows.hs_revision,
        flows.year,
        flows.exporter_iso3 as exporter_source_code,
        exporters.country_iso3 as exporter_iso3,
        flows.importer_iso3 as importer_source_code,
        importers.country_iso3 as importer_iso3,
        flows.hs6,
        flows.value_kusd * 1000 as value_usd,
        flows.quantity_t
    from flows
    left join codes as exporters on flows.exporter_iso3 = exporters.code
    left join codes as importers on flows.importer_iso3 = importers.code
)

select * from final
