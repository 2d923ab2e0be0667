{{ config(store_failures=true, schema='audit') }}
-- Every landed WGI economy code has a row in seeds/exposure/wgi_country_codes.csv, and
-- every row not marked unmapped names a country code. Lists the gaps.
select distinct
    indicators.source_file,
    indicators.wb_code,
    indicators.country_name,
    indicators.code_mapping
from {{ ref('stg_wgi__governance_indicators') }} as indicators
where
    not indicators.is_code_reviewed
    or indicators.code_mapping = 'unmapped'
    or indicators.country_iso3 is null
