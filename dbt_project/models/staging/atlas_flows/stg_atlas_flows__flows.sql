-- The atlas flows in the conformed trade columns (macros/trade_sources.sql): BACI V202601 as
-- the atlas kept it, the top suppliers and customers of each country (completeness
-- top_partners). One row per year x exporter_iso3 x importer_iso3 x hs6: the lists of the
-- materials sharing 811292 (gallium, germanium, hafnium) hold the same flows
-- (assert_atlas_flows_shared_codes_agree), so one is kept; materials names them.
with

entries as (
    select * from {{ ref('stg_atlas_flows__material_flows') }}
),

final as (
    select
        'atlas_flows' as source,
        year,
        exporter_iso3,
        importer_iso3,
        hs6,
        any_value(hs_revision) as hs_revision,
        max(value_usd) as value_usd,
        -- only the 2024 file has quantities, rounded to whole tonnes (38% are 0)
        cast(null as double) as quantity_t,
        'reconciled' as reported_by,
        'top_partners' as completeness,
        string_agg(distinct material, ' ' order by material) as materials
    from entries
    group by year, exporter_iso3, importer_iso3, hs6
)

select * from final
