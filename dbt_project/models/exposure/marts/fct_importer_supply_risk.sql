-- Governance-weighted supply risk of each importer. One row per source (trade) x
-- importer_iso3 x mineral_id x stage (trade stage) x year.
-- The production side is the world production series of the trade stage
-- (int_exposure__production_series: the matching production stage from the first
-- production source in the dbt var governance_production_sources that has that year).
--   GeoPolRisk (geopolrisk-py): import_risk = sum(q_i x g_i) / (domestic production +
--     imports), g_i = min(1, (2.5 - PV_i) / 5); geopolrisk_score = geopolrisk_hhi x
--     import_risk. Suppliers without a quantity or a WGI are left out of the numerator and
--     reported (quantity_share_without_wgi).
--   EU CRM: hhi_wgi_sourcing = sum of value_share^2 x wgi_scaled_eu over the importer's
--     suppliers; import_reliance = (imports - exports) / (production + imports - exports)
--     in t, clamped to 0-1; supply_risk_eu = (hhi_wgi_global x IR/2 + hhi_wgi_sourcing x
--     (1 - IR/2)) x (1 - EOL_RIR) x SI with the parameters of seeds/exposure/
--     supply_risk_parameters.csv (sr_parameter_source names the row used).
-- A country absent from the production series (or left blank in it) is taken to produce 0
-- (is_domestic_production_assumed_zero). A country listed without a number (USGS W:
-- withheld, NA...) is not: its domestic production, import risk, GeoPolRisk score, import
-- reliance and SR are null (US barite, bauxite, titanium sponge: USGS publishes ">75",
-- not 100). Without a production series they are null too. Every null GeoPolRisk score
-- and import reliance says why (geopolrisk_score_null_reason, import_reliance_null_reason;
-- the null convention of docs/metrics.md).
-- importer_iso3 'EU27' (is_importer_aggregate): its sourcing (hhi_wgi_sourcing) is computed
-- from its extra-EU imports; its domestic production (the members' summed) and extra-EU
-- exports are not, so import reliance, GeoPolRisk and SR are null with that reason.
{#- The importer is listed in the production series: with a number or a code saying one
    exists (W: withheld, NA: not available); a blank cell (flag 'missing': no number, no
    code, e.g. WMD's US nickel before 2014) says nothing and counts as absent. -#}
{% set is_listed -%}
    (domestic.country_iso3 is not null and coalesce(domestic.value_flag, '') != 'missing')
{%- endset %}
with

bilateral as (
    select * from {{ ref('fct_bilateral_dependence') }}
    where {{ reports_quantities(ref('fct_bilateral_dependence')) }}
),

wgi as (
    select * from {{ ref('int_exposure__wgi_by_country_year') }}
),

governance as (
    select * from {{ ref('fct_governance_risk') }}
),

production as (
    select * from {{ ref('int_exposure__production_shares') }}
    where is_primary_basis
),

series as (
    select * from {{ ref('int_exposure__production_series') }}
),

flows as (
    select * from {{ ref('int_trade__mineral_flows') }}
),

parameters as (
    select * from {{ ref('supply_risk_parameters') }}
),

default_parameters as (
    select * from parameters
    where mineral_id = '*'
),

production_series as (
    select
        series.mineral_id,
        series.trade_stage,
        series.year,
        series.production_source,
        series.production_stage,
        series.production_basis,
        governance.hhi_wgi as hhi_wgi_global,
        governance.geopolrisk_hhi,
        governance.is_wgi_complete as is_global_wgi_complete
    from series
    inner join governance
        on
            series.production_source = governance.source
            and series.mineral_id = governance.mineral_id
            and series.production_stage = governance.stage
            and series.year = governance.year
),

suppliers as (
    select
        bilateral.*,
        wgi.wgi_scaled_eu,
        wgi.geopolrisk_weight
    from bilateral
    left join wgi on bilateral.supplier_iso3 = wgi.country_iso3 and bilateral.year = wgi.year
),

sourcing as (
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
        sum(quantity_t * geopolrisk_weight) as geopolrisk_numerator,
        {{ hhi_wgi('value_share', 'wgi_scaled_eu') }} as hhi_wgi_sourcing,
        coalesce(sum(value_share) filter (where wgi_scaled_eu is null), 0)
            as value_share_without_wgi,
        coalesce(sum(quantity_share) filter (where geopolrisk_weight is null), 0)
            as quantity_share_without_wgi,
        bool_or(includes_shared_codes) as includes_shared_codes,
        {{ trade_coverage_kept() }}
    from suppliers
    group by source, importer_iso3, mineral_id, stage, year
),

own_exports as (
    select
        source,
        exporter_iso3,
        mineral_id,
        trade_stage,
        year,
        sum(quantity_t) as export_quantity_t
    from flows
    group by source, exporter_iso3, mineral_id, trade_stage, year
),

joined as (
    select
        sourcing.*,
        production_series.production_source,
        production_series.production_stage,
        production_series.production_basis,
        production_series.hhi_wgi_global,
        production_series.geopolrisk_hhi,
        production_series.is_global_wgi_complete,
        coalesce(own_exports.export_quantity_t, 0) as export_quantity_t,
        case
            -- an aggregate importer (EU27): its members' production is not summed
            when sourcing.is_importer_aggregate then null
            -- listed without a number (W, NA): unknown, never zero
            when {{ is_listed }} then domestic.quantity
            when production_series.production_source is not null then 0.0
        end as domestic_production_t,
        not {{ is_listed }}
        and sourcing.is_importer_aggregate is not true
        and production_series.production_source is not null
            as is_domestic_production_assumed_zero,
        case
            when sourcing.is_importer_aggregate
                then
                    'aggregate importer (EU27): members'' production and extra-EU exports '
                    || 'not summed'
            when {{ is_listed }} and domestic.quantity is null
                then
                    case domestic.value_flag
                        when 'withheld' then 'domestic production withheld (W)'
                        else
                            'domestic production listed without a number ('
                            || coalesce(domestic.value_flag, 'blank') || ')'
                    end
        end as domestic_production_null_reason,
        coalesce(own_parameters.eol_rir, default_parameters.eol_rir) as eol_rir,
        coalesce(own_parameters.substitution_index, default_parameters.substitution_index)
            as substitution_index,
        case
            when own_parameters.mineral_id is not null then 'mineral: ' || own_parameters.source
            else 'default (*): ' || default_parameters.source
        end as sr_parameter_source
    from sourcing
    left join production_series
        on
            sourcing.mineral_id = production_series.mineral_id
            and sourcing.stage = production_series.trade_stage
            and sourcing.year = production_series.year
    left join production as domestic
        on
            production_series.production_source = domestic.source
            and production_series.mineral_id = domestic.mineral_id
            and production_series.production_stage = domestic.stage
            and production_series.production_basis = domestic.basis
            and production_series.year = domestic.year
            and sourcing.importer_iso3 = domestic.country_iso3
    left join own_exports
        on
            sourcing.source = own_exports.source
            and sourcing.importer_iso3 = own_exports.exporter_iso3
            and sourcing.mineral_id = own_exports.mineral_id
            and sourcing.stage = own_exports.trade_stage
            and sourcing.year = own_exports.year
    left join parameters as own_parameters on sourcing.mineral_id = own_parameters.mineral_id
    cross join default_parameters
),

with_reliance as (
    select
        *,
        {{ geopolrisk_import_risk(
            'geopolrisk_numerator', 'domestic_production_t', 'import_quantity_t'
        ) }} as geopolrisk_import_risk,
        case
            when production_source is null or import_quantity_t is null then null
            -- net exporter: no reliance
            when import_quantity_t - export_quantity_t <= 0 then 0.0
            -- apparent consumption not positive (gross-weight trade beside contained
            -- production): no meaningful ratio
            -- listed without a number (W, NA): unknown (least() would skip the null)
            when domestic_production_t is null then null
            when domestic_production_t + import_quantity_t - export_quantity_t <= 0 then null
            else
                least(
                    1.0,
                    (import_quantity_t - export_quantity_t)
                    / (domestic_production_t + import_quantity_t - export_quantity_t)
                )
        end as import_reliance,
        case
            when production_source is null
                then 'no world production series for this trade stage and year'
            when import_quantity_t is null then 'no import quantity (t) in the trade records'
            when import_quantity_t - export_quantity_t <= 0 then null
            when domestic_production_null_reason is not null then domestic_production_null_reason
            when domestic_production_t + import_quantity_t - export_quantity_t <= 0
                then 'apparent consumption not positive (imports - exports + production <= 0)'
        end as import_reliance_null_reason
    from joined
),

final as (
    select
        *,
        geopolrisk_hhi * geopolrisk_import_risk as geopolrisk_score,
        case
            when geopolrisk_hhi is not null and geopolrisk_import_risk is not null then null
            when production_source is null
                then 'no world production series for this trade stage and year'
            when geopolrisk_hhi is null then 'no world production HHI (no shares computable)'
            when domestic_production_null_reason is not null then domestic_production_null_reason
            when import_quantity_t is null then 'no import quantity (t) in the trade records'
            when geopolrisk_numerator is null
                then 'no supplier with both a quantity (t) and a governance weight (WGI)'
            else 'no domestic production or imports (t)'
        end as geopolrisk_score_null_reason,
        {{ eu_supply_risk(
            'hhi_wgi_global', 'hhi_wgi_sourcing', 'import_reliance', 'eol_rir',
            'substitution_index'
        ) }} as supply_risk_eu
    from with_reliance
)

select * from final
