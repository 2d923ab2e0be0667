-- USITC DataWeb cells, annual (1993-2025) and January-April (1993-2026), with the partner's
-- ISO3 (seeds/usitc_dataweb/usitc_dataweb_partner_names.csv) and whether the unit is a gross
-- weight (usitc_dataweb_units.csv). One row per source_file x sheet x row_number x
-- column_letter; period says annual or ytd (never mixed downstream).
with

annual as (
    select * from {{ source('usitc_dataweb', 'usitc_dataweb__trade_annual') }}
),

ytd as (
    select * from {{ source('usitc_dataweb', 'usitc_dataweb__trade_ytd') }}
),

partners as (
    select * from {{ ref('usitc_dataweb_partner_names') }}
),

units as (
    select * from {{ ref('usitc_dataweb_units') }}
),

cells as (
    select * from annual
    union all
    select * from ytd
),

final as (
    select
        'usitc_dataweb' as source,
        cells.edition,
        cells.source_file,
        cells.sheet,
        cells.row_number,
        cells.column_letter,
        cells.flow,
        cells.measure,
        cells.period,
        cells.download_date,
        cells.partner_name,
        partners.country_iso3 as partner_iso3,
        cells.hts4,
        cells.description,
        cells.unit,
        units.is_gross_weight,
        units.to_tonnes,
        cells.year,
        cells.value,
        cells.suppressed
    from cells
    left join partners on cells.partner_name = partners.partner_name
    left join units on cells.unit = units.unit
)

select * from final
