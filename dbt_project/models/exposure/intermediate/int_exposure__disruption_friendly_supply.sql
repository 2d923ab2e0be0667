-- Step 5 of fct_disruption_scenarios: what a friendly bloc could divert. One row per
-- source x importer_iso3 x mineral_id x stage x year x disrupted_supplier.
-- friendly_bloc: dbt var friendly_blocs by importer (default {'USA': 'MSP', 'CHN':
-- 'BRICS'}; others friendly_bloc_default, default MSP). friendly_exports_to_others_t: its
-- members' exports (t) to countries other than the importer, without the importer and the
-- disrupted suppliers (0 where none). No spare capacity is assumed: the bloc can only divert
-- what it already exports.
{% set friendly = var('friendly_blocs') %}
with

scenarios as (
    select * from {{ ref('int_exposure__disruption_scenarios') }}
),

bilateral as (
    select * from {{ ref('fct_bilateral_dependence') }}
),

flows as (
    select * from {{ ref('int_trade__mineral_flows') }}
    where covers_world  -- world supply: complete and top-partner sources only
),

members as (
    select * from {{ ref('int_exposure__bloc_members') }}
    where not is_eu_participant
),

friendly_blocs as (
    select distinct
        source,
        importer_iso3,
        mineral_id,
        stage,
        year,
        case importer_iso3
            {% for importer in friendly -%}
                when '{{ importer }}' then '{{ friendly[importer] }}'
            {% endfor -%}
            else '{{ var("friendly_bloc_default") }}'
        end as friendly_bloc
    from scenarios
),

exporters as (
    select
        source,
        mineral_id,
        trade_stage as stage,
        year,
        exporter_iso3,
        sum(quantity_t) as quantity_t
    from flows
    group by all
),

to_importer as (
    select
        source,
        mineral_id,
        stage,
        year,
        importer_iso3,
        supplier_iso3,
        quantity_t
    from bilateral
),

friendly_supply as (
    select
        scenarios.source,
        scenarios.importer_iso3,
        scenarios.mineral_id,
        scenarios.stage,
        scenarios.year,
        scenarios.disrupted_supplier,
        -- never below 0: an exporter selling all it exports to the importer (Norway's
        -- manganese to the EU27 members) leaves a rounding residual of -1e-13
        sum(greatest(exporters.quantity_t - coalesce(to_importer.quantity_t, 0), 0))
            as friendly_exports_to_others_t,
        string_agg(exporters.exporter_iso3, ' ' order by exporters.exporter_iso3)
            as friendly_exporters
    from scenarios
    inner join friendly_blocs
        on
            scenarios.source = friendly_blocs.source
            and scenarios.importer_iso3 = friendly_blocs.importer_iso3
            and scenarios.mineral_id = friendly_blocs.mineral_id
            and scenarios.stage = friendly_blocs.stage
            and scenarios.year = friendly_blocs.year
    inner join members
        on friendly_blocs.friendly_bloc = members.bloc_id and scenarios.year = members.year
    inner join exporters
        on
            scenarios.source = exporters.source
            and scenarios.mineral_id = exporters.mineral_id
            and scenarios.stage = exporters.stage
            and scenarios.year = exporters.year
            and members.country_iso3 = exporters.exporter_iso3
    left join to_importer
        on
            scenarios.source = to_importer.source
            and scenarios.mineral_id = to_importer.mineral_id
            and scenarios.stage = to_importer.stage
            and scenarios.year = to_importer.year
            and scenarios.importer_iso3 = to_importer.importer_iso3
            and exporters.exporter_iso3 = to_importer.supplier_iso3
    where
        exporters.exporter_iso3 != scenarios.importer_iso3
        and not list_contains(scenarios.supplier_list, exporters.exporter_iso3)
        -- EU27 as importer: a member's exports are not spare supply from outside
        and not exists (
            select 1 from members as eu27_members
            where
                scenarios.importer_iso3 = 'EU27'
                and eu27_members.bloc_id = 'EU27'
                and eu27_members.year = scenarios.year
                and eu27_members.country_iso3 = exporters.exporter_iso3
        )
    group by all
),

final as (
    select
        scenarios.source,
        scenarios.importer_iso3,
        scenarios.mineral_id,
        scenarios.stage,
        scenarios.year,
        scenarios.disrupted_supplier,
        friendly_blocs.friendly_bloc,
        coalesce(friendly_supply.friendly_exports_to_others_t, 0)
            as friendly_exports_to_others_t,
        friendly_supply.friendly_exporters
    from scenarios
    inner join friendly_blocs
        using (source, importer_iso3, mineral_id, stage, year)
    left join friendly_supply
        using (source, importer_iso3, mineral_id, stage, year, disrupted_supplier)
)

select * from final
