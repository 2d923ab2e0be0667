-- China's share of world exports per mineral x stage x year, as one series: the default
-- trade series of the year (dim_trade_coverage.is_default_series: the most complete source,
-- then the one missing fewest mapped codes, then the registration preference) among the
-- sources that cover the world (fct_export_concentration), with every source's share
-- beside it. One row per mineral_id x stage x year.
with

exports as (
    select * from {{ ref('fct_export_concentration') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by mineral_id, stage, year
            order by is_default_series desc, {{ trade_source_rank('source') }}
        ) as series_rank
    from exports
),

final as (
    select
        mineral_id,
        stage,
        year,
        any_value(source) filter (where series_rank = 1) as source,
        any_value(china_share) filter (where series_rank = 1) as china_share,
        any_value(world_export_value_usd) filter (where series_rank = 1)
            as world_export_value_usd,
        any_value(top_exporter_iso3) filter (where series_rank = 1) as top_exporter_iso3,
        any_value(hhi) filter (where series_rank = 1) as hhi,
        any_value(hs6_codes) filter (where series_rank = 1) as hs6_codes,
        any_value(hs6_codes_missing) filter (where series_rank = 1) as hs6_codes_missing,
        any_value(is_partial_coverage) filter (where series_rank = 1) as is_partial_coverage,
        any_value(completeness) filter (where series_rank = 1) as completeness,
        any_value(is_default_series) filter (where series_rank = 1) as is_default_series,
        count(*) as n_sources,
        string_agg(
            source || ' ' || coalesce(cast(round(china_share, 4) as varchar), 'null')
            || ' (' || coalesce(hs6_codes, '') || ', ' || completeness || ')',
            '; ' order by series_rank
        ) as china_share_by_source
    from ranked
    group by mineral_id, stage, year
)

select * from final
