-- The BACI panels in the conformed trade columns (macros/trade_sources.sql): CEPII's
-- reconciled flows of every exporter and importer, one row per year x exporter_iso3 x
-- importer_iso3 x hs6 (the panels hold one row per flow: asserted, never summed).
with

flows as (
    select * from {{ ref('stg_baci_panels__trade_flows') }}
),

final as (
    select
        'baci_panels' as source,
        year,
        exporter_iso3,
        importer_iso3,
        hs6,
        hs_revision,
        value_usd,
        quantity_t,
        'reconciled' as reported_by,
        'complete' as completeness
    from flows
)

select * from final
