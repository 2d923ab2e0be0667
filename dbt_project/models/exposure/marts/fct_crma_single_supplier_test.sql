-- The Critical Raw Materials Act benchmark (Regulation (EU) 2024/1252, Art. 5(1)(d): by 2030
-- no more than 65% of the Union's annual consumption of each strategic raw material, at any
-- relevant stage of processing, from a single third country), read on direct imports and on
-- their embedded origin.
-- One row per source x importer_iso3 x mineral_id x stage x year, for the importers of the
-- dbt var crma_importers (EU27, USA, JPN, KOR, CHN: each side reads its own number).
--   largest_supplier_share: the value share (fct_bilateral_dependence) of the largest single
--     third country in all the importer's imports. A third country: for EU27 a non-member of
--     the year (int_trade__eu27_members), for the others any other country; unspecified
--     areas are no country.
--   passes_direct: largest_supplier_share <= dbt var crma_max_single_country_share (0.65);
--     null when no third country is identified.
--   largest_origin_share, passes_embedded: the same test on the embedded origin (the
--     largest third-country origin in fct_embedded_origin_share at the last hop).
--   consumption_basis 'imports': the share is of imports, not of consumption (no consumption
--     series per stage; production + imports - exports is a later refinement).
{% set importers_sql = "'" ~ var('crma_importers') | join("', '") ~ "'" %}
with

bilateral as (
    select * from {{ ref('fct_bilateral_dependence') }}
    where importer_iso3 in ({{ importers_sql }})
),

areas as (
    select * from {{ ref('dim_country') }}
),

eu27_members as (
    select * from {{ ref('int_trade__eu27_members') }}
),

strategic as (
    select * from {{ ref('crma_strategic_raw_materials') }}
),

importer_totals as (
    select
        source,
        importer_iso3,
        mineral_id,
        stage,
        year,
        any_value(is_importer_aggregate) as is_importer_aggregate,
        any_value(importer_members_count) as importer_members_count,
        sum(value_usd) as import_value_usd,
        {{ trade_coverage_kept() }}
    from bilateral
    group by source, importer_iso3, mineral_id, stage, year
),

third_country_suppliers as (
    select bilateral.*
    from bilateral
    inner join areas on bilateral.supplier_iso3 = areas.country_iso3
    where
        areas.is_country
        and not exists (
            select 1 from eu27_members
            where
                bilateral.importer_iso3 = 'EU27'
                and eu27_members.year = bilateral.year
                and eu27_members.country_iso3 = bilateral.supplier_iso3
        )
),

-- the largest single third-country supplier, direct imports
largest_direct as (
    select
        source,
        importer_iso3,
        mineral_id,
        stage,
        year,
        supplier_iso3 as largest_supplier_iso3,
        value_usd as largest_supplier_value_usd,
        value_share as largest_supplier_share
    from third_country_suppliers
    qualify row_number() over (
        partition by source, importer_iso3, mineral_id, stage, year
        order by value_usd desc nulls last, supplier_iso3 asc
    ) = 1
),

-- the largest single third-country origin, embedded: the importer's imports traced back
-- embedded_origin_max_hops hops (fct_embedded_origin_share): what a third country mined or
-- refined, wherever it was bought
largest_embedded as (
    select
        origin.source,
        origin.importer_iso3,
        origin.mineral_id,
        origin.stage,
        origin.year,
        origin.origin_iso3 as largest_origin_iso3,
        origin.origin_share as largest_origin_share
    from {{ ref('fct_embedded_origin_share') }} as origin
    where
        origin.hops = {{ embedded_origin_max_hops() }}
        and origin.importer_iso3 in ({{ importers_sql }})
        and origin.origin_is_country
        and origin.origin_iso3 != origin.importer_iso3
        and not exists (
            select 1 from eu27_members
            where
                origin.importer_iso3 = 'EU27'
                and eu27_members.year = origin.year
                and eu27_members.country_iso3 = origin.origin_iso3
        )
    qualify row_number() over (
        partition by
            origin.source, origin.importer_iso3, origin.mineral_id, origin.stage, origin.year
        order by origin.origin_share desc, origin.origin_iso3 asc
    ) = 1
),

final as (
    select
        importer_totals.source,
        importer_totals.importer_iso3,
        importer_totals.mineral_id,
        importer_totals.stage,
        importer_totals.year,
        importer_totals.is_importer_aggregate,
        importer_totals.importer_members_count,
        importer_totals.import_value_usd,
        largest_direct.largest_supplier_iso3,
        largest_direct.largest_supplier_value_usd,
        largest_direct.largest_supplier_share,
        cast({{ var("crma_max_single_country_share") }} as double) as max_single_country_share,
        largest_direct.largest_supplier_share
        <= {{ var('crma_max_single_country_share') }} as passes_direct,
        largest_embedded.largest_origin_iso3,
        largest_embedded.largest_origin_share,
        largest_embedded.largest_origin_share
        <= {{ var('crma_max_single_country_share') }} as passes_embedded,
        'imports' as consumption_basis,
        strategic.mineral_id is not null as is_strategic_raw_material,
        strategic.annex_i_entry as crma_annex_i_entry,
        importer_totals.hs6_codes,
        importer_totals.hs6_codes_missing,
        importer_totals.is_partial_coverage,
        importer_totals.completeness,
        importer_totals.is_default_series
    from importer_totals
    left join largest_direct
        using (source, importer_iso3, mineral_id, stage, year)
    left join largest_embedded
        using (source, importer_iso3, mineral_id, stage, year)
    left join strategic on importer_totals.mineral_id = strategic.mineral_id
)

select * from final
