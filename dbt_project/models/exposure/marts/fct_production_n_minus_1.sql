-- N-1 at each production stage: the world supply left if the largest producer stops.
-- One row per source x mineral_id x stage x basis x year (latest edition of each source,
-- the series of int_exposure__production_shares; is_primary_basis marks the basis with the
-- most producing countries). A separate mart, not rows of fct_world_disruption: it is
-- measured in production (mine, refinery ... output in the series' unit), not in trade.
-- world_supply_left_share = 1 - top_producer_share (fct_production_concentration, the
-- same share denominators).
with

series as (
    select distinct
        source,
        mineral_id,
        stage,
        basis,
        year,
        edition,
        is_primary_basis
    from {{ ref('int_exposure__production_shares') }}
),

concentration as (
    select * from {{ ref('fct_production_concentration') }}
    where top_producer_iso3 is not null
),

final as (
    select
        concentration.source,
        concentration.mineral_id,
        concentration.stage,
        concentration.basis,
        concentration.year,
        concentration.edition,
        series.is_primary_basis,
        'N-1' as scenario_id,
        concentration.top_producer_iso3 as stopped_producer_iso3,
        concentration.top_producer_share as stopped_producer_share,
        1 - concentration.top_producer_share as world_supply_left_share,
        concentration.share_denominator as world_supply,
        concentration.share_denominator * concentration.top_producer_share as lost_supply,
        concentration.share_denominator * (1 - concentration.top_producer_share)
            as world_supply_left,
        concentration.quantity_unit,
        concentration.share_basis,
        concentration.is_world_total_below_listed
    from concentration
    inner join series
        on
            concentration.source = series.source
            and concentration.mineral_id = series.mineral_id
            and concentration.stage = series.stage
            and concentration.basis = series.basis
            and concentration.year = series.year
            and concentration.edition = series.edition
)

select * from final
