-- Which export controls are in force in which year, on which mineral, and how.
-- One row per control_id x mineral_id x link x trade_stage (all = any stage) x year, for
-- the years a control is in force on at least one day.
--   link hs_codes: the ledger's HS codes, restricted to this mineral (a shared code such
--     as 811292 counts only for the minerals the scope seed names);
--   link material: no usable HS code: every flow of the mineral (at trade_stage, if set),
--     through the reviewed seeds/exposure/export_control_scope.csv (via_material_seed);
--   link items: the HS6 codes of the notice's items for this mineral (MOFCOM item table,
--     stg_mofcom_controls__items; item_numbers lists them). Where the items give codes for
--     a control x mineral that the scope seed links for all stages, they replace that
--     hs_codes or material link; a stage-specific link, and every link the items give
--     nothing for, is kept.
-- Controls scoped not_goods, out_of_scope or suspension_event are not linked to trade
-- (they stay in the ledger). A day is in force from in_force_from to the day before
-- in_force_until; a measure suspended before it took effect has no day in force.
with

controls as (
    select * from {{ ref('stg_reference__export_controls') }}
),

seed_scope as (
    select * from {{ ref('export_control_scope') }}
    where link in ('hs_codes', 'material')
),

item_codes as (
    select
        control_id,
        mineral_id,
        list_sort(list(distinct hs6)) as item_hs6_list,
        list_sort(list(distinct item_no)) as item_numbers
    from {{ ref('stg_mofcom_controls__items') }}
    where hs6 is not null and control_id is not null and mineral_id is not null
    group by control_id, mineral_id
),

item_scope as (
    select
        seed_scope.control_id,
        seed_scope.mineral_id,
        'items' as link,
        null as trade_stage,
        'MOFCOM item codes (stg_mofcom_controls__items) in place of the scope seed''s '
        || string_agg(seed_scope.link, ', ' order by seed_scope.link) || ' link' as note,
        any_value(item_codes.item_hs6_list) as item_hs6_list,
        any_value(item_codes.item_numbers) as item_numbers
    from seed_scope
    inner join item_codes
        on
            seed_scope.control_id = item_codes.control_id
            and seed_scope.mineral_id = item_codes.mineral_id
    where seed_scope.trade_stage is null
    group by seed_scope.control_id, seed_scope.mineral_id
),

scope as (
    select
        seed_scope.*,
        cast(null as varchar[]) as item_hs6_list,
        cast(null as bigint[]) as item_numbers
    from seed_scope
    anti join item_scope
        on
            seed_scope.control_id = item_scope.control_id
            and seed_scope.mineral_id = item_scope.mineral_id
            and seed_scope.trade_stage is null
    union all by name
    select * from item_scope
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
        scope.item_hs6_list,
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
        case when link = 'items' then item_hs6_list else hs6_list end as hs6_list,
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
