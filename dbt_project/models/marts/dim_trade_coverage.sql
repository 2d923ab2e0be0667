-- What each trade source holds of each mineral and stage, per year: the HS codes mapped to
-- the mineral and stage (seeds/trade/hs_minerals.csv, in the HS revisions the source-year
-- uses), the ones present and missing, how complete the source is, and which source is the
-- default series. One row per source x mineral_id x stage x year. Every trade mart row
-- carries hs6_codes, hs6_codes_missing, is_partial_coverage, completeness and
-- is_default_series from here (macros/trade_sources.sql).
with

flows as (
    select * from {{ ref('int_trade__flows') }}
),

mineral_flows as (
    select * from {{ ref('int_trade__mineral_flows') }}
),

hs_minerals as (
    select * from {{ ref('hs_minerals') }}
),

source_years as (
    select
        source,
        year,
        list(distinct hs_revision) as hs_revisions,
        string_agg(distinct completeness, ' ') as completeness
    from flows
    group by source, year
),

mapped as (
    select
        source_years.source,
        source_years.year,
        source_years.completeness,
        hs_minerals.mineral_id,
        hs_minerals.trade_stage as stage,
        hs_minerals.hs6
    from source_years
    inner join hs_minerals
        on list_has_any(string_split(hs_minerals.hs_revisions, ' '), source_years.hs_revisions)
),

present as (
    select
        source,
        year,
        mineral_id,
        trade_stage as stage,
        hs6,
        sum(value_usd) as value_usd,
        count(*) as n_flows
    from mineral_flows
    group by all
),

coverage as (
    select
        mapped.source,
        mapped.mineral_id,
        mapped.stage,
        mapped.year,
        any_value(mapped.completeness) as completeness,
        string_agg(mapped.hs6, ' ' order by mapped.hs6) as hs6_codes_mapped,
        string_agg(mapped.hs6, ' ' order by mapped.hs6) filter (where present.hs6 is not null)
            as hs6_codes,
        coalesce(
            string_agg(mapped.hs6, ' ' order by mapped.hs6) filter (where present.hs6 is null),
            ''
        ) as hs6_codes_missing,
        count(*) as n_codes_mapped,
        count(present.hs6) as n_codes_present,
        coalesce(sum(present.n_flows), 0)::bigint as n_flows,
        coalesce(sum(present.value_usd), 0) as value_usd
    from mapped
    left join present using (source, year, mineral_id, stage, hs6)
    group by mapped.source, mapped.mineral_id, mapped.stage, mapped.year
),

final as (
    select
        *,
        completeness != 'complete' or n_codes_present < n_codes_mapped as is_partial_coverage,
        {{ covers_world('completeness') }} as feeds_world_marts,
        n_codes_present > 0
        and row_number() over (
            partition by mineral_id, stage, year
            order by
                n_codes_present > 0 desc,
                {{ completeness_rank('completeness') }},
                n_codes_mapped - n_codes_present,
                {{ trade_source_rank('source') }}
        ) = 1 as is_default_series
    from coverage
)

select * from final
