-- Every production source's figures for each mineral x stage x year of
-- fct_production_concentration_history, beside the preferred one: its China share, HHI and
-- world total, and against the preferred source (same basis and unit only) the world-total
-- ratio and the China-share difference. One row per mineral_id x stage x year x source
-- (the source's latest edition and its basis with the most producing countries).
with

history as (
    select * from {{ ref('fct_production_concentration_history') }}
),

per_source as (
    select * from {{ ref('int_production__history_candidates') }}
),

final as (
    select
        per_source.mineral_id,
        per_source.stage,
        per_source.year,
        per_source.source,
        per_source.edition,
        per_source.basis,
        per_source.quantity_unit,
        per_source.share_denominator as world_total,
        per_source.n_producing_countries,
        per_source.hhi,
        per_source.china_share,
        per_source.source = history.source as is_preferred,
        history.source as preferred_source,
        case
            when
                per_source.basis = history.basis
                and per_source.quantity_unit = history.quantity_unit
                then per_source.share_denominator / nullif(history.world_total, 0)
        end as world_total_ratio_to_preferred,
        case
            when per_source.basis = history.basis
                then per_source.china_share - history.china_share
        end as china_share_difference_to_preferred
    from per_source
    inner join history
        on
            per_source.mineral_id = history.mineral_id
            and per_source.stage = history.stage
            and per_source.year = history.year
)

select * from final
