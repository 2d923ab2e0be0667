-- USITC DataWeb in the conformed trade columns (macros/trade_sources.sql): US imports for
-- consumption (customs value, reported by the importer) and US domestic exports (FAS value,
-- reported by the exporter) with 18 partners, full years only (1993-2025; the January-April
-- sheets stay in stg_usitc_dataweb__trade). One row per year x exporter_iso3 x importer_iso3 x
-- hs6 (the HTS4 heading, hs_revision 'HS4'): the value of the partner-heading-year summed over
-- its quantity-unit rows; quantity_t only where all of that value is in gross-weight units.
-- Partner-heading-years with no trade recorded (value 0) are not flows. completeness
-- 'partner_subset': 18 partners, no World row.
with

cells as (
    select * from {{ ref('stg_usitc_dataweb__trade') }}
    where period = 'annual'
),

value_rows as (
    select * from cells
    where measure in ('customs_value', 'fas_value')
),

first_quantity as (
    select * from cells
    where measure = 'first_unit_quantity'
),

unit_rows as (
    select
        value_rows.flow,
        value_rows.partner_iso3,
        value_rows.hts4,
        value_rows.year,
        value_rows.value as value_usd,
        value_rows.is_gross_weight,
        first_quantity.value * value_rows.to_tonnes as quantity_t
    from value_rows
    left join first_quantity
        on
            value_rows.flow = first_quantity.flow
            and value_rows.partner_name = first_quantity.partner_name
            and value_rows.hts4 = first_quantity.hts4
            and value_rows.unit = first_quantity.unit
            and value_rows.year = first_quantity.year
),

per_flow as (
    select
        flow,
        partner_iso3,
        hts4,
        year,
        sum(value_usd) as value_usd,
        sum(quantity_t) as quantity_t,
        bool_and(is_gross_weight or value_usd = 0) as is_value_in_weight_units
    from unit_rows
    group by flow, partner_iso3, hts4, year
),

final as (
    select
        'usitc_dataweb' as source,
        year,
        case when flow = 'imports' then partner_iso3 else 'USA' end as exporter_iso3,
        case when flow = 'imports' then 'USA' else partner_iso3 end as importer_iso3,
        hts4 as hs6,
        'HS4' as hs_revision,
        value_usd,
        case when is_value_in_weight_units then quantity_t end as quantity_t,
        case when flow = 'imports' then 'importer' else 'exporter' end as reported_by,
        'partner_subset' as completeness
    from per_flow
    where value_usd > 0
)

select * from final
