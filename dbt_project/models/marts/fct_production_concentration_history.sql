-- One series of world production concentration per mineral and stage, from 1984 to the
-- latest year the sources reach: for each mineral x stage x year the preferred source's
-- figures, every source's China share and world total beside them, and where sources
-- overlap, how far they disagree (splice diagnostics). One row per mineral_id x stage x year;
-- every source's row beside the preferred one: fct_production_history_sources.
--
-- The rule (docs/metrics.md "Production history"): among the sources whose latest edition
-- gives the year a computable HHI, the first in the registration preference
-- (sources/registry: USGS Mineral Commodity Summaries, then the USGS Minerals Yearbook,
-- World Mining Data's editions, the IEA, and the WMD 1984-2017 compilation last); within a
-- source, the basis with the most producing countries (then alphabetical). A source switch
-- between years is named (source_changed). Splices compare the other sources with the
-- preferred one on the same basis and unit only: world-total ratio and China-share
-- difference; is_splice_disagreement when a ratio leaves 0.9-1.1 or a China share differs
-- by more than 10 points (OWID flags BGS against USGS at 10%). Former states (USSR,
-- Yugoslavia, Czechoslovakia, East Germany, Serbia and Montenegro) stay their own producers:
-- former_states_present names them, is_successor_state_break marks the first year after one
-- disappears from the preferred series (shares across that year compare different maps).
with

per_source as (
    select * from {{ ref('int_production__history_candidates') }}
),

production as (
    select * from {{ ref('fct_mineral_production') }}
    where is_latest_edition and not is_country_group
),

former_states as (
    select distinct iso3 as country_iso3
    from {{ ref('wmd_history_country_names') }}
    where is_historical_state
),

preferred as (
    select * from per_source
    qualify row_number() over (
        partition by mineral_id, stage, year order by source_rank asc
    ) = 1
),

splices as (
    select
        preferred.mineral_id,
        preferred.stage,
        preferred.year,
        count(*) as n_sources,
        string_agg(others.source, ' ' order by others.source_rank) as sources,
        string_agg(
            others.source || ' ' || coalesce(cast(round(others.china_share, 4) as varchar), 'null')
            || ' (' || others.basis || ', ' || cast(others.edition as varchar) || ')',
            '; ' order by others.source_rank
        ) as china_share_by_source,
        min(others.share_denominator / nullif(preferred.share_denominator, 0)) filter (
            where
            others.source != preferred.source
            and others.basis = preferred.basis
            and others.quantity_unit = preferred.quantity_unit
        ) as world_total_ratio_min,
        max(others.share_denominator / nullif(preferred.share_denominator, 0)) filter (
            where
            others.source != preferred.source
            and others.basis = preferred.basis
            and others.quantity_unit = preferred.quantity_unit
        ) as world_total_ratio_max,
        max(abs(others.china_share - preferred.china_share)) filter (
            where others.source != preferred.source and others.basis = preferred.basis
        ) as china_share_max_difference
    from preferred
    inner join per_source as others
        on
            preferred.mineral_id = others.mineral_id
            and preferred.stage = others.stage
            and preferred.year = others.year
    group by preferred.mineral_id, preferred.stage, preferred.year
),

former_present as (
    select
        preferred.mineral_id,
        preferred.stage,
        preferred.year,
        string_agg(distinct production.country_iso3, ' ' order by production.country_iso3)
            as former_states_present
    from preferred
    inner join production
        on
            preferred.source = production.source
            and preferred.edition = production.edition
            and preferred.mineral_id = production.mineral_id
            and preferred.stage = production.stage
            and preferred.basis = production.basis
            and preferred.year = production.year
    inner join former_states on production.country_iso3 = former_states.country_iso3
    where production.quantity > 0
    group by all
),

joined as (
    select
        preferred.mineral_id,
        preferred.stage,
        preferred.year,
        preferred.source,
        preferred.edition,
        preferred.basis,
        preferred.quantity_unit,
        preferred.share_denominator as world_total,
        preferred.share_basis,
        preferred.n_producing_countries,
        preferred.hhi,
        preferred.cr1,
        preferred.cr3,
        preferred.top_producer_iso3,
        preferred.top_producer_share,
        preferred.china_share,
        preferred.china_share_null_reason,
        coalesce(
            preferred.source != lag(preferred.source) over series, false
        ) as source_changed,
        splices.n_sources,
        splices.sources,
        splices.china_share_by_source,
        splices.world_total_ratio_min,
        splices.world_total_ratio_max,
        splices.china_share_max_difference,
        former_present.former_states_present,
        coalesce(
            lag(former_present.former_states_present) over series is not null
            and (
                former_present.former_states_present is null
                or former_present.former_states_present
                != lag(former_present.former_states_present) over series
            ),
            false
        ) as is_successor_state_break
    from preferred
    inner join splices
        on
            preferred.mineral_id = splices.mineral_id
            and preferred.stage = splices.stage
            and preferred.year = splices.year
    left join former_present
        on
            preferred.mineral_id = former_present.mineral_id
            and preferred.stage = former_present.stage
            and preferred.year = former_present.year
    window series as (partition by preferred.mineral_id, preferred.stage order by preferred.year)
),

final as (
    select
        *,
        coalesce(
            world_total_ratio_min < 0.9
            or world_total_ratio_max > 1.1
            or china_share_max_difference > 0.10,
            false
        ) as is_splice_disagreement
    from joined
)

select * from final
