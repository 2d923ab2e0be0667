{{
    config(
        store_failures=true,
        schema='audit',
        meta={'dagster': {'ref': {'name': 'stg_comtrade__records'}}},
    )
}}
-- Every country code in the trade data maps to an ISO3 code or a marked area in the seed
-- trade_country_codes. Failing rows name the source, the code and a file it comes from.
select
    'comtrade' as source,
    cast(reporter_code as varchar) as code,
    any_value(source_file) as source_file
from {{ ref('stg_comtrade__records') }}
where reporter_iso3 is null
group by reporter_code
union all
select
    'comtrade' as source,
    cast(partner_code as varchar) as code,
    any_value(source_file) as source_file
from {{ ref('stg_comtrade__records') }}
where partner_iso3 is null
group by partner_code
union all
select
    'baci' as source,
    exporter_source_code as code,
    any_value(source_file) as source_file
from {{ ref('stg_baci__trade_flows') }}
where exporter_iso3 is null
group by exporter_source_code
union all
select
    'baci' as source,
    importer_source_code as code,
    any_value(source_file) as source_file
from {{ ref('stg_baci__trade_flows') }}
where importer_iso3 is null
group by importer_source_code
