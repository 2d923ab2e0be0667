-- Step 3 of fct_disruption_scenarios: the world export HHI before and after each cut
-- (shared by every importer). One row per source x mineral_id x stage x year x
-- disrupted_supplier. hhi_after_cut: the cut exports leave the world total too.
with

cuts as (
    select distinct
        source,
        mineral_id,
        stage,
        year,
        disrupted_supplier,
        supplier_list,
        cut_fraction
    from {{ ref('int_exposure__disruption_scenarios') }}
),

flows as (
    select * from {{ ref('int_trade__mineral_flows') }}
    where covers_world  -- world supply: complete and top-partner sources only
),

areas as (
    select * from {{ ref('dim_country') }}
),

exporters as (
    select
        flows.source,
        flows.mineral_id,
        flows.trade_stage as stage,
        flows.year,
        flows.exporter_iso3,
        areas.is_country,
        sum(flows.value_usd) as value_usd
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

final as (
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
)

select * from final
