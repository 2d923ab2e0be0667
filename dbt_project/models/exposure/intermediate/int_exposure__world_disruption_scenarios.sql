-- The world stops of fct_world_disruption: who stops supplying everyone. One row per
-- source x mineral_id x stage x year x scenario_id.
-- scenario_id: each of the world's top exporters (dbt var disruption_top_n, default 3,
-- identified countries ranked by export value), China (where it exports), and every
-- scenario of seeds/exposure/disruption_scenarios.csv where at least one of its suppliers
-- exports (label = scenario_id, cut_fraction from the seed, else 1). supplier_list: the
-- countries cut; scenario_kind: every kind that names the stop (a top exporter may also be
-- China). Sources: the world marts' (complete and top-partner sources, macros
-- trade_sources.sql covers_world) that report quantities (reports_quantities).
{% set top_n = var('disruption_top_n') %}
with

flows as (
    select * from {{ ref('int_trade__mineral_flows') }}
    where covers_world and {{ reports_quantities(ref('int_trade__mineral_flows')) }}
),

areas as (
    select * from {{ ref('dim_country') }}
),

seed_scenarios as (
    select * from {{ ref('disruption_scenarios') }}
),

exporters as (
    select
        source,
        mineral_id,
        trade_stage as stage,
        year,
        exporter_iso3,
        sum(value_usd) as value_usd
    from flows
    group by all
),

ranked as (
    select
        exporters.*,
        row_number() over (
            partition by exporters.source, exporters.mineral_id, exporters.stage, exporters.year
            order by exporters.value_usd desc nulls last, exporters.exporter_iso3 asc
        ) as supplier_rank
    from exporters
    inner join areas on exporters.exporter_iso3 = areas.country_iso3
    where areas.is_country and exporters.value_usd > 0
),

candidates as (
    select
        source,
        mineral_id,
        stage,
        year,
        exporter_iso3 as scenario_id,
        'top_supplier_' || supplier_rank as scenario_kind,
        [exporter_iso3] as supplier_list,
        1.0 as cut_fraction
    from ranked
    where supplier_rank <= {{ top_n }}
    union all
    select
        source,
        mineral_id,
        stage,
        year,
        'CHN' as scenario_id,
        'china' as scenario_kind,
        ['CHN'] as supplier_list,
        1.0 as cut_fraction
    from ranked
    where exporter_iso3 = 'CHN'
    union all
    select distinct
        ranked.source,
        ranked.mineral_id,
        ranked.stage,
        ranked.year,
        seed_scenarios.scenario_id,
        'seed_scenario' as scenario_kind,
        string_split(trim(seed_scenarios.supplier_set), ' ') as supplier_list,
        seed_scenarios.cut_fraction
    from ranked
    inner join seed_scenarios
        on list_contains(string_split(trim(seed_scenarios.supplier_set), ' '), ranked.exporter_iso3)
),

final as (
    select
        source,
        mineral_id,
        stage,
        year,
        scenario_id,
        string_agg(scenario_kind, ', ' order by scenario_kind) as scenario_kind,
        any_value(supplier_list) as supplier_list,
        any_value(cut_fraction) as cut_fraction
    from candidates
    group by source, mineral_id, stage, year, scenario_id
)

select * from final
