-- What the world loses if a supplier (or a coalition) stops supplying everyone at once, and
-- how far one friendly bloc's supply stretches over all the importers together.
-- One row per source x mineral_id x stage x year x scenario_id x loss_basis x
-- friendly_bloc x row_kind x importer_iso3. row_kind 'importer': one importer's loss
-- (only importers that buy from the stopped suppliers); row_kind 'world': the sum over
-- importers, with importer_iso3 = 'WLD' so the key holds no null. Never sum the two kinds.
--   scenarios: int_exposure__world_disruption_scenarios (world top exporters, China, the
--     coalitions of seeds/exposure/disruption_scenarios.csv); the world marts' sources that
--     report quantities.
--   loss (loss_basis 'direct'): each importer's imports from the stopped suppliers x
--     cut_fraction, t and USD; (loss_basis 'embedded') its imports bought from them or
--     traced to their material through third countries (int_origin__routes). A
--     coalition's members keep trading with each other (the stop is against the rest of
--     the world): a member importer loses nothing.
--   friendly pool: for each bloc named in the dbt vars friendly_blocs and
--     friendly_bloc_default, its members' exports (t) to non-members, members that are
--     themselves stopped left out. No spare capacity: the bloc can divert what it now
--     sells outside the bloc, and keeps supplying itself.
--   allocation (dbt var world_disruption_allocation): 'pro_rata' gives each importer the
--     same fraction of its loss, min(1, pool / world shortfall); 'bloc_first' covers the
--     bloc members' losses first (pro rata among them while the pool is short), then the
--     rest of the pool goes to the other importers pro rata. allocated_t <= loss_t,
--     sum allocated_t <= friendly_pool_t; uncovered_t = loss_t - allocated_t.
--   Another value of the var gives null allocations and fails the accepted_values test of
--   allocation_rule, which names it.
{% set rule = var('world_disruption_allocation') %}
{% set friendly = var('friendly_blocs') %}
{% set blocs = [var('friendly_bloc_default')] %}
{% for importer in friendly %}
    {% set _ = blocs.append(friendly[importer]) %}
{% endfor %}
with

scenarios as (
    select * from {{ ref('int_exposure__world_disruption_scenarios') }}
),

flows as (
    select * from {{ ref('int_trade__mineral_flows') }}
    where covers_world
),

members as (
    select * from {{ ref('int_exposure__bloc_members') }}
    where not is_eu_participant
),

coverage as (
    select * from {{ ref('dim_trade_coverage') }}
),

friendly_blocs as (
    select unnest([
        {%- for bloc in blocs | unique -%}
            '{{ bloc }}'{% if not loop.last %}, {% endif %}
        {%- endfor -%}
    ]) as friendly_bloc
),

pairs as (
    select
        source,
        mineral_id,
        trade_stage as stage,
        year,
        exporter_iso3,
        importer_iso3,
        sum(value_usd) as value_usd,
        sum(quantity_t) as quantity_t
    from flows
    group by all
),

world_trade as (
    select
        source,
        mineral_id,
        stage,
        year,
        sum(quantity_t) as world_trade_t,
        sum(value_usd) as world_trade_usd
    from pairs
    group by all
),

-- the direct loss: what the importer buys from the stopped suppliers
direct_loss as (
    select
        scenarios.source,
        scenarios.mineral_id,
        scenarios.stage,
        scenarios.year,
        scenarios.scenario_id,
        pairs.importer_iso3,
        'direct' as loss_basis,
        sum(pairs.quantity_t * scenarios.cut_fraction) as loss_t,
        sum(pairs.value_usd * scenarios.cut_fraction) as loss_usd,
        string_agg(pairs.exporter_iso3, ' ' order by pairs.exporter_iso3)
            as stopped_suppliers_present
    from scenarios
    inner join pairs
        on
            scenarios.source = pairs.source
            and scenarios.mineral_id = pairs.mineral_id
            and scenarios.stage = pairs.stage
            and scenarios.year = pairs.year
            and list_contains(scenarios.supplier_list, pairs.exporter_iso3)
    where not list_contains(scenarios.supplier_list, pairs.importer_iso3)
    group by all
),

importer_imports as (
    select
        source,
        mineral_id,
        stage,
        year,
        importer_iso3,
        sum(quantity_t) as import_t,
        sum(value_usd) as import_usd
    from pairs
    group by all
),

