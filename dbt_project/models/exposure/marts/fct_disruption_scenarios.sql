-- What happens to an importer if a supplier (or a coalition) stops.
-- One row per source x importer_iso3 x mineral_id x stage x year x disrupted_supplier.
-- The steps, one intermediate model each (models/exposure/intermediate/):
--   1. int_exposure__disruption_scenarios: the cuts (top suppliers, dbt var
--      disruption_top_n; China; the scenarios of seeds/exposure/disruption_scenarios.csv);
--   2. int_exposure__disruption_lost_supply: lost value and quantity shares, USD and t;
--   3. int_exposure__disruption_export_hhi: world export HHI before and after the cut;
--   4. int_exposure__disruption_production_hhi: world production HHI before and after the
--      cut, production from int_exposure__production_series (the series matching the trade
--      stage, first source of the dbt var governance_production_sources);
--   5. int_exposure__disruption_friendly_supply: what the importer's friendly bloc (dbt var
--      friendly_blocs) already exports to others; friendly_coverage_ratio = those exports /
--      lost quantity. No spare capacity is assumed.
with

scenarios as (
    select * from {{ ref('int_exposure__disruption_scenarios') }}
),

lost as (
    select * from {{ ref('int_exposure__disruption_lost_supply') }}
),

export_cut as (
    select * from {{ ref('int_exposure__disruption_export_hhi') }}
),

production_cut as (
    select * from {{ ref('int_exposure__disruption_production_hhi') }}
),

friendly as (
    select * from {{ ref('int_exposure__disruption_friendly_supply') }}
),

coverage as (
    select * from {{ ref('dim_trade_coverage') }}
),

importers as (
    select distinct
        source,
        importer_iso3,
        year,
        is_importer_aggregate,
        importer_members_count
    from {{ ref('fct_bilateral_dependence') }}
),

final as (
    select
        scenarios.source,
        scenarios.importer_iso3,
        scenarios.mineral_id,
        scenarios.stage,
        scenarios.year,
        scenarios.disrupted_supplier,
        importers.is_importer_aggregate,
        importers.importer_members_count,
        scenarios.scenario_kind,
        array_to_string(scenarios.supplier_list, ' ') as supplier_set,
        scenarios.cut_fraction,
        lost.disrupted_suppliers_present,
        lost.lost_value_share,
        lost.lost_quantity_share,
        lost.lost_value_usd,
        lost.lost_quantity_t,
        production_cut.production_source,
        production_cut.production_stage,
        production_cut.production_hhi_before,
        production_cut.production_hhi_after,
        export_cut.export_hhi_before,
        export_cut.export_hhi_after,
        friendly.friendly_bloc,
        friendly.friendly_exports_to_others_t,
        friendly.friendly_exporters,
        friendly.friendly_exports_to_others_t / nullif(lost.lost_quantity_t, 0)
            as friendly_coverage_ratio,
        least(1.0, friendly.friendly_exports_to_others_t / nullif(lost.lost_quantity_t, 0))
            as friendly_coverable_share_of_loss,
        {{ trade_coverage_columns('coverage') }}
    from scenarios
    inner join lost
        using (source, importer_iso3, mineral_id, stage, year, disrupted_supplier)
    inner join friendly
        using (source, importer_iso3, mineral_id, stage, year, disrupted_supplier)
    left join export_cut
        using (source, mineral_id, stage, year, disrupted_supplier)
    left join production_cut
        using (source, mineral_id, stage, year, disrupted_supplier)
    left join coverage using (source, mineral_id, stage, year)
    left join importers using (source, importer_iso3, year)
)

select * from final
