-- The BACI panels with harmonised countries, value in USD. One row per source row.
-- Countries: the BACI numeric code each field resolved to at landing
-- (sources/baci_panels/countries.py) -> ISO3 by the UN numeric codes of
-- seeds/trade/trade_country_codes.csv, so historical areas keep their own codes
-- (58 Belgium-Luxembourg -> BLX, 891 Serbia and Montenegro -> SCG, 711 SACU -> ZA1).
with

flows as (
    select * from {{ source('baci_panels', 'baci_panels__trade_flows') }}
),

numeric_codes as (
    select * from {{ ref('trade_country_codes') }}
    where code_system = 'un_numeric'
),

final as (
    select
        flows.source_file,
        flows.line_number,
        flows.edition,
        flows.release,
        flows.hs_revision,
        flows.year,
        flows.exporter_field,
        flows.exporter_code,
        flows.exporter_resolved_by,
        exporters.country_iso3 as exporter_iso3,
        flows.importer_field,
        flows.importer_code,
        flows.importer_resolved_by,
        importers.country_iso3 as importer_iso3,
        flows.hs6,
        flows.value_kusd * 1000 as value_usd,
        flows.quantity_t,
        flows.quantity_flag
    from flows
    left join numeric_codes as exporters
        on cast(flows.exporter_code as varchar) = exporters.code
    left join numeric_codes as importers
        on cast(flows.importer_code as varchar) = importers.code
)

select * from final
