-- The BACI ASEAN file with harmonised countries, value in USD, and the reviewed product
-- mapping (seeds/baci_asean/baci_asean_products.csv). One row per source row, every code
-- kept (those without a mineral too). Countries: BACI numeric code -> ISO3 by the UN
-- numeric codes of seeds/trade/trade_country_codes.csv, as for the other BACI sources.
with

flows as (
    select * from {{ source('baci_asean', 'baci_asean__trade_flows') }}
),

numeric_codes as (
    select * from {{ ref('trade_country_codes') }}
    where code_system = 'un_numeric'
),

products as (
    select * from {{ ref('baci_asean_products') }}
),

final as (
    select
        flows.source_file,
        flows.line_number,
        flows.edition,
        flows.release,
        flows.hs_revision,
        flows.year,
        flows.exporter_code,
        exporters.country_iso3 as exporter_iso3,
        flows.importer_code,
        importers.country_iso3 as importer_iso3,
        flows.asean_side,
        flows.hs6,
        flows.product_label,
        products.has_mineral,
        flows.value_kusd * 1000 as value_usd,
        flows.quantity_t,
        flows.quantity_flag
    from flows
    left join numeric_codes as exporters
        on cast(flows.exporter_code as varchar) = exporters.code
    left join numeric_codes as importers
        on cast(flows.importer_code as varchar) = importers.code
    left join products on flows.hs6 = products.hs6
)

select * from final
