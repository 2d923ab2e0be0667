{{
    config(
        store_failures=true,
        schema='audit',
        meta={'dagster': {'ref': {'name': 'stg_atlas_flows__material_flows'}}},
    )
}}
-- Materials whose lists share an HS6 in a year file (811292: gallium, germanium, hafnium)
-- hold the same flows with the same values, so stg_atlas_flows__flows keeps one. Failing
-- rows name the file, the code, the flow, how many of the sharing lists hold it and the
-- values they give.
with

entries as (
    select * from {{ ref('stg_atlas_flows__material_flows') }}
    where hs6 is not null
),

sharing as (
    select
        source_file,
        hs6,
        count(distinct material) as n_materials
    from entries
    group by source_file, hs6
    having count(distinct material) > 1
),

flows as (
    select
        entries.source_file,
        entries.hs6,
        entries.exporter_iso2,
        entries.importer_iso2,
        any_value(sharing.n_materials) as n_materials,
        count(distinct entries.material) as n_listed,
        min(entries.value_usd) as min_value_usd,
        max(entries.value_usd) as max_value_usd
    from entries
    inner join sharing
        on entries.source_file = sharing.source_file and entries.hs6 = sharing.hs6
    group by entries.source_file, entries.hs6, entries.exporter_iso2, entries.importer_iso2
)

select * from flows
where n_listed != n_materials or min_value_usd != max_value_usd
