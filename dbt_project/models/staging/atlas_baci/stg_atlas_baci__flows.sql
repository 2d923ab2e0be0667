-- The atlas's BACI 2022 extract in the conformed trade columns (macros/trade_sources.sql):
-- all reporters x all partners (completeness complete), no quantities. One row per
-- year x exporter_iso3 x importer_iso3 x hs6. The collector added 811231 (hafnium) into
-- 811292; HS17 has no 811231, so the fold added nothing, but the 811292 rows say it
-- (folded_hs6).
with

flows as (
    select * from {{ ref('stg_atlas_baci__extract_flows') }}
),

final as (
    select
        'atlas_baci' as source,
        year,
        exporter_iso3,
        importer_iso3,
        hs6,
        any_value(hs_revision) as hs_revision,
        sum(value_usd) as value_usd,
        cast(null as double) as quantity_t,
        'reconciled' as reported_by,
        'complete' as completeness,
        case when hs6 = '811292' then '811231' end as folded_hs6
    from flows
    group by year, exporter_iso3, importer_iso3, hs6
)

select * from final
