-- A table, not a view: the raw Parquet files stay outside the published warehouse file.
{{ config(materialized='table') }}

-- UN Comtrade records as published, with harmonised reporter/partner codes and the HS
-- revision in force in the record's year (Comtrade reports HS as used by the reporter).
with

records as (
    select * from {{ source('comtrade', 'comtrade__trade_records') }}
),

codes as (
    select * from {{ ref('trade_country_codes') }}
    where code_system = 'un_numeric'
),

final as (
    select
        records.source_file,
        records.line_number,
        records.layout,
        records.year,
        case
            when records.year >= 2022 then 'HS22'
            when records.year >= 2017 then 'HS17'
            when records.year >= 2012 then 'HS12'
            when records.year >= 2007 then 'HS07'
            when records.year >= 2002 then 'HS02'
            else 'HS96'
        end as hs_revision,
        records.reporter_code,
        reporters.country_iso3 as reporter_iso3,
        records.partner_code,
        partners.country_iso3 as partner_iso3,
        partners.area_kind as partner_area_kind,
        records.flow_code,
        records.hs6,
        records.value_usd,
        records.net_weight_kg,
        records.quantity,
        records.quantity_unit
    from records
    left join codes as reporters on cast(records.reporter_code as varchar) = reporters.code
    left join codes as partners on cast(records.partner_code as varchar) = partners.code
)

select * from final
