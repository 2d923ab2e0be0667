-- How concentrated each country's suppliers of a mineral are, at each stage.
-- One row per source x importer_iso3 x mineral_id x stage x year.
-- Supplier HHI (0-10,000), top supplier and CR3 use value shares of identified countries;
-- imports from unspecified areas are a residual (unspecified_share), not a supplier.
-- The concentration maths: the shared macros (macros/concentration.sql).
-- importer_iso3 'EU27': the EU members as one importer (is_importer_aggregate,
-- fct_bilateral_dependence).
with

bilateral as (
    select * from {{ ref('fct_bilateral_dependence') }}
),

areas as (
    select * from {{ ref('dim_country') }}
),

ranked as (
    select
        bilateral.*,
        areas.is_country as supplier_is_country,
        row_number() over (
            partition by
                bilateral.source,
                bilateral.importer_iso3,
                bilateral.mineral_id,
                bilateral.stage,
                bilateral.year,
                areas.is_country
            order by bilateral.value_usd desc nulls last, bilateral.supplier_iso3 asc
        ) as supplier_rank
    from bilateral
    left join areas on bilateral.supplier_iso3 = areas.country_iso3
),

final as (
    select
        source,
        importer_iso3,
        mineral_id,
        stage,
        year,
        any_value(is_importer_aggregate) as is_importer_aggregate,
        any_value(importer_members_count) as importer_members_count,
        sum(value_usd) as import_value_usd,
        sum(quantity_t) as import_quantity_t,
        sum(mirror_value_usd) / nullif(sum(value_usd), 0) as mirror_value_share,
        count(*) filter (where supplier_is_country and value_usd > 0) as n_suppliers,
        {{ hhi('value_share', 'supplier_is_country') }} as supplier_hhi,
        {{ top_iso3('supplier_iso3', 'supplier_rank', 'supplier_is_country') }}
            as top_supplier_iso3,
        {{ cr_n('value_share', 'supplier_rank', 1, 'supplier_is_country') }}
            as top_supplier_share,
        {{ cr_n('value_share', 'supplier_rank', 3, 'supplier_is_country') }} as top3_share,
        {{ country_share('value_share', 'supplier_iso3', 'CHN', zero_if_absent=true) }}
            as china_share,
        coalesce(sum(value_share) filter (where not supplier_is_country), 0)
            as unspecified_share,
        bool_or(includes_shared_codes) as includes_shared_codes,
        -- the source's coverage of the mineral-stage-year (dim_trade_coverage)
        {{ trade_coverage_kept() }}
    from ranked
    group by source, importer_iso3, mineral_id, stage, year
)

select
    *,
    {{ hhi_band_2023('supplier_hhi') }} as supplier_hhi_band_merger_2023
from final
