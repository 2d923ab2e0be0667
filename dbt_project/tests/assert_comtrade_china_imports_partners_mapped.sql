{{ config(store_failures=true, schema='audit') }}
-- Every partner code of China's HS 2846 import records maps to an ISO3 code or a marked area
-- in trade_country_codes (un_numeric). Failing rows name the code, Comtrade's name and a file.
select
    partner_code,
    any_value(partner_desc) as partner_desc,
    any_value(source_file) as source_file,
    'partner code not in seeds/trade/trade_country_codes.csv (un_numeric)' as problem
from {{ ref('stg_comtrade_china_imports__records') }}
where partner_iso3 is null
group by partner_code
