-- How each export control of the ledger is linked to trade, one row per control_id x
-- mineral_id x link x trade_stage (null = all stages), for the controls linked to goods:
--   link hs_codes: the ledger's HS codes (hs6_list), restricted to this mineral;
--   link material: no usable HS code: every flow of the mineral (at trade_stage, if set),
--     through the reviewed seeds/exposure/export_control_scope.csv;
--   link items: the HS6 codes of the notice's items for this mineral (MOFCOM item table,
--     stg_mofcom_controls__items; item_numbers lists the items, 0-based). Where the items
--     give codes for a control x mineral that the scope seed links for all stages, they
--     replace that hs_codes or material link, unless a goods item of it has no code (e.g.
--     the oxides of No. 57/2025, 公告未列明): then the seed's link is kept beside them. A
--     stage-specific link, and every link the items give nothing for, is kept.
-- Controls scoped not_goods, out_of_scope or suspension_event have no row.
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
        list_sort(list(distinct hs6) filter (where hs6 is not null)) as item_hs6_list,
        list_sort(list(distinct item_no) filter (where hs6 is not null)) as item_numbers,
        coalesce(bool_or(hs6 is null and control_type = 'item_control'), false)
            as has_goods_without_code
    from {{ ref('stg_mofcom_controls__items') }}
    where control_id is not null and mineral_id is not null
    group by control_id, mineral_id
    having count(hs6) > 0
),

item_scope as (
    select
        seed_scope.control_id,
        seed_scope.mineral_id,
        'items' as link,
        null as trade_stage,
        'MOFCOM item codes (stg_mofcom_controls__items) '
        || case
            when any_value(item_codes.has_goods_without_code)
                then 'beside the scope seed''s '
            else 'in place of the scope seed''s '
        end
        || string_agg(seed_scope.link, ', ' order by seed_scope.link) || ' link' as note,
        any_value(item_codes.item_hs6_list) as item_hs6_list,
        any_value(item_codes.item_numbers) as item_numbers,
        any_value(item_codes.has_goods_without_code) as has_goods_without_code
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
            and not item_scope.has_goods_without_code
    union all by name
    select * exclude (has_goods_without_code) from item_scope
),

final as (
    select
        scope.control_id,
        scope.mineral_id,
        scope.link,
        scope.trade_stage,
        case
            when scope.link = 'items' then scope.item_hs6_list else controls.hs6_list
        end as hs6_list,
        scope.item_numbers,
        scope.note
    from scope
    inner join controls on scope.control_id = controls.control_id
)

select * from final
