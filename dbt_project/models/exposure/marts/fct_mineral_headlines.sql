-- Headlines for both sides, per critical mineral (USGS 2022 or 2025 list): China's share
-- and rank at each stage and measure we have, whether it leads, the MSP and BRICS shares
-- beside it, and the export controls on the mineral in force on the dbt var
-- exposure_as_of_date (default 2026-01-01). One row per mineral_id x stage x measure, for
-- the latest year of that series.
-- Ranks count identified countries only (not "Other countries" or unspecified areas);
-- concentration maths from the shared macros (macros/concentration.sql).
-- Null convention (docs/metrics.md): china_share is 0 for an exports measure China is not
-- among (trade records show none) and null, with china_share_null_reason, for a
-- production measure whose source does not list China or gives no number for it; MSP and
-- BRICS shares likewise (msp_share_null_reason, brics_share_null_reason).
-- is_world_total_below_listed: the production source's rounded world total is below the
-- sum of the listed countries, so china_share, top_share, the bloc shares (up to 1.03)
-- and hhi (up to 10,000.6) may pass 1 and 10,000 slightly, as USGS's own shares would.
-- price_*: the mineral's latest complete annual price (fct_mineral_prices_annual), nominal,
-- in price_unit; on a tie of years the price source preferred first (registry order), then
-- the series code; null when no price source covers the mineral.
{% set as_of = var('exposure_as_of_date') %}
with

supply as (
    select * from {{ ref('int_exposure__supply_shares') }}
    where is_country
),

blocs as (
    select * from {{ ref('fct_bloc_share') }}
    where bloc_id in ('MSP', 'BRICS')
),

minerals as (
    select * from {{ ref('dim_mineral') }}
    where is_usgs_critical_2022 or is_usgs_critical_2025
),

controls as (
    select * from {{ ref('stg_reference__export_controls') }}
),

prices as (
    select * from {{ ref('fct_mineral_prices_annual') }}
    where is_complete_year
),

latest_price as (
    select
        mineral_id,
        year as price_year,
        price_nominal as price_usd,
        unit as price_unit,
        source as price_source
    from prices
    qualify row_number() over (
        partition by mineral_id
        order by
            year desc,
            case source
                {%- for source in registered_sources('price') %}
                    when '{{ source }}' then {{ loop.index }}
                {%- endfor %}
            end,
            series
    ) = 1
),

scope as (
    select * from {{ ref('export_control_scope') }}
    where link in ('hs_codes', 'material')
),

latest as (
    select
        supply.*,
        row_number() over (
            partition by supply.measure, supply.mineral_id, supply.stage, supply.year
            order by supply.share desc nulls last, supply.country_iso3 asc
        ) as supplier_rank
    from supply
    inner join minerals on supply.mineral_id = minerals.mineral_id
    qualify supply.year = max(supply.year) over (
        partition by supply.measure, supply.mineral_id, supply.stage
    )
),

stats as (
    select
        mineral_id,
        stage,
        measure,
        year,
        any_value(source) as source,
        any_value(basis) as basis,
        {{ hhi('share') }} as hhi,
        {{ top_iso3('country_iso3', 'supplier_rank') }} as top_iso3,
        {{ cr_n('share', 'supplier_rank', 1) }} as top_share,
        case
            when any_value(measure_kind) = 'exports'
                then {{ country_share('share', 'country_iso3', 'CHN', zero_if_absent=true) }}
            else {{ country_share('share', 'country_iso3', 'CHN') }}
        end as china_share,
        case
            when any_value(measure_kind) = 'production'
                then
                    {{ country_share_null_reason(
                        'share', 'country_iso3', 'quantity', 'value_flag', 'CHN'
                    ) }}
        end as china_share_null_reason,
        bool_or(is_world_total_below_listed) as is_world_total_below_listed,
        max(supplier_rank) filter (where country_iso3 = 'CHN' and share > 0) as china_rank,
        bool_or(is_shared) as includes_shared_codes
    from latest
    group by mineral_id, stage, measure, year
),

controls_as_of as (
    select
        scope.mineral_id,
        string_agg(distinct controls.control_id, ' ' order by controls.control_id) filter (
            where controls.country_iso3 = 'CHN'
        ) as china_controls_in_force,
        string_agg(distinct controls.control_id, ' ' order by controls.control_id)
            as all_controls_in_force
    from scope
    inner join controls on scope.control_id = controls.control_id
    where
        controls.in_force_from <= date '{{ as_of }}'
        and (controls.in_force_until is null or controls.in_force_until > date '{{ as_of }}')
    group by scope.mineral_id
),

coverage as (
    select * from {{ ref('dim_trade_coverage') }}
),

final as (
    select
        stats.mineral_id,
        minerals.mineral_name,
        stats.stage,
        stats.measure,
        stats.source,
        stats.basis,
        stats.year,
        stats.china_share,
        stats.china_share_null_reason,
        stats.china_rank,
        coalesce(stats.china_rank = 1, false) as china_leads,
        stats.top_iso3,
        stats.top_share,
        stats.hhi,
        {{ hhi_band_2023('stats.hhi') }} as hhi_band_merger_2023,
        msp.share as msp_share,
        case
            when msp.share is null
                then coalesce(msp.share_null_reason, 'no MSP membership that year')
        end as msp_share_null_reason,
        brics.share as brics_share,
        case
            when brics.share is null
                then coalesce(brics.share_null_reason, 'no BRICS membership that year')
        end as brics_share_null_reason,
        stats.is_world_total_below_listed,
        controls_as_of.china_controls_in_force is not null as china_control_in_force,
        controls_as_of.china_controls_in_force,
        controls_as_of.all_controls_in_force,
        date '{{ as_of }}' as controls_as_of_date,
        stats.includes_shared_codes,
        -- the trade source's coverage, for exports measures (null for production measures)
        {{ trade_coverage_columns('coverage') }},
        latest_price.price_year,
        latest_price.price_usd,
        latest_price.price_unit,
        latest_price.price_source
    from stats
    inner join minerals on stats.mineral_id = minerals.mineral_id
    left join blocs as msp
        on
            msp.bloc_id = 'MSP'
            and stats.measure = msp.measure
            and stats.mineral_id = msp.mineral_id
            and stats.stage = msp.stage
            and stats.year = msp.year
    left join blocs as brics
        on
            brics.bloc_id = 'BRICS'
            and stats.measure = brics.measure
            and stats.mineral_id = brics.mineral_id
            and stats.stage = brics.stage
            and stats.year = brics.year
    left join controls_as_of on stats.mineral_id = controls_as_of.mineral_id
    left join coverage
        on
            stats.measure = 'exports_' || coverage.source
            and stats.mineral_id = coverage.mineral_id
            and stats.stage = coverage.stage
            and stats.year = coverage.year
    left join latest_price on stats.mineral_id = latest_price.mineral_id
)

select * from final
