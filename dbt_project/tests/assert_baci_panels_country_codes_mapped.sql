{{
    config(
        store_failures=true,
        schema='audit',
        meta={'dagster': {'ref': {'name': 'stg_baci_panels__trade_flows'}}},
    )
}}
-- Every BACI code of the panels (and of the ASEAN file) maps to an ISO3 code or a marked
-- area in seeds/trade/trade_country_codes.csv (UN numeric codes). Failing rows name the
-- source, the field as written, its code and a file and line it comes from.
with

codes as (
    select
        'baci_panels' as source,
        exporter_field as field,
        exporter_code as code,
        exporter_iso3 as iso3,
        source_file,
        line_number
    from {{ ref('stg_baci_panels__trade_flows') }}
    union all
    select
        'baci_panels' as source,
        importer_field as field,
        importer_code as code,
        importer_iso3 as iso3,
        source_file,
        line_number
    from {{ ref('stg_baci_panels__trade_flows') }}
    union all
    select
        'baci_asean' as source,
        cast(exporter_code as varchar) as field,
        exporter_code as code,
        exporter_iso3 as iso3,
        source_file,
        line_number
    from {{ ref('stg_baci_asean__trade_flows') }}
    union all
    select
        'baci_asean' as source,
        cast(importer_code as varchar) as field,
        importer_code as code,
        importer_iso3 as iso3,
        source_file,
        line_number
    from {{ ref('stg_baci_asean__trade_flows') }}
)

select
    source,
    field,
    code,
    any_value(source_file) as source_file,
    min(line_number) as first_line
from codes
where iso3 is null
group by source, field, code
