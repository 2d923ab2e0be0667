-- Every disruption row's lost_value_share equals the disrupted suppliers' value_share in
-- fct_bilateral_dependence (summed over a coalition) x cut_fraction; for a single supplier
-- cut whole, exactly its share.
with

scenarios as (
    select * from {{ ref('fct_disruption_scenarios') }}
),

bilateral as (
    select * from {{ ref('fct_bilateral_dependence') }}
),

recomputed as (
    select
        scenarios.source,
        scenarios.importer_iso3,
        scenarios.mineral_id,
        scenarios.stage,
        scenarios.year,
        scenarios.disrupted_supplier,
        any_value(scenarios.lost_value_share) as lost_value_share,
        coalesce(sum(bilateral.value_share), 0) * any_value(scenarios.cut_fraction)
            as expected_lost_value_share
    from scenarios
    left join bilateral
        on
            scenarios.source = bilateral.source
            and scenarios.importer_iso3 = bilateral.importer_iso3
            and scenarios.mineral_id = bilateral.mineral_id
            and scenarios.stage = bilateral.stage
            and scenarios.year = bilateral.year
            and list_contains(string_split(scenarios.supplier_set, ' '), bilateral.supplier_iso3)
    group by all
)

select *
from recomputed
where abs(lost_value_share - expected_lost_value_share) > 1e-9
