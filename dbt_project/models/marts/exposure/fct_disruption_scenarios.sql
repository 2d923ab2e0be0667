-- What happens to an importer if a supplier (or a coalition) stops.
-- One row per source x importer_iso3 x mineral_id x stage x year x disrupted_supplier.
-- disrupted_supplier: each of the importer's top suppliers (dbt var disruption_top_n,
-- default 3, identified countries ranked by value), China (where it supplies), and every
-- scenario of seeds/exposure/disruption_scenarios.csv where at least one of its suppliers
-- supplies (label = scenario_id; cut_fraction from the seed, else 1).
--   lost_value_share = sum of the disrupted suppliers' value_share (fct_bilateral_dependence)
--     x cut_fraction; lost_quantity_share likewise; lost value (USD) and quantity (t);
--   world production HHI and export HHI before and after the cut (hhi_after_cut: the cut
--     quantities leave the world total too), production from the series matching the trade
--     stage (seeds/exposure/trade_production_stages.csv, first source of the dbt var
--     governance_production_sources);
--   friendly_bloc (dbt var friendly_blocs by importer, default {'USA': 'MSP', 'CHN':
--     'BRICS'}; others friendly_bloc_default, default MSP): its members' exports (t) to
--     countries other than the importer, without the importer and the disrupted
--     suppliers; friendly_coverage_ratio = those exports / lost quantity. No spare capacity
--     is assumed: the bloc can only divert what it already exports.
{% set top_n = var('disruption_top_n', 3) %}
{% set friendly = var('friendly_blocs', {'USA': 'MSP', 'CHN': 'BRICS'}) %}
{% set production_sources = var('governance_production_sources', ['usgs_mcs', 'wmd', 'iea']) %}
{% set production_sources_sql = "'" ~ production_sources | join("', '") ~ "'" %}
with

bilateral as (
    select * from {{ ref('fct_bilateral_dependence') }}
),

areas as (
    select * from {{ ref('dim_country') }}
),

seed_scenarios as (
    select * from {{ ref('disruption_scenarios') }}
),

flows as (
    select * from {{ ref('int_trade__mineral_flows') }}
),

production as (
    select * from {{ ref('int_exposure__production_shares') }}
    where is_primary_basis
),

stage_map as (
    select * from {{ ref('trade_production_stages') }}
),

