-- Bilateral flows from every source at one grain:
-- source x year x exporter_iso3 x importer_iso3 x hs6.
--
-- baci: CEPII's reconciled flows. comtrade: the importer's report (M, CIF) where the importer
-- reported the flow, otherwise the exporter's report (X, FOB) as a mirror; `reported_by`
-- says which (int_comtrade__report_pairs). Flows of an area with itself (re-imports) are
-- left out here; they stay in the staging models.
with

baci as (
    select * from {{ ref('stg_baci__trade_flows') }}
),

report_pairs as (
    select * from {{ ref('int_comtrade__report_pairs') }}
),

baci_flows as (
    select
        'baci' as source,
        year,
        exporter_iso3,
        importer_iso3,
        hs6,
        any_value(hs_revision) as hs_revision,
        sum(value_usd) as value_usd,
        sum(quantity_t) as quantity_t,
        'reconciled' as reported_by
    from baci
    group by year, exporter_iso3, importer_iso3, hs6
),

comtrade_flows as (
    select
        'comtrade' as source,
        year,
        exporter_iso3,
        importer_iso3,
        hs6,
        hs_revision,
        coalesce(importer_reported_value_usd, exporter_reported_value_usd) as value_usd,
        case
            when importer_reported_value_usd is not null then importer_reported_quantity_t
            else exporter_reported_quantity_t
        end as quantity_t,
        case when importer_reported_value_usd is not null then 'importer' else 'exporter' end
            as reported_by
    from report_pairs
),

final as (
    select * from baci_flows
    union all
    select * from comtrade_flows
)

select * from final
where exporter_iso3 != importer_iso3
