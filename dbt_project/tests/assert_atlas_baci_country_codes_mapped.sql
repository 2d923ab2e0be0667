{{
    config(
        store_failures=true,
        schema='audit',
        meta={'dagster': {'ref': {'name': 'stg_atlas_baci__extract_flows'}}},
    )
}}
-- Every country code of the atlas's BACI extract maps to an ISO3 code or a marked area in
-- the seed trade_country_codes (baci_iso3). Failing rows name the column, the code and the
-- first line it is on.
with

flows as (
    select * from {{ ref('stg_atlas_baci__extract_flows') }}
),

unmapped as (
    select
        'exporter_code' as kind,
        exporter_code as code,
        source_file,
        line_number
    from flows
    where exporter_iso3 is null
    union all
    select
        'importer_code' as kind,
        importer_code as code,
        source_file,
        line_number
    from flows
    where importer_iso3 is null
)

select
    kind,
    code,
    min(source_file) as source_file,
    min(line_number) as first_line,
    count(*) as n_lines
from unmapped
group by kind, code
