-- The BACI ASEAN file in the conformed trade columns (macros/trade_sources.sql): a partner
-- subset (ASEAN-10 x 15 partners), one row per year x exporter_iso3 x importer_iso3 x hs6.
-- Codes without a mineral (seeds/baci_asean/baci_asean_products.csv: has_mineral false,
-- with the reason) stay in stg_baci_asean__trade_flows.
with

flows as (
    select * from {{ ref('stg_baci_asean__trade_flows') }}
    where has_mineral
),

final as (
    select
        'baci_asean' as source,
        year,
        exporter_iso3,
        importer_iso3,
        hs6,
        hs_revision,
        value_usd,
        quantity_t,
        'reconciled' as reported_by,
        'partner_subset' as completeness
    from flows
)

select * from final
