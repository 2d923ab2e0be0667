-- The headline of hidden dependence: each importer's Chinese-origin share of a mineral at
-- a stage, direct (bought from China) and embedded (traced var('embedded_origin_max_hops')
-- hops back: also what third countries made from Chinese material), and the third
-- countries that carry it (top_china_carriers: the three largest, 0.1% of the imports or
-- more). One row per source x importer_iso3 x mineral_id x stage x year.
{% set max_hops = embedded_origin_max_hops() %}
with

origin as (
    select * from {{ ref('fct_embedded_origin_share') }}
    where hops in (1, {{ max_hops }})
),

routes as (
    select * from {{ ref('int_origin__routes') }}
    where hops = {{ max_hops }} and origin_iso3 = 'CHN' and via_iso3 != 'CHN'
),

groups as (
    select
        source,
        importer_iso3,
        mineral_id,
        stage,
        year,
        any_value(import_value_usd) as import_value_usd,
        coalesce(sum(origin_share) filter (where hops = 1 and origin_iso3 = 'CHN'), 0)
            as direct_china_share,
        coalesce(
            sum(origin_share) filter (where hops = {{ max_hops }} and origin_iso3 = 'CHN'), 0
        ) as embedded_china_share,
        coalesce(
            sum(origin_share_via_others)
            filter (where hops = {{ max_hops }} and origin_iso3 = 'CHN'),
            0
        ) as china_share_via_third_countries,
        any_value(untraced_share) filter (where hops = {{ max_hops }}) as untraced_share,
        any_value(origin_unresolved_share) filter (where hops = {{ max_hops }})
            as origin_unresolved_share,
        any_value(pool_sources) filter (where hops = {{ max_hops }}) as pool_sources,
        any_value(completeness) as completeness,
        any_value(is_default_series) as is_default_series
    from origin
    group by all
),

carried as (
    select
        source,
        importer_iso3,
        mineral_id,
        stage,
        year,
        via_iso3,
        sum(share) as share,
        row_number() over (
            partition by source, importer_iso3, mineral_id, stage, year
            order by sum(share) desc, via_iso3 asc
        ) as carrier_rank
    from routes
    group by source, importer_iso3, mineral_id, stage, year, via_iso3
),

carriers as (
    select
        source,
        importer_iso3,
        mineral_id,
        stage,
        year,
        string_agg(
            via_iso3 || ' ' || round(100 * share, 1) || '%', ', '
            order by share desc, via_iso3 asc
        ) as top_china_carriers
    from carried
    where carrier_rank <= 3 and share >= 0.001
    group by source, importer_iso3, mineral_id, stage, year
),

final as (
    select
        groups.*,
        groups.embedded_china_share - groups.direct_china_share as hidden_china_share,
        carriers.top_china_carriers,
        {{ max_hops }} as hops
    from groups
    left join carriers using (source, importer_iso3, mineral_id, stage, year)
)

select * from final
