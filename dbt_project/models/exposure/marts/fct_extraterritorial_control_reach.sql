-- The reach of an extraterritorial control (MOFCOM 2025 No. 61: foreign-made items with
-- Chinese-origin rare-earth content of 0.1% of their value or more; paused until
-- 2026-11-10): trade in the goods the control covers (int_exposure__control_links, the
-- controls of var('extraterritorial_controls')) between countries other than China, with
-- the exporter's embedded Chinese-origin share of what it makes them from (its pool,
-- traced var('embedded_origin_max_hops') hops back: int_origin__routes).
-- content_status: 'above_threshold' (share >= var('extraterritorial_content_threshold')),
-- 'below_threshold', or 'unknown' (the exporter's inputs could not be traced: no pool).
-- The share is of the exporter's rare-earth material, not of the good's value: a proxy
-- (docs/metrics.md). One row per control_id x source x exporter_iso3 x importer_iso3 x
-- mineral_id x stage x year.
{% set max_hops = embedded_origin_max_hops() %}
{% set controls = var('extraterritorial_controls') %}
with

covered as (
    select distinct
        control_id,
        mineral_id,
        trade_stage as stage
    from {{ ref('int_exposure__control_links') }}
    where list_contains({{ controls }}, control_id)
),

imports as (
    select
        source,
        importer_iso3,
        mineral_id,
        stage,
        year,
        sum(value_usd) as import_value_usd
    from {{ ref('fct_bilateral_dependence') }}
    where not is_importer_aggregate
    group by all
),

weighted_routes as (
    select
        routes.source,
        routes.via_iso3 as exporter_iso3,
        routes.mineral_id,
        routes.stage,
        routes.year,
        routes.origin_iso3,
        routes.route_kind,
        routes.share * imports.import_value_usd as value_usd
    from {{ ref('int_origin__routes') }} as routes
    inner join imports using (source, importer_iso3, mineral_id, stage, year)
    where routes.hops = {{ max_hops }} and routes.via_iso3 != 'CHN'
),

exporter_content as (
    -- an exporter's pool is the same whoever buys from it: its Chinese share, weighted
    -- over its buyers
    select
        source,
        exporter_iso3,
        mineral_id,
        stage,
        year,
        sum(value_usd) filter (where origin_iso3 = 'CHN')
        / nullif(sum(value_usd), 0) as china_content_share,
        sum(value_usd) filter (where route_kind = 'untraced')
        / nullif(sum(value_usd), 0) as untraced_content_share
    from weighted_routes
    group by all
),

flows as (
    select
        covered.control_id,
        bilateral.source,
        bilateral.supplier_iso3 as exporter_iso3,
        bilateral.importer_iso3,
        bilateral.mineral_id,
        bilateral.stage,
        bilateral.year,
        bilateral.value_usd,
        bilateral.quantity_t,
        bilateral.completeness
    from {{ ref('fct_bilateral_dependence') }} as bilateral
    inner join covered using (mineral_id, stage)
    where
        bilateral.supplier_iso3 != 'CHN'
        and bilateral.importer_iso3 != 'CHN'
        and not bilateral.is_importer_aggregate
),

final as (
    select
        flows.*,
        exporter_content.china_content_share,
        exporter_content.untraced_content_share,
        case
            when
                exporter_content.china_content_share is null
                or exporter_content.untraced_content_share = 1
                then 'unknown'
            when
                exporter_content.china_content_share
                >= {{ var('extraterritorial_content_threshold') }}
                then 'above_threshold'
            else 'below_threshold'
        end as content_status,
        {{ var('extraterritorial_content_threshold') }}::double as content_threshold
    from flows
    left join exporter_content using (source, exporter_iso3, mineral_id, stage, year)
)

select * from final
