-- Step 1 of fct_disruption_scenarios: the cuts each importer is tested against. One row per
-- source x importer_iso3 x mineral_id x stage x year x disrupted_supplier.
-- disrupted_supplier: each of the importer's top suppliers (dbt var disruption_top_n,
-- default 3, identified countries ranked by value), China (where it supplies), and every
-- scenario of seeds/exposure/disruption_scenarios.csv where at least one of its suppliers
-- supplies (label = scenario_id; cut_fraction from the seed, else 1). supplier_list: the
-- countries cut; scenario_kind: every kind that names the cut (a top supplier may also be
-- China).
{% set top_n = var('disruption_top_n') %}
with

bilateral as (
    select * from {{ ref('fct_bilateral_dependence') }}
    where {{ reports_quantities(ref('fct_bilateral_dependence')) }}
),

areas as (
    select * from {{ ref('dim_country') }}
),

seed_scenarios as (
    select * from {{ ref('disruption_scenarios') }}
),

ranked as (
    select
        bilateral.*,
        row_number() over (
            partition by
                bilateral.source,
                bilateral.importer_iso3,
                bilateral.mineral_id,
                bilateral.stage,
                bilateral.year
            order by bilateral.value_usd desc nulls last, bilateral.supplier_iso3 asc
        ) as supplier_rank
    from bilateral
    inner join areas on bilateral.supplier_iso3 = areas.country_iso3
    where areas.is_country and bilateral.value_usd > 0
),

candidates as (
    select
        source,
        importer_iso3,
        mineral_id,
        stage,
        year,
        supplier_iso3 as disrupted_supplier,
        'top_supplier_' || supplier_rank as scenario_kind,
        [supplier_iso3] as supplier_list,
        1.0 as cut_fraction
    from ranked
    where supplier_rank <= {{ top_n }}
    union all
    select
        source,
        importer_iso3,
        mineral_id,
        stage,
        year,
        'CHN' as disrupted_supplier,
        'china' as scenario_kind,
        ['CHN'] as supplier_list,
        1.0 as cut_fraction
    from ranked
    where supplier_iso3 = 'CHN'
    union all
    select distinct
        ranked.source,
        ranked.importer_iso3,
        ranked.mineral_id,
        ranked.stage,
        ranked.year,
        seed_scenarios.scenario_id as disrupted_supplier,
        'seed_scenario' as scenario_kind,
        string_split(trim(seed_scenarios.supplier_set), ' ') as supplier_list,
        seed_scenarios.cut_fraction
    from ranked
    inner join seed_scenarios
        on list_contains(string_split(trim(seed_scenarios.supplier_set), ' '), ranked.supplier_iso3)
),

final as (
    select
        source,
        importer_iso3,
        mineral_id,
        stage,
        year,
        disrupted_supplier,
        string_agg(scenario_kind, ', ' order by scenario_kind) as scenario_kind,
        any_value(supplier_list) as supplier_list,
        any_value(cut_fraction) as cut_fraction
    from candidates
    group by source, importer_iso3, mineral_id, stage, year, disrupted_supplier
)

select * from final
