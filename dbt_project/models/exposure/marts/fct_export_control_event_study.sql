-- Before and after each export control: the controlling country's exports of the covered
-- codes (value, quantity, unit value) by destination, from event_study_years_before years
-- before the year it took effect to event_study_years_after after, indexed to the last full
-- year before it (base_year = effective year - 1), with the shares going to the control's
-- target and to the trade hubs (var trade_hubs), and the export unit value against the rest
-- of the world's for the same codes. One row per control_id x source x destination_iso3
-- ('WLD' = all destinations) x year.
-- Covered codes: the link's HS codes for a control linked by codes (the ledger's, or the
-- MOFCOM items' where they replace them: int_exposure__control_links), every code mapped to
-- the mineral (at the link's stage) for a link through the material. Sources:
-- those that hold the controlling country's exports whole (complete, top partners, or its
-- own report: China's exports as China reports them). A year in which the source holds none
-- of the covered codes (from any exporter) is a row with year_in_source false and data_note
-- naming the years it holds, never a gap; a destination the source holds no flow to in a
-- year it holds has value 0.
{% set hubs = var('trade_hubs') %}
with

controls as (
    select * from {{ ref('stg_reference__export_controls') }}
),

scope as (
    select * from {{ ref('int_exposure__control_links') }}
),

hs_minerals as (
    select * from {{ ref('hs_minerals') }}
),

flows as (
    select * from {{ ref('int_trade__flows') }}
    where completeness in ('complete', 'top_partners') or reported_by = 'exporter'
),

covered_codes as (
    select distinct
        control_id,
        unnest(hs6_list) as hs6
    from scope
    where link in ('hs_codes', 'items')
    union
    select distinct
        scope.control_id,
        hs_minerals.hs6
    from scope
    inner join hs_minerals
        on
            scope.mineral_id = hs_minerals.mineral_id
            and coalesce(scope.trade_stage, hs_minerals.trade_stage) = hs_minerals.trade_stage
    where scope.link = 'material'
),

events as (
    select
        controls.control_id,
        controls.country_iso3,
        controls.target_iso3,
        controls.in_force_from as effective_date,
        year(controls.in_force_from) - 1 as base_year,
        (
            select string_agg(distinct scope.mineral_id, ' ' order by scope.mineral_id)
            from scope
            where scope.control_id = controls.control_id
        ) as mineral_ids
    from controls
    where controls.control_id in (select covered.control_id from covered_codes as covered)
),

code_years as (
    select distinct
        source,
        year,
        hs6,
        completeness
    from flows
),

held_years as (
    select
        covered_codes.control_id,
        code_years.source,
        code_years.year,
        any_value(code_years.completeness) as completeness
    from covered_codes
    inner join code_years on covered_codes.hs6 = code_years.hs6
    group by all
),

held_spans as (
    select
        control_id,
        source,
        any_value(completeness) as completeness,
        string_agg(cast(year as varchar), ' ' order by year) as held_years
    from held_years
    group by control_id, source
),

event_years as (
    select
        events.*,
        held_spans.source,
        held_spans.completeness,
        held_spans.held_years,
        unnest(range(
            events.base_year + 1 - {{ var('event_study_years_before') }},
            events.base_year + 2 + {{ var('event_study_years_after') }}
        )) as year
    from events
    inner join held_spans on events.control_id = held_spans.control_id
),

controlled_flows as (
    select
        events.control_id,
        flows.source,
        flows.year,
        flows.importer_iso3 as destination_iso3,
        string_agg(distinct flows.hs6, ' ' order by flows.hs6) as hs6_codes,
        sum(flows.value_usd) as value_usd,
        sum(flows.quantity_t) as quantity_t
    from events
    inner join covered_codes on events.control_id = covered_codes.control_id
    inner join flows
        on
            events.country_iso3 = flows.exporter_iso3
            and covered_codes.hs6 = flows.hs6
    group by all
),

rest_of_world as (
    select
        events.control_id,
        flows.source,
        flows.year,
        sum(flows.value_usd) filter (where flows.quantity_t > 0)
        / nullif(sum(flows.quantity_t) filter (where flows.quantity_t > 0), 0)
            as unit_value_usd_per_t
    from events
    inner join covered_codes on events.control_id = covered_codes.control_id
    inner join flows
        on
            events.country_iso3 != flows.exporter_iso3
            and covered_codes.hs6 = flows.hs6
    where flows.completeness in ('complete', 'top_partners')
    group by all
),

destinations as (
    select distinct
        control_id,
        source,
        destination_iso3
    from controlled_flows
    union all
    select distinct
        control_id,
        source,
        'WLD' as destination_iso3
    from controlled_flows
),

by_destination as (
    select
        control_id,
        source,
        year,
        destination_iso3,
        hs6_codes,
        value_usd,
        quantity_t
    from controlled_flows
    union all
    select
        control_id,
        source,
        year,
        'WLD' as destination_iso3,
        string_agg(distinct hs6_codes, ' ' order by hs6_codes) as hs6_codes,
        sum(value_usd) as value_usd,
        sum(quantity_t) as quantity_t
    from controlled_flows
    group by control_id, source, year
),

grid as (
    select
        event_years.*,
        destinations.destination_iso3,
        held_years.year is not null as year_in_source
    from event_years
    inner join destinations
        on
            event_years.control_id = destinations.control_id
            and event_years.source = destinations.source
    left join held_years
        on
            event_years.control_id = held_years.control_id
            and event_years.source = held_years.source
            and event_years.year = held_years.year
),

joined as (
    select
        grid.control_id,
        grid.country_iso3,
        grid.mineral_ids,
        grid.target_iso3,
        grid.effective_date,
        grid.base_year,
        grid.source,
        grid.completeness,
        grid.destination_iso3,
        grid.year,
        grid.year - grid.base_year - 1 as event_year,
        grid.year_in_source,
        case
            when not grid.year_in_source
                then
                    'no data: ' || grid.source || ' holds the covered codes in '
                    || grid.held_years || ' only'
        end as data_note,
        by_destination.hs6_codes,
        case when grid.year_in_source then coalesce(by_destination.value_usd, 0) end
            as value_usd,
        case when grid.year_in_source then coalesce(by_destination.quantity_t, 0) end
            as quantity_t,
        by_destination.value_usd / nullif(by_destination.quantity_t, 0)
            as unit_value_usd_per_t,
        grid.destination_iso3 = grid.target_iso3 as is_target,
        grid.destination_iso3 in (
            '{{ hubs | join("', '") }}'
        )
            as is_hub,
        rest_of_world.unit_value_usd_per_t as rest_of_world_unit_value_usd_per_t
    from grid
    left join by_destination
        on
            grid.control_id = by_destination.control_id
            and grid.source = by_destination.source
            and grid.year = by_destination.year
            and grid.destination_iso3 = by_destination.destination_iso3
    left join rest_of_world
        on
            grid.control_id = rest_of_world.control_id
            and grid.source = rest_of_world.source
            and grid.year = rest_of_world.year
),

final as (
    select
        *,
        value_usd / nullif(
            max(value_usd) filter (where year = base_year) over destination_series, 0
        ) as value_index,
        quantity_t / nullif(
            max(quantity_t) filter (where year = base_year) over destination_series, 0
        ) as quantity_index,
        value_usd / nullif(
            max(value_usd) filter (where destination_iso3 = 'WLD') over control_year, 0
        ) as share_of_exports,
        sum(value_usd) filter (where is_target) over control_year
        / nullif(max(value_usd) filter (where destination_iso3 = 'WLD') over control_year, 0)
            as target_share,
        sum(value_usd) filter (where is_hub) over control_year
        / nullif(max(value_usd) filter (where destination_iso3 = 'WLD') over control_year, 0)
            as hubs_share,
        unit_value_usd_per_t / nullif(rest_of_world_unit_value_usd_per_t, 0)
            as unit_value_ratio_to_rest_of_world
    from joined
    window
        destination_series as (partition by control_id, source, destination_iso3),
        control_year as (partition by control_id, source, year)
)

select * from final