members as (
    select * from {{ ref('int_exposure__bloc_members') }}
    where not is_eu_participant
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

scenarios as (
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
),

lost as (
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
),

-- world export HHI before/after, per distinct cut (shared by every importer)
cuts as (
    select distinct
        source,
        mineral_id,
        stage,
        year,
        disrupted_supplier,
        supplier_list,
        cut_fraction
    from scenarios
),

exporters as (
    select
        flows.source,
        flows.mineral_id,
        flows.trade_stage as stage,
        flows.year,
        flows.exporter_iso3,
        areas.is_country,
        sum(flows.value_usd) as value_usd,
        sum(flows.quantity_t) as quantity_t
    from flows
    left join areas on flows.exporter_iso3 = areas.country_iso3
    group by all
),

export_totals as (
    select
        cuts.source,
        cuts.mineral_id,
        cuts.stage,
        cuts.year,
        cuts.disrupted_supplier,
        sum(exporters.value_usd) as world_value_usd,
        coalesce(
            sum(exporters.value_usd) filter (
                where list_contains(cuts.supplier_list, exporters.exporter_iso3)
            ),
            0
        ) * any_value(cuts.cut_fraction) as cut_value_usd
    from cuts
    inner join exporters
        on
            cuts.source = exporters.source
            and cuts.mineral_id = exporters.mineral_id
            and cuts.stage = exporters.stage
            and cuts.year = exporters.year
    group by cuts.source, cuts.mineral_id, cuts.stage, cuts.year, cuts.disrupted_supplier
),

export_cut as (
    select
        cuts.source,
        cuts.mineral_id,
        cuts.stage,
        cuts.year,
        cuts.disrupted_supplier,
        {{ hhi(
            'exporters.value_usd / nullif(export_totals.world_value_usd, 0)',
            'exporters.is_country'
        ) }} as export_hhi_before,
        {{ hhi_after_cut(
            'exporters.value_usd',
            'list_contains(cuts.supplier_list, exporters.exporter_iso3)',
            'cuts.cut_fraction',
            'export_totals.world_value_usd',
            'export_totals.cut_value_usd',
            'exporters.is_country'
        ) }} as export_hhi_after
    from cuts
    inner join export_totals
        on
            cuts.source = export_totals.source
            and cuts.mineral_id = export_totals.mineral_id
            and cuts.stage = export_totals.stage
            and cuts.year = export_totals.year
            and cuts.disrupted_supplier = export_totals.disrupted_supplier
    inner join exporters
        on
            cuts.source = exporters.source
            and cuts.mineral_id = exporters.mineral_id
            and cuts.stage = exporters.stage
            and cuts.year = exporters.year
    group by cuts.source, cuts.mineral_id, cuts.stage, cuts.year, cuts.disrupted_supplier
),

production_keys as (
    select distinct
        source,
        mineral_id,
        stage,
        basis,
        year
    from production
),

production_series as (
    select
        cuts.source,
        cuts.mineral_id,
        cuts.stage,
        cuts.year,
        cuts.disrupted_supplier,
        cuts.supplier_list,
        cuts.cut_fraction,
        production.source as production_source,
        production.stage as production_stage,
        production.basis as production_basis
    from cuts
    inner join stage_map on cuts.stage = stage_map.trade_stage
    inner join production_keys as production
        on
            cuts.mineral_id = production.mineral_id
            and cuts.year = production.year
            and stage_map.production_stage = production.stage
    where
        production.source in ({{ production_sources_sql }})
    qualify row_number() over (
        partition by cuts.source, cuts.mineral_id, cuts.stage, cuts.year, cuts.disrupted_supplier
        order by
            {% for s in production_sources -%}
                production.source = '{{ s }}' desc,
            {% endfor -%}
            stage_map.preference asc
    ) = 1
),

production_rows as (
    select
        production_series.source,
        production_series.mineral_id,
        production_series.stage,
        production_series.year,
        production_series.disrupted_supplier,
        production_series.production_source,
        production_series.production_stage,
        production_series.cut_fraction,
        list_contains(production_series.supplier_list, production.country_iso3) as is_cut,
        production.quantity,
        production.share,
        production.share_denominator
    from production_series
    inner join production
        on
            production_series.production_source = production.source
            and production_series.mineral_id = production.mineral_id
            and production_series.production_stage = production.stage
            and production_series.production_basis = production.basis
            and production_series.year = production.year
),

production_with_cut as (
    select
        *,
        coalesce(
            sum(quantity) filter (where is_cut) over (
                partition by source, mineral_id, stage, year, disrupted_supplier
            ),
            0
        ) * cut_fraction as cut_quantity
    from production_rows
),

production_cut as (
    select
        source,
        mineral_id,
        stage,
        year,
        disrupted_supplier,
        any_value(production_source) as production_source,
        any_value(production_stage) as production_stage,
        {{ hhi('share') }} as production_hhi_before,
        {{ hhi_after_cut(
            'quantity',
            'is_cut',
            'cut_fraction',
            'share_denominator',
            'cut_quantity'
        ) }} as production_hhi_after
    from production_with_cut
    group by source, mineral_id, stage, year, disrupted_supplier
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
            else '{{ var("friendly_bloc_default", "MSP") }}'
        end as friendly_bloc
    from scenarios
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
        friendly_blocs.friendly_bloc,
        sum(exporters.quantity_t - coalesce(to_importer.quantity_t, 0))
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
        friendly_blocs.friendly_bloc,
        coalesce(friendly_supply.friendly_exports_to_others_t, 0)
            as friendly_exports_to_others_t,
        friendly_supply.friendly_exporters,
        coalesce(friendly_supply.friendly_exports_to_others_t, 0)
        / nullif(lost.lost_quantity_t, 0) as friendly_coverage_ratio,
        least(
            1.0,
            coalesce(friendly_supply.friendly_exports_to_others_t, 0)
            / nullif(lost.lost_quantity_t, 0)
        ) as friendly_coverable_share_of_loss
    from scenarios
    inner join lost
        using (source, importer_iso3, mineral_id, stage, year, disrupted_supplier)
    inner join friendly_blocs
        using (source, importer_iso3, mineral_id, stage, year)
    left join export_cut
        using (source, mineral_id, stage, year, disrupted_supplier)
    left join production_cut
        using (source, mineral_id, stage, year, disrupted_supplier)
    left join friendly_supply
        using (source, importer_iso3, mineral_id, stage, year, disrupted_supplier)
)

select * from final
