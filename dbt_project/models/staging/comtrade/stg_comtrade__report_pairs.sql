{{ config(materialized='table') }}
-- Each Comtrade flow as reported by its importer (M, CIF) and by its exporter (X, FOB).
-- One row per year x exporter_iso3 x importer_iso3 x hs6; a side is null when that country
-- did not report. Partner "World" rows are totals and are left out.
with

flows as (
    select * from {{ ref('stg_comtrade__reported_flows') }}
    where partner_area_kind is distinct from 'world'
),

sides as (
    select
        year,
        flow_code,
        case when flow_code = 'M' then partner_iso3 else reporter_iso3 end as exporter_iso3,
        case when flow_code = 'M' then reporter_iso3 else partner_iso3 end as importer_iso3,
        hs6,
        any_value(hs_revision) as hs_revision,
        sum(value_usd) as value_usd,
        sum(net_weight_kg) / 1000 as quantity_t
    from flows
    where flow_code in ('M', 'X')
    group by all
),

importer_side as (
    select * from sides
    where flow_code = 'M'
),

exporter_side as (
    select * from sides
    where flow_code = 'X'
),

final as (
    select
        coalesce(importer_side.year, exporter_side.year) as year,
        coalesce(importer_side.exporter_iso3, exporter_side.exporter_iso3) as exporter_iso3,
        coalesce(importer_side.importer_iso3, exporter_side.importer_iso3) as importer_iso3,
        coalesce(importer_side.hs6, exporter_side.hs6) as hs6,
        coalesce(importer_side.hs_revision, exporter_side.hs_revision) as hs_revision,
        importer_side.value_usd as importer_reported_value_usd,
        importer_side.quantity_t as importer_reported_quantity_t,
        exporter_side.value_usd as exporter_reported_value_usd,
        exporter_side.quantity_t as exporter_reported_quantity_t
    from importer_side
    full outer join exporter_side
        on
            importer_side.year = exporter_side.year
            and importer_side.exporter_iso3 = exporter_side.exporter_iso3
            and importer_side.importer_iso3 = exporter_side.importer_iso3
            and importer_side.hs6 = exporter_side.hs6
)

select * from final
