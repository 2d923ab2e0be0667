-- UN Comtrade in the conformed trade columns (macros/trade_sources.sql): the importer's
-- report (M, CIF) where the importer reported the flow, otherwise the exporter's report
-- (X, FOB) as a mirror; reported_by says which (stg_comtrade__report_pairs).
-- One row per year x exporter_iso3 x importer_iso3 x hs6.
with

report_pairs as (
    select * from {{ ref('stg_comtrade__report_pairs') }}
),

final as (
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
            as reported_by,
        'complete' as completeness
    from report_pairs
)

select * from final
