-- Step 2 of fct_disruption_scenarios: what the importer loses. One row per source x
-- importer_iso3 x mineral_id x stage x year x disrupted_supplier.
-- lost_value_share = sum of the disrupted suppliers' value_share (fct_bilateral_dependence)
-- x cut_fraction; lost_quantity_share likewise; lost value (USD) and quantity (t);
-- disrupted_suppliers_present: the cut suppliers the importer buys from.
with

scenarios as (
    select * from {{ ref('int_exposure__disruption_scenarios') }}
),

bilateral as (
    select * from {{ ref('fct_bilateral_dependence') }}
),

final as (
    select
        scenarios.source,
        scenarios.importer_iso3,
        scenarios.mineral_id,
        scenarios.stage,
        scenarios.year,
        scenarios.disrupted_supplier,
        sum(bilateral.value_share * scenarios.cut_fraction) as lost_value_share,
        sum(bilateral.quantity_share * scenarios.cut_fraction) as lost_quantity_share,
        sum(bilateral.value_usd * scenarios.cut_fraction) as lost_value_usd,
        sum(bilateral.quantity_t * scenarios.cut_fraction) as lost_quantity_t,
        string_agg(bilateral.supplier_iso3, ' ' order by bilateral.supplier_iso3)
            as disrupted_suppliers_present
    from scenarios
    inner join bilateral
        on
            scenarios.source = bilateral.source
            and scenarios.importer_iso3 = bilateral.importer_iso3
            and scenarios.mineral_id = bilateral.mineral_id
            and scenarios.stage = bilateral.stage
            and scenarios.year = bilateral.year
            and list_contains(scenarios.supplier_list, bilateral.supplier_iso3)
    group by all
)

select * from final
