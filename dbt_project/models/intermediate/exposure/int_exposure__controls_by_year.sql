-- Which export controls are in force in which year, on which mineral, and how.
-- One row per control_id x mineral_id x link x trade_stage (all = any stage) x year, for
-- the years a control is in force on at least one day. The links (hs_codes, material,
-- items; hs6_list, item_numbers) are those of int_exposure__control_links; via_material_seed
-- marks a link through the material (a shared code such as 811292 counts only for the
-- minerals linked).
-- Controls scoped not_goods, out_of_scope or suspension_event are not linked to trade
-- (they stay in the ledger). A day is in force from in_force_from to the day before
-- in_force_until; a measure suspended before it took effect has no day in force.
with

controls as (
    select * from {{ ref('stg_reference__export_controls') }}
),

scope as (
    select * from {{ ref('int_exposure__control_links') }}
),

years as (
    select unnest(range(1990, {{ var('exposure_last_year') }} + 1)) as year
),

spans as (
    select
        controls.*,
        scope.mineral_id,
        scope.link,
        coalesce(scope.trade_stage, 'all') as trade_stage,
        scope.note as scope_note,
        scope.hs6_list as link_hs6_list,
        scope.item_numbers,
        years.year,
        greatest(controls.in_force_from, make_date(years.year, 1, 1)) as span_start,
        least(
            coalesce(controls.in_force_until - 1, make_date(years.year, 12, 31)),
            make_date(years.year, 12, 31)
        ) as span_end
    from controls
    inner join scope on controls.control_id = scope.control_id
    cross join years
),

final as (
    select
        control_id,
        country_iso3,
        target_iso3,
        mineral_id,
        link,
        trade_stage,
        link = 'material' as via_material_seed,
        link_hs6_list as hs6_list,
        item_numbers,
        year,
        span_start,
        span_end,
        date_diff('day', span_start, span_end) + 1 as days_in_force,
        (date_diff('day', span_start, span_end) + 1)
        / (date_diff('day', make_date(year, 1, 1), make_date(year, 12, 31)) + 1)
            as fraction_of_year,
        is_unverified,
        is_effective_date_assumed,
        status
    from spans
    where span_end >= span_start
)

select * from final
