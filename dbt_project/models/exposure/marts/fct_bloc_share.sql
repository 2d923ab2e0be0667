-- What share of world supply a bloc holds. One row per bloc_id x mineral_id x stage x year
-- x measure, measure = production_<source> (usgs_mcs, wmd, iea: latest edition, the primary
-- basis of int_exposure__production_shares, shares of fct_production_concentration's
-- denominators) or exports_<source> (baci, comtrade: value shares of all flows of the
-- source, as fct_export_concentration). Membership as of 31 December of the year
-- (int_exposure__bloc_members).
-- Null convention (docs/metrics.md): 0 when the source's figures show none (no member
-- among the exporters of a trade source; members listed with zero production); null, with
-- share_null_reason, when the source gives no figure (no member listed by the production
-- source, or the listed members' figures withheld). Production shares are of the published
-- world total: where that rounded total is below the listed countries' sum
-- (is_world_total_below_listed) a bloc's share can pass 1 slightly (BRICS vanadium 2025:
-- 1.03), as USGS's own shares would.
with

supply as (
    select * from {{ ref('int_exposure__supply_shares') }}
),

members as (
    select * from {{ ref('int_exposure__bloc_members') }}
),

bloc_years as (
    select
        bloc_id,
        year,
        count(*) filter (where not is_eu_participant) as n_members,
        bool_or(is_start_date_assumed) as includes_assumed_start_dates,
        bool_or(is_eu_participant) as has_eu_participant
    from members
    group by bloc_id, year
),

series as (
    select
        measure,
        measure_kind,
        source,
        mineral_id,
        stage,
        year,
        any_value(basis) as basis,
        any_value(world_total) as world_total,
        any_value(quantity_unit) as unit,
        bool_or(is_shared) as includes_shared_codes,
        bool_or(is_world_total_below_listed) as is_world_total_below_listed
    from supply
    group by measure, measure_kind, source, mineral_id, stage, year
),

bloc_supply as (
    select
        members.bloc_id,
        supply.measure,
        supply.mineral_id,
        supply.stage,
        supply.year,
        sum(supply.share) as share,
        sum(supply.quantity_share) as quantity_share,
        sum(supply.quantity) as bloc_quantity,
        sum(supply.value_usd) as bloc_value_usd,
        count(*) filter (where supply.quantity > 0 or supply.value_usd > 0)
            as n_members_supplying,
        string_agg(supply.country_iso3, ' ' order by supply.country_iso3) filter (
            where supply.quantity > 0 or supply.value_usd > 0
        ) as members_supplying
    from supply
    inner join members
        on supply.country_iso3 = members.country_iso3 and supply.year = members.year
    group by members.bloc_id, supply.measure, supply.mineral_id, supply.stage, supply.year
),

final as (
    select
        bloc_years.bloc_id,
        series.mineral_id,
        series.stage,
        series.year,
        series.measure,
        series.measure_kind,
        series.source,
        series.basis,
        series.unit,
        series.world_total,
        case
            when series.measure_kind = 'exports' or bloc_supply.share is not null
                then coalesce(bloc_supply.bloc_quantity, 0)
        end as bloc_quantity,
        bloc_supply.bloc_value_usd,
        case
            when series.measure_kind = 'exports' then coalesce(bloc_supply.share, 0)
            else bloc_supply.share
        end as share,
        case
            when series.measure_kind = 'exports' or bloc_supply.share is not null then null
            when bloc_supply.bloc_id is null then 'no member listed by the source'
            else 'members listed without a number (W, NA or a blank cell)'
        end as share_null_reason,
        series.is_world_total_below_listed,
        bloc_supply.quantity_share,
        bloc_years.n_members,
        coalesce(bloc_supply.n_members_supplying, 0) as n_members_supplying,
        bloc_supply.members_supplying,
        bloc_years.includes_assumed_start_dates,
        bloc_years.has_eu_participant,
        {{ var('expand_eu_to_members') }} as is_eu_expanded,
        series.includes_shared_codes
    from series
    inner join bloc_years on series.year = bloc_years.year
    left join bloc_supply
        on
            bloc_years.bloc_id = bloc_supply.bloc_id
            and series.measure = bloc_supply.measure
            and series.mineral_id = bloc_supply.mineral_id
            and series.stage = bloc_supply.stage
            and series.year = bloc_supply.year
)

select * from final