-- the embedded loss: a stop also cuts what third countries make from the stopped
-- suppliers' material. The direct loss plus, for each third country the importer buys
-- from, the part of that purchase traced to the stopped suppliers (int_origin__routes at
-- the last hop: via a country not stopped, origin in the stop) x cut_fraction, in USD and
-- in tonnes of that pair's flow. An importer the routes do not cover (an area that is not
-- a country) keeps its direct loss. Never below the direct loss, in USD or tonnes.
carried as (
    select
        scenarios.source,
        scenarios.mineral_id,
        scenarios.stage,
        scenarios.year,
        scenarios.scenario_id,
        scenarios.cut_fraction,
        routes.importer_iso3,
        routes.via_iso3,
        sum(routes.share) as carried_share
    from scenarios
    inner join {{ ref('int_origin__routes') }} as routes
        on
            scenarios.source = routes.source
            and scenarios.mineral_id = routes.mineral_id
            and scenarios.stage = routes.stage
            and scenarios.year = routes.year
            and list_contains(scenarios.supplier_list, routes.origin_iso3)
            and not list_contains(scenarios.supplier_list, routes.via_iso3)
    where
        routes.hops = {{ embedded_origin_max_hops() }}
        and not list_contains(scenarios.supplier_list, routes.importer_iso3)
    group by all
),

carried_loss as (
    select
        carried.source,
        carried.mineral_id,
        carried.stage,
        carried.year,
        carried.scenario_id,
        carried.importer_iso3,
        sum(
            carried.carried_share * importer_imports.import_usd / nullif(pairs.value_usd, 0)
            * pairs.quantity_t * carried.cut_fraction
        ) as loss_t,
        sum(carried.carried_share * importer_imports.import_usd * carried.cut_fraction)
            as loss_usd,
        string_agg(carried.via_iso3, ' ' order by carried.via_iso3) as carriers
    from carried
    inner join importer_imports
        on
            carried.source = importer_imports.source
            and carried.mineral_id = importer_imports.mineral_id
            and carried.stage = importer_imports.stage
            and carried.year = importer_imports.year
            and carried.importer_iso3 = importer_imports.importer_iso3
    inner join pairs
        on
            carried.source = pairs.source
            and carried.mineral_id = pairs.mineral_id
            and carried.stage = pairs.stage
            and carried.year = pairs.year
            and carried.via_iso3 = pairs.exporter_iso3
            and carried.importer_iso3 = pairs.importer_iso3
    group by all
),

embedded_loss as (
    select
        coalesce(direct_loss.source, carried_loss.source) as source,
        coalesce(direct_loss.mineral_id, carried_loss.mineral_id) as mineral_id,
        coalesce(direct_loss.stage, carried_loss.stage) as stage,
        coalesce(direct_loss.year, carried_loss.year) as year,
        coalesce(direct_loss.scenario_id, carried_loss.scenario_id) as scenario_id,
        coalesce(direct_loss.importer_iso3, carried_loss.importer_iso3) as importer_iso3,
        'embedded' as loss_basis,
        coalesce(
            direct_loss.loss_t + carried_loss.loss_t, direct_loss.loss_t, carried_loss.loss_t
        ) as loss_t,
        coalesce(
            direct_loss.loss_usd + carried_loss.loss_usd,
            direct_loss.loss_usd,
            carried_loss.loss_usd
        ) as loss_usd,
        concat_ws(' ', direct_loss.stopped_suppliers_present, carried_loss.carriers)
            as stopped_suppliers_present
    from direct_loss
    full outer join carried_loss
        on
            direct_loss.source = carried_loss.source
            and direct_loss.mineral_id = carried_loss.mineral_id
            and direct_loss.stage = carried_loss.stage
            and direct_loss.year = carried_loss.year
            and direct_loss.scenario_id = carried_loss.scenario_id
            and direct_loss.importer_iso3 = carried_loss.importer_iso3
),

losses as (
    select * from direct_loss
    union all
    select * from embedded_loss
),

friendly_supply as (
    select
        scenarios.source,
        scenarios.mineral_id,
        scenarios.stage,
        scenarios.year,
        scenarios.scenario_id,
        exporter.bloc_id as friendly_bloc,
        sum(pairs.quantity_t) as friendly_pool_t,
        string_agg(distinct pairs.exporter_iso3, ' ' order by pairs.exporter_iso3)
            as friendly_exporters
    from scenarios
    inner join pairs
        on
            scenarios.source = pairs.source
            and scenarios.mineral_id = pairs.mineral_id
            and scenarios.stage = pairs.stage
            and scenarios.year = pairs.year
    inner join members as exporter
        on pairs.exporter_iso3 = exporter.country_iso3 and pairs.year = exporter.year
    inner join friendly_blocs on exporter.bloc_id = friendly_blocs.friendly_bloc
    left join members as buyer
        on
            pairs.importer_iso3 = buyer.country_iso3
            and pairs.year = buyer.year
            and exporter.bloc_id = buyer.bloc_id
    where
        buyer.country_iso3 is null
        and not list_contains(scenarios.supplier_list, pairs.exporter_iso3)
    group by all
),

