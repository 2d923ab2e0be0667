-- Trade flows of a mapped mineral that leave a country with an export control in force on
-- them in that year. One row per source x year x exporter_iso3 x importer_iso3 x hs6 x
-- mineral_id. A control aimed at one country (target_iso3) covers only flows to it.
with

flows as (
    select * from {{ ref('int_trade__mineral_flows') }}
),

controls as (
    select * from {{ ref('int_exposure__controls_by_year') }}
),

matched as (
    select
        flows.source,
        flows.year,
        flows.exporter_iso3,
        flows.importer_iso3,
        flows.hs6,
        flows.mineral_id,
        flows.trade_stage,
        flows.value_usd,
        flows.quantity_t,
        flows.is_shared,
        controls.control_id,
        controls.via_material_seed,
        controls.fraction_of_year,
        controls.is_unverified,
        controls.target_iso3 is not null as is_target_specific
    from flows
    inner join controls
        on
            flows.exporter_iso3 = controls.country_iso3
            and flows.year = controls.year
            and flows.mineral_id = controls.mineral_id
            and (controls.target_iso3 is null or flows.importer_iso3 = controls.target_iso3)
            and (
                (
                    controls.link in ('hs_codes', 'items')
                    and list_contains(controls.hs6_list, flows.hs6)
                )
                or (
                    controls.link = 'material'
                    and controls.trade_stage in ('all', flows.trade_stage)
                )
            )
),

final as (
    select
        source,
        year,
        exporter_iso3,
        importer_iso3,
        hs6,
        mineral_id,
        trade_stage,
        any_value(value_usd) as value_usd,
        any_value(quantity_t) as quantity_t,
        bool_or(is_shared) as is_shared,
        list_sort(list(distinct control_id)) as control_id_list,
        string_agg(distinct control_id, ' ' order by control_id) as control_ids,
        max(fraction_of_year) as fraction_of_year,
        bool_and(via_material_seed) as only_via_material_seed,
        bool_or(via_material_seed) as any_via_material_seed,
        bool_or(is_unverified) as any_unverified,
        bool_and(is_target_specific) as only_target_specific
    from matched
    group by source, year, exporter_iso3, importer_iso3, hs6, mineral_id, trade_stage
)

select * from final
