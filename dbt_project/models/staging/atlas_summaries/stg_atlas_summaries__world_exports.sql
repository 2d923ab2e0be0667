-- Atlas trade summaries: world exports per HS6 code and year as the collector computed them
-- from CEPII BACI V202601 (re-keyed files; licence unknown). One row per year x hs6. The
-- export HHI is converted from the published 0-1 to the warehouse's 0-10,000; China's share
-- is of world exports (all exporters, not only the top 8).
with

totals as (
    select * from {{ source('atlas_summaries', 'atlas_summaries__world_totals') }}
),

final as (
    select
        'atlas_summaries' as source,
        edition,
        source_file,
        year,
        hs6,
        hs_vintage as hs_revision,
        world_usd as world_value_usd,
        world_tonnes as world_quantity_t,
        n_flows,
        china_export_share,
        round(export_hhi * 10000, 2) as export_hhi,
        export_hhi as export_hhi_published
    from totals
)

select * from final
