-- BACI in the conformed trade columns (macros/trade_sources.sql): CEPII's reconciled flows,
-- one row per year x exporter_iso3 x importer_iso3 x hs6 (rows of one flow summed).
with

flows as (
    select * from {{ ref('stg_baci__trade_flows') }}
),

final as (
    select
        'baci' as source,
        year,
        exporter_iso3,
        importer_iso3,
        hs6,
        any_value(hs_revision) as hs_revision,
        sum(value_usd) as value_usd,
        sum(quantity_t) as quantity_t,
        'reconciled' as reported_by,
        'complete' as completeness
    from flows
    group by year, exporter_iso3, importer_iso3, hs6
)

select * from final
