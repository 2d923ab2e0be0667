-- Step 4 of fct_disruption_scenarios: the world production HHI before and after each cut
-- (shared by every importer). One row per source x mineral_id x stage x year x
-- disrupted_supplier, where the trade stage has a production series
-- (int_exposure__production_series). hhi_after_cut: the cut quantities leave the world
-- total too.
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

series as (
    select * from {{ ref('int_exposure__production_series') }}
),

production as (
    select * from {{ ref('int_exposure__production_shares') }}
    where is_primary_basis
),

production_rows as (
    select
        cuts.source,
        cuts.mineral_id,
        cuts.stage,
        cuts.year,
        cuts.disrupted_supplier,
        series.production_source,
        series.production_stage,
        cuts.cut_fraction,
        list_contains(cuts.supplier_list, production.country_iso3) as is_cut,
        production.quantity,
        production.share,
        production.share_denominator
    from cuts
    inner join series
        on
            cuts.mineral_id = series.mineral_id
            and cuts.stage = series.trade_stage
            and cuts.year = series.year
    inner join production
        on
            series.production_source = production.source
            and series.mineral_id = production.mineral_id
            and series.production_stage = production.stage
            and series.production_basis = production.basis
            and series.year = production.year
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

final as (
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
)

select * from final
