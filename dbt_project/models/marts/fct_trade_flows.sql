-- Bilateral trade in critical-mineral HS codes. One row per
-- source x year x exporter_iso3 x importer_iso3 x hs6; value in USD, quantity in t.
with

flows as (
    select * from {{ ref('int_trade__flows') }}
),

areas as (
    select * from {{ ref('dim_country') }}
),

final as (
    select
        flows.source,
        flows.year,
        flows.exporter_iso3,
        flows.importer_iso3,
        flows.hs6,
        flows.hs_revision,
        flows.value_usd,
        flows.quantity_t,
        flows.reported_by,
        exporters.is_country as exporter_is_country,
        importers.is_country as importer_is_country,
        flows.completeness
    from flows
    left join areas as exporters on flows.exporter_iso3 = exporters.country_iso3
    left join areas as importers on flows.importer_iso3 = importers.country_iso3
)

select * from final
