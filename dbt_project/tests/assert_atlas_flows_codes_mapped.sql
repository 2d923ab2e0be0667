{{
    config(
        store_failures=true,
        schema='audit',
        meta={'dagster': {'ref': {'name': 'stg_atlas_flows__material_flows'}}},
    )
}}
-- Every material label of the atlas files has an HS6 (seed atlas_flows_materials) and every
-- ISO2 code an ISO3 code (stg_reference__country_codes or atlas_flows_former_iso2). Failing
-- rows name what is unmapped, the label or code, and a file it comes from.
with

entries as (
    select * from {{ ref('stg_atlas_flows__material_flows') }}
),

unmapped as (
    select
        'material' as kind,
        material as code,
        source_file
    from entries
    where hs6 is null
    union all
    select
        'exporter_iso2' as kind,
        exporter_iso2 as code,
        source_file
    from entries
    where exporter_iso3 is null
    union all
    select
        'importer_iso2' as kind,
        importer_iso2 as code,
        source_file
    from entries
    where importer_iso3 is null
)

select
    kind,
    code,
    min(source_file) as source_file,
    count(*) as n_entries
from unmapped
group by kind, code