importer_losses as (
    select
        losses.*,
        friendly_blocs.friendly_bloc,
        bloc_member.country_iso3 is not null as is_bloc_member,
        coalesce(friendly_supply.friendly_pool_t, 0) as friendly_pool_t,
        friendly_supply.friendly_exporters
    from losses
    cross join friendly_blocs
    left join members as bloc_member
        on
            losses.importer_iso3 = bloc_member.country_iso3
            and losses.year = bloc_member.year
            and friendly_blocs.friendly_bloc = bloc_member.bloc_id
    left join friendly_supply
        on
            losses.source = friendly_supply.source
            and losses.mineral_id = friendly_supply.mineral_id
            and losses.stage = friendly_supply.stage
            and losses.year = friendly_supply.year
            and losses.scenario_id = friendly_supply.scenario_id
            and friendly_blocs.friendly_bloc = friendly_supply.friendly_bloc
),

shortfalls as (
    select
        *,
        sum(loss_t) over scenario_bloc as shortfall_t,
        sum(case when is_bloc_member then loss_t else 0 end) over scenario_bloc
            as member_shortfall_t,
        sum(case when is_bloc_member then 0 else loss_t end) over scenario_bloc
            as non_member_shortfall_t
    from importer_losses
    window scenario_bloc as (
        partition by source, mineral_id, stage, year, scenario_id, loss_basis, friendly_bloc
    )
),

allocated as (
    select
        *,
        {% if rule == 'pro_rata' %}
            loss_t * least(1.0, friendly_pool_t / nullif(shortfall_t, 0))
        {% elif rule == 'bloc_first' %}
            case
                when is_bloc_member
                    then loss_t * least(1.0, friendly_pool_t / nullif(member_shortfall_t, 0))
                else loss_t * least(
                    1.0,
                    greatest(0.0, friendly_pool_t - member_shortfall_t)
                    / nullif(non_member_shortfall_t, 0)
                )
            end
        {% else %}
            null::double
        {% endif %} as allocated_t
    from shortfalls
),

importer_rows as (
    select
        source,
        mineral_id,
        stage,
        year,
        scenario_id,
        loss_basis,
        friendly_bloc,
        'importer' as row_kind,
        importer_iso3,
        is_bloc_member,
        stopped_suppliers_present,
        loss_t,
        loss_usd,
        friendly_pool_t,
        friendly_exporters,
        allocated_t,
        loss_t - allocated_t as uncovered_t
    from allocated
),

world_rows as (
    select
        source,
        mineral_id,
        stage,
        year,
        scenario_id,
        loss_basis,
        friendly_bloc,
        'world' as row_kind,
        'WLD' as importer_iso3,
        null::boolean as is_bloc_member,
        string_agg(distinct stopped_suppliers_present, ' ' order by stopped_suppliers_present)
            as stopped_suppliers_present,
        sum(loss_t) as loss_t,
        sum(loss_usd) as loss_usd,
        any_value(friendly_pool_t) as friendly_pool_t,
        any_value(friendly_exporters) as friendly_exporters,
        sum(allocated_t) as allocated_t,
        sum(uncovered_t) as uncovered_t
    from importer_rows
    group by all
),

final as (
    select
        rows_.source,
        rows_.mineral_id,
        rows_.stage,
        rows_.year,
        rows_.scenario_id,
        scenarios.scenario_kind,
        array_to_string(scenarios.supplier_list, ' ') as supplier_set,
        scenarios.cut_fraction,
        rows_.loss_basis,
        rows_.friendly_bloc,
        rows_.row_kind,
        rows_.importer_iso3,
        rows_.is_bloc_member,
        rows_.stopped_suppliers_present,
        rows_.loss_t,
        rows_.loss_usd,
        world_trade.world_trade_t,
        world_trade.world_trade_usd,
        rows_.loss_t / nullif(world_trade.world_trade_t, 0) as loss_share_of_world_trade_t,
        rows_.friendly_pool_t,
        rows_.friendly_exporters,
        '{{ rule }}' as allocation_rule,
        rows_.allocated_t,
        rows_.uncovered_t,
        rows_.allocated_t / nullif(rows_.loss_t, 0) as covered_share_of_loss,
        {{ trade_coverage_columns('coverage') }}
    from (
        select * from importer_rows
        union all
        select * from world_rows
    ) as rows_
    inner join scenarios
        on
            rows_.source = scenarios.source
            and rows_.mineral_id = scenarios.mineral_id
            and rows_.stage = scenarios.stage
            and rows_.year = scenarios.year
            and rows_.scenario_id = scenarios.scenario_id
    left join world_trade
        on
            rows_.source = world_trade.source
            and rows_.mineral_id = world_trade.mineral_id
            and rows_.stage = world_trade.stage
            and rows_.year = world_trade.year
    left join coverage
        on
            rows_.source = coverage.source
            and rows_.mineral_id = coverage.mineral_id
            and rows_.stage = coverage.stage
            and rows_.year = coverage.year
)

select * from final
