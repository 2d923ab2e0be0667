-- How concentrated world exports of a mineral are, at each stage.
-- One row per source x mineral_id x stage x year. Shares are fractions of world exports
-- (sum of all flows of the source); unspecified areas are a residual, not an exporter.
-- Only sources that cover the world (macros/trade_sources.sql covers_world: not one
-- reporter's report, not a partner subset); each row carries the source's coverage.
-- HHI, CR-n, top exporter and China's share: the shared macros (macros/concentration.sql).
with

flows as (
    select * from {{ ref('int_trade__mineral_flows') }}
),

areas as (
    select * from {{ ref('dim_country') }}
),

coverage as (
    select * from {{ ref('dim_trade_coverage') }}
),

exporters as (
    select
        flows.source,
        flows.mineral_id,
        flows.trade_stage as stage,
        flows.year,
        flows.exporter_iso3,
        areas.is_country,
        sum(flows.value_usd) as value_usd,
        bool_or(flows.is_shared) as includes_shared_codes
    from flows
    left join areas on flows.exporter_iso3 = areas.country_iso3
    where flows.covers_world
    group by all
),

shares as (
    select
        *,
        value_usd / nullif(
            sum(value_usd) over (partition by source, mineral_id, stage, year), 0
        ) as share,
        row_number() over (
            partition by source, mineral_id, stage, year, is_country
            order by value_usd desc nulls last, exporter_iso3 asc
        ) as exporter_rank
    from exporters
),

concentration as (
    select
        source,
        mineral_id,
        stage,
        year,
        sum(value_usd) as world_export_value_usd,
        count(*) filter (where is_country and value_usd > 0) as n_exporters,
        {{ hhi('share', 'is_country') }} as hhi,
        {{ cr_n('share', 'exporter_rank', 1, 'is_country') }} as cr1,
        {{ cr_n('share', 'exporter_rank', 3, 'is_country') }} as cr3,
        {{ top_iso3('exporter_iso3', 'exporter_rank', 'is_country') }} as top_exporter_iso3,
        {{ cr_n('share', 'exporter_rank', 1, 'is_country') }} as top_exporter_share,
        {{ country_share('share', 'exporter_iso3', 'CHN', zero_if_absent=true) }} as china_share,
        coalesce(sum(share) filter (where not is_country), 0) as unspecified_share,
        bool_or(includes_shared_codes) as includes_shared_codes
    from shares
    group by source, mineral_id, stage, year
),

final as (
    select
        concentration.*,
        {{ hhi_band_2023('concentration.hhi') }} as hhi_band_merger_2023,
        {{ trade_coverage_columns('coverage') }}
    from concentration
    left join coverage using (source, mineral_id, stage, year)
)

select * from final
