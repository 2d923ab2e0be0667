-- What share of world exports of a mineral leaves under an export control in force that
-- year (the OECD's "share of trade facing export restrictions", from this ledger only).
-- One row per source x mineral_id x stage x year; stage 'all' sums the mineral's trade
-- stages (a shared HS code counts whole for each mineral: includes_shared_codes).
-- A control aimed at one country counts only its flows to that country.
with

flows as (
    select * from {{ ref('int_trade__mineral_flows') }}
    where covers_world  -- world supply: complete and top-partner sources only
),

controlled as (
    select * from {{ ref('int_exposure__controlled_flows') }}
),

flows_all_stages as (
    select
        source,
        mineral_id,
        trade_stage as stage,
        year,
        value_usd,
        is_shared
    from flows
    union all
    select
        source,
        mineral_id,
        'all' as stage,
        year,
        value_usd,
        is_shared
    from flows
),

controlled_all_stages as (
    select
        source,
        mineral_id,
        trade_stage as stage,
        year,
        exporter_iso3,
        value_usd,
        fraction_of_year,
        control_id_list,
        any_via_material_seed
    from controlled
    union all
    select
        source,
        mineral_id,
        'all' as stage,
        year,
        exporter_iso3,
        value_usd,
        fraction_of_year,
        control_id_list,
        any_via_material_seed
    from controlled
),

world as (
    select
        source,
        mineral_id,
        stage,
        year,
        sum(value_usd) as world_export_value_usd,
        bool_or(is_shared) as includes_shared_codes
    from flows_all_stages
    group by source, mineral_id, stage, year
),

under_control as (
    select
        source,
        mineral_id,
        stage,
        year,
        sum(value_usd) as controlled_export_value_usd,
        sum(value_usd * fraction_of_year) as controlled_export_value_usd_time_weighted,
        string_agg(distinct exporter_iso3, ' ' order by exporter_iso3) as controlling_exporters,
        array_to_string(list_sort(list_distinct(flatten(list(control_id_list)))), ' ')
            as control_ids,
        bool_or(any_via_material_seed) as via_material_seed
    from controlled_all_stages
    group by source, mineral_id, stage, year
),

final as (
    select
        world.source,
        world.mineral_id,
        world.stage,
        world.year,
        world.world_export_value_usd,
        coalesce(under_control.controlled_export_value_usd, 0) as controlled_export_value_usd,
        coalesce(under_control.controlled_export_value_usd, 0)
        / nullif(world.world_export_value_usd, 0) as world_export_share_under_control,
        coalesce(under_control.controlled_export_value_usd_time_weighted, 0)
        / nullif(world.world_export_value_usd, 0)
            as world_export_share_under_control_time_weighted,
        under_control.controlling_exporters,
        under_control.control_ids,
        coalesce(under_control.via_material_seed, false) as via_material_seed,
        world.includes_shared_codes
    from world
    left join under_control
        on
            world.source = under_control.source
            and world.mineral_id = under_control.mineral_id
            and world.stage = under_control.stage
            and world.year = under_control.year
)

select * from final
