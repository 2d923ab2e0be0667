-- China's HS4 2846 import records as published (UN Comtrade), World rows included, with the
-- partner's UN M49 code mapped to ISO3 or a marked area through trade_country_codes
-- (code_system un_numeric), as stg_comtrade__records maps it. One row per year x partner_code.
with

records as (
    select * from {{ source('comtrade_china_imports', 'comtrade_china_imports__records') }}
),

codes as (
    select * from {{ ref('trade_country_codes') }}
    where code_system = 'un_numeric'
),

final as (
    select
        records.*,
        codes.country_iso3 as partner_iso3,
        codes.area_kind as partner_area_kind
    from records
    left join codes on cast(records.partner_code as varchar) = codes.code
)

select * from final
