-- How much of a country's imports come from suppliers with an export control in force.
-- One row per source x importer_iso3 x mineral_id x stage x year (every row of
-- fct_import_dependence; 0 where nothing is controlled).
--   exposed_value_share / exposed_quantity_share: imports on flows under a control in
--     force at any time in the year (int_exposure__controlled_flows) / all imports;
--   exposed_value_share_time_weighted: the same, each flow weighted by the fraction of
--     the year its control was in force;
--   fraction_of_year_covered: the largest fraction of the year any involved control was in
--     force; control_ids: the controls involved;
--   via_material_seed: some exposure comes from a control without HS codes, linked
--     through seeds/exposure/export_control_scope.csv.
-- importer_iso3 'EU27': the controlled flows into the members of the year from non-members
-- (macros/eu27_importer.sql), kept where fct_import_dependence has the EU27 row (sources
-- covering every member).
with

dependence as (
    select * from {{ ref('fct_import_dependence') }}
),

controlled as (
    select * from {{ ref('int_exposure__controlled_flows') }}
),

importer_flows as (
    select * from controlled
    union all by name
    select * exclude (member_importer_iso3, importer_members_count)
    from ({{ eu27_importer_flows('controlled', only_complete=false) }})
),

exposed as (
    select
        source,
        importer_iso3,
        mineral_id,
        trade_stage as stage,
        year,
        sum(value_usd) as exposed_value_usd,
        sum(quantity_t) as exposed_quantity_t,
        sum(value_usd * fraction_of_year) as exposed_value_usd_time_weighted,
        max(fraction_of_year) as fraction_of_year_covered,
        string_agg(distinct exporter_iso3, ' ' order by exporter_iso3) as controlling_suppliers,
        array_to_string(list_sort(list_distinct(flatten(list(control_id_list)))), ' ')
            as control_ids,
        bool_or(any_via_material_seed) as via_material_seed,
        bool_or(any_unverified) as includes_unverified_controls,
        bool_or(only_target_specific) as includes_target_specific_controls
    from importer_flows
    group by source, importer_iso3, mineral_id, trade_stage, year
),

final as (
    select
        dependence.source,
        dependence.importer_iso3,
        dependence.mineral_id,
        dependence.stage,
        dependence.year,
        dependence.is_importer_aggregate,
        dependence.importer_members_count,
        dependence.import_value_usd,
        dependence.import_quantity_t,
        coalesce(exposed.exposed_value_usd, 0) as exposed_value_usd,
        coalesce(exposed.exposed_quantity_t, 0) as exposed_quantity_t,
        coalesce(exposed.exposed_value_usd, 0)
        / nullif(dependence.import_value_usd, 0) as exposed_value_share,
        coalesce(exposed.exposed_quantity_t, 0)
        / nullif(dependence.import_quantity_t, 0) as exposed_quantity_share,
        coalesce(exposed.exposed_value_usd_time_weighted, 0)
        / nullif(dependence.import_value_usd, 0) as exposed_value_share_time_weighted,
        coalesce(exposed.fraction_of_year_covered, 0) as fraction_of_year_covered,
        exposed.controlling_suppliers,
        exposed.control_ids,
        coalesce(exposed.via_material_seed, false) as via_material_seed,
        coalesce(exposed.includes_unverified_controls, false) as includes_unverified_controls,
        coalesce(exposed.includes_target_specific_controls, false)
            as includes_target_specific_controls,
        dependence.includes_shared_codes,
        {{ trade_coverage_columns('dependence') }}
    from dependence
    left join exposed
        on
            dependence.source = exposed.source
            and dependence.importer_iso3 = exposed.importer_iso3
            and dependence.mineral_id = exposed.mineral_id
            and dependence.stage = exposed.stage
            and dependence.year = exposed.year
)

select * from final
